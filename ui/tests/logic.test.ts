import { afterEach, expect, test } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { asUiError, checkSite } from "../src/lib/ipc";
import { applyEvent, checkLabel, systemAddresses, verdictSentence, type Row } from "../src/lib/view";
import { t } from "../src/lib/i18n";
import { diagnosis } from "./fixtures";

afterEach(() => clearMocks());

test("asUiError keeps known shapes and turns everything else into internal", () => {
  expect(asUiError({ code: "bad_input", message: "m", reason: "empty" })).toEqual({
    code: "bad_input",
    message: "m",
    reason: "empty",
  });
  expect(asUiError({ code: "busy", message: "x", reason: "bogus" })).toEqual({ code: "busy", message: "x" });
  expect(asUiError({ code: "nope" }).code).toBe("internal");
  expect(asUiError("raw string")).toEqual({ code: "internal", message: "raw string" });
  expect(asUiError(new Error("boom"))).toEqual({ code: "internal", message: "boom" });
  expect(asUiError(null).code).toBe("internal");
});

test("checkSite sends camelCase args with a Channel", async () => {
  let seen: Record<string, unknown> = {};
  mockIPC((cmd, args) => {
    seen = { cmd, ...(args as object) };
    return diagnosis;
  });
  await expect(checkSite("example.com", () => {})).resolves.toEqual(diagnosis);
  expect(seen.cmd).toBe("check_site");
  expect(seen.input).toBe("example.com");
  expect(typeof (seen.onEvent as { id: unknown }).id).toBe("number");
});

test("repeated check ids are matched by subject, in order", () => {
  let rows: Row[] = [];
  rows = applyEvent(rows, { kind: "started", id: "dns.alternate", subject: "1.1.1.1" });
  rows = applyEvent(rows, { kind: "started", id: "dns.alternate", subject: "9.9.9.9" });
  rows = applyEvent(rows, {
    kind: "finished",
    check: { id: "dns.alternate", subject: "9.9.9.9", status: "fail", elapsed_ms: 5, detail: {} },
  });
  expect(rows.map((r) => r.status)).toEqual(["running", "fail"]);
  // A finish without a start is kept, not dropped.
  rows = applyEvent(rows, {
    kind: "finished",
    check: { id: "environment.hosts", status: "pass", elapsed_ms: 1, detail: {} },
  });
  expect(rows).toHaveLength(3);
});

test("labels and sentences fall back gracefully", () => {
  expect(checkLabel("dns.system")).toBe(t("check.dns.system"));
  expect(checkLabel("something.new")).toBe(t("check.other"));
  const d = { ...diagnosis, verdict: "up" as const, culprit: "ipv6" as const };
  expect(verdictSentence(d)).toBe(t("verdict.up", { host: "example.com" }));
  expect(systemAddresses(diagnosis)).toEqual(["198.51.100.80", "2001:db8::80"]);
});
