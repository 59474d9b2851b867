import { expect, test } from "vitest";
import { browsersFor, clearCacheKeys, copyKeys, detectOs, hardRefreshKeys } from "../src/lib/platform";

test("the OS is read from the user agent and platform, never mistaking Darwin for Windows", () => {
  const ua = (userAgent: string, platform = "") => detectOs({ userAgent, platform });
  expect(ua("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Edg/120.0", "Win32")).toBe("windows");
  expect(ua("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15", "MacIntel")).toBe("macos");
  expect(ua("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko)", "Linux x86_64")).toBe("linux");
  expect(ua("Darwin")).toBe("macos");
  expect(ua("Mozilla/5.0 (Linux; Android 14)")).toBe("unknown");
  expect(ua("")).toBe("unknown");
  expect(detectOs({ userAgentData: { platform: "Windows" } })).toBe("windows");
  expect(detectOs({})).toBe("unknown");
});

test("keys per OS and browser", () => {
  expect(browsersFor("windows")).toEqual(["chrome", "edge", "firefox"]);
  expect(browsersFor("macos")).toContain("safari");
  expect(hardRefreshKeys("linux", "firefox")).toEqual([
    ["key.ctrl", "key.shift", "key.r"],
    ["key.ctrl", "key.f5"],
  ]);
  expect(hardRefreshKeys("macos", "safari")).toEqual([["key.cmd", "key.option", "key.r"]]);
  expect(clearCacheKeys("windows", "edge")).toEqual(["key.ctrl", "key.shift", "key.del"]);
  expect(clearCacheKeys("macos", "firefox")).toEqual(["key.cmd", "key.macShift", "key.macDelete"]);
  expect(copyKeys("macos")).toEqual(["key.cmd", "key.c"]);
  expect(copyKeys("unknown")).toEqual(["key.ctrl", "key.c"]);
});
