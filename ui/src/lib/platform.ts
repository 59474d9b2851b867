// What the user's computer is, and the exact keys and commands for it. The app runs in a web
// view, so its own user agent says which OS this is, but never which browser the user opens
// sites with: keys are shown for every browser that exists on that OS.
import type { MessageKey } from "./i18n";

export type Os = "windows" | "macos" | "linux";
export type OsGuess = Os | "unknown";
export type Browser = "chrome" | "edge" | "firefox" | "safari";
export const ALL_OS: readonly Os[] = ["windows", "macos", "linux"];

type NavigatorLike = { userAgent?: string; platform?: string; userAgentData?: { platform?: string } };

export function detectOs(nav: NavigatorLike | undefined = typeof navigator === "undefined" ? undefined : navigator): OsGuess {
  if (!nav) return "unknown";
  const s = `${nav.userAgentData?.platform ?? ""} ${nav.platform ?? ""} ${nav.userAgent ?? ""}`.toLowerCase();
  // Order matters: "darwin" contains "win", and Android contains "linux".
  if (/mac|darwin/.test(s)) return "macos";
  if (/windows|win32|win64/.test(s)) return "windows";
  if (/android|iphone|ipad/.test(s)) return "unknown";
  if (/linux|x11|cros|bsd/.test(s)) return "linux";
  return "unknown";
}

export function browsersFor(os: Os): Browser[] {
  return os === "macos" ? ["safari", "chrome", "edge", "firefox"] : ["chrome", "edge", "firefox"];
}

/** The browser the key tables know, from the fix room's detection (`other` and unknown: none). */
export function knownBrowser(kind: string | undefined): Browser | null {
  return kind === "chrome" || kind === "edge" || kind === "firefox" || kind === "safari" ? kind : null;
}

/** A key combination is a list of catalogue keys for the key names, pressed together. */
export type Combo = MessageKey[];

export function hardRefreshKeys(os: Os, browser: Browser): Combo[] {
  if (os === "macos") {
    return browser === "safari" ? [["key.cmd", "key.option", "key.r"]] : [["key.cmd", "key.macShift", "key.r"]];
  }
  return [
    ["key.ctrl", "key.shift", "key.r"],
    ["key.ctrl", "key.f5"],
  ];
}

export function clearCacheKeys(os: Os, browser: Browser): Combo {
  if (os === "macos") return browser === "safari" ? ["key.cmd", "key.option", "key.e"] : ["key.cmd", "key.macShift", "key.macDelete"];
  return ["key.ctrl", "key.shift", "key.del"];
}

export function copyKeys(os: OsGuess): Combo {
  return os === "macos" ? ["key.cmd", "key.c"] : ["key.ctrl", "key.c"];
}

/** The command that empties the OS's DNS cache, as the user pastes it. */
export function flushDnsCommand(os: Os): string {
  switch (os) {
    case "windows":
      return "ipconfig /flushdns";
    case "macos":
      return "sudo dscacheutil -flushcache; sudo killall -HUP mDNSResponder";
    case "linux":
      return "sudo resolvectl flush-caches";
  }
}

/** Chrome's and Edge's own DNS cache pages. */
export const BROWSER_DNS_PAGES = ["chrome://net-internals/#dns", "edge://net-internals/#dns"] as const;

/** Firefox's: it keeps its own DNS cache too (Safari uses the system's). */
export const FIREFOX_DNS_PAGE = "about:networking#dns";

/** Public resolvers to suggest when the evidence offers none we can use. */
export const PUBLIC_RESOLVERS = ["1.1.1.1", "8.8.8.8"] as const;
