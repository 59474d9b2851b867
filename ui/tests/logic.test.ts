import { afterEach, expect, test } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { asUiError, checkSite } from "../src/lib/ipc";
import { applyEvent, checkLabel, groupOf, groupRows, groupState, outcomeKey, verdictSentence, type Row } from "../src/lib/view";
import { checkResult, identifiers, resolversToSuggest } from "../src/lib/evidence";
import { PUBLIC_RESOLVERS } from "../src/lib/platform";
import type { CheckId, Culprit, Diagnosis, NextStep } from "../src/lib/types";
import { fixPlan, helpers, outcomeOf } from "../src/lib/wizard";
import { has, t } from "../src/lib/i18n";
import { diagnosis, downCloudflare, inconclusive, justYouDns, up } from "./fixtures";

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
  await expect(checkSite("example.com", true, () => {})).resolves.toEqual(diagnosis);
  expect(seen.cmd).toBe("check_site");
  expect(seen.input).toBe("example.com");
  expect(seen.vantage).toBe(true);
  expect(typeof (seen.onEvent as { id: unknown }).id).toBe("number");
});

test("repeated check ids are matched by subject, in order", () => {
  let rows: Row[] = [];
  rows = applyEvent(rows, { kind: "started", id: "dns.alternate", subject: "1.1.1.1" });
  rows = applyEvent(rows, { kind: "started", id: "dns.alternate", subject: "9.9.9.9" });
  rows = applyEvent(rows, {
    kind: "finished",
    check: { id: "dns.alternate" as const, subject: "9.9.9.9", status: "fail", elapsed_ms: 5, detail: {} },
  });
  expect(rows.map((r) => r.status)).toEqual(["running", "fail"]);
  expect(rows[1].started).toBe(true);
  // A finish without a start is kept, not dropped.
  rows = applyEvent(rows, {
    kind: "finished",
    check: { id: "environment.hosts", status: "pass", elapsed_ms: 1, detail: {} },
  });
  expect(rows).toHaveLength(3);
  expect(rows[2].started).toBeUndefined();
});

test("checks fall into the groups a person thinks in", () => {
  expect(groupOf("connectivity.probe")).toBe("connection");
  expect(groupOf("environment.route")).toBe("connection");
  expect(groupOf("dns.alternate")).toBe("dns");
  expect(groupOf("site.connection")).toBe("server");
  expect(groupOf("vantage.check_host")).toBe("vantage");
  // A check a newer engine sends, that this build has no group for yet.
  expect(groupOf("future.thing" as CheckId)).toBe("other");
  expect(groupRows([]).map((g) => g.id)).toEqual(["connection", "dns", "server"]);
  expect(groupState([])).toBe("pending");
  const a: CheckId = "dns.system";
  expect(groupState([{ id: a, status: "pass" }, { id: a, status: "running" }])).toBe("running");
  expect(groupState([{ id: a, status: "pass" }, { id: a, status: "warn" }, { id: a, status: "skipped" }])).toBe("warn");
  expect(groupState([{ id: a, status: "skipped" }])).toBe("skipped");
});

test("labels and sentences fall back gracefully", () => {
  expect(checkLabel("dns.system")).toBe(t("checkName.dns.system"));
  expect(checkLabel("something.new" as CheckId)).toBe(t("checkName.other"));
  expect(outcomeKey(justYouDns)).toBe("just_you.dns_resolver");
  expect(verdictSentence(up)).toBe(t("sentence.up.none", { host: "shop.example.com" }));
  // A pair the rules never decide (a newer engine's) still gets its verdict's sentence.
  const d = { ...diagnosis, verdict: "up" as const, culprit: "ipv6" as const };
  expect(verdictSentence(d)).toBe(t("verdict.up", { host: "example.com" }));
});

test("who served the page and its request ids come from the engine's evidence, with plain labels", () => {
  const answer = downCloudflare.evidence.answer;
  expect(answer?.served_by).toEqual({ name: "Cloudflare", gateway: true });
  expect(
    identifiers({
      request_ids: [
        { header: "cf-ray", value: "abc-AMS" },
        { header: "x-cache", value: "Error from cloudfront" },
        { header: "x-new-id", value: "42" },
      ],
    }),
  ).toEqual([
    { label: t("header.cf-ray"), value: "abc-AMS" },
    { label: t("header.x-cache"), value: "Error from cloudfront" },
    // A header the catalogue has no label for keeps its own name.
    { label: "x-new-id", value: "42" },
  ]);
  expect(identifiers(undefined)).toEqual([]);
});

test("the fix plan keeps the engine's order (what fixes the culprit first) and skips what was tried", () => {
  expect(fixPlan(justYouDns)).toEqual(["use_alternate_resolver", "flush_dns", "restart_router"]);
  expect(fixPlan(justYouDns, ["use_alternate_resolver"])).toEqual(["flush_dns", "restart_router"]);
  expect(fixPlan(up)).toEqual(["refresh_page", "clear_browser_cache"]);
  expect(fixPlan(inconclusive)).toEqual(["wait_and_retry", "try_other_network"]);
  // "Wait and refresh" is one step, however the engine names it; a tried refresh counts for both.
  expect(fixPlan({ ...up, next_steps: ["wait_and_retry", "refresh_page", "clear_browser_cache"] })).toEqual([
    "refresh_page",
    "clear_browser_cache",
  ]);
  expect(fixPlan({ ...up, next_steps: ["wait_and_retry", "clear_browser_cache"] }, ["refresh_page"])).toEqual(["clear_browser_cache"]);
  expect(fixPlan(downCloudflare)).toEqual([]);
});

// The engine's next steps per culprit (rules/outcome.rs) and the step the wizard opens with.
const FIRST_STEP: [Culprit, NextStep[], NextStep | undefined][] = [
  ["dns_resolver", ["use_alternate_resolver", "flush_dns", "restart_router", "contact_isp"], "use_alternate_resolver"],
  ["dns_stale", ["flush_dns", "use_alternate_resolver", "restart_router"], "flush_dns"],
  ["dns_hijack", ["flush_dns", "use_alternate_resolver", "ask_network_admin"], "flush_dns"],
  ["dns_blocked", ["ask_network_admin", "use_alternate_resolver"], "use_alternate_resolver"],
  ["cdn_edge", ["flush_dns", "use_alternate_resolver", "wait_and_retry"], "flush_dns"],
  ["hosts_file", ["remove_hosts_entry", "flush_dns"], "remove_hosts_entry"],
  ["vpn", ["disable_vpn", "ask_network_admin"], "disable_vpn"],
  ["proxy", ["disable_proxy", "ask_network_admin"], "disable_proxy"],
  ["path_mtu", ["disable_vpn", "restart_router", "contact_isp"], "disable_vpn"],
  ["captive_portal", ["sign_in_to_network", "try_other_network"], "sign_in_to_network"],
  ["clock_skew", ["set_clock_automatically", "refresh_page"], "set_clock_automatically"],
  ["no_network", ["check_connection", "restart_router", "try_other_network"], "check_connection"],
  ["network_path", ["restart_router", "try_other_network", "contact_isp"], "restart_router"],
  ["firewall", ["ask_network_admin", "try_other_network"], "try_other_network"],
  ["tls_interception", ["ask_network_admin", "try_other_network"], "try_other_network"],
];

test.each(FIRST_STEP)("the first fix step for %s", (culprit, next_steps, first) => {
  const d: Diagnosis = { ...justYouDns, verdict: "just_you", culprit, next_steps };
  expect(fixPlan(d)[0]).toBe(first);
});

test("the first step says why it is first, for the culprits whose order matters", () => {
  const ordered: Culprit[] = ["dns_resolver", "dns_stale", "dns_hijack", "cdn_edge", "hosts_file", "vpn", "proxy", "path_mtu", "captive_portal", "clock_skew"];
  for (const culprit of ordered) expect(has(`whyFirst.${culprit}`), culprit).toBe(true);
});

test("helpers and outcomes", () => {
  expect(helpers(justYouDns)).toEqual(["contact_isp"]);
  expect(outcomeOf(justYouDns, up)).toBe("fixed");
  expect(outcomeOf(up, up)).toBe("stillUp");
  expect(outcomeOf(justYouDns, justYouDns)).toBe("notFixed");
});

test("resolvers to suggest: the first two the engine found working, else well-known public ones", () => {
  expect(resolversToSuggest(justYouDns.evidence)).toEqual(["1.1.1.1", "8.8.8.8"]);
  const three = { ...justYouDns.evidence, working_resolvers: ["9.9.9.9", "1.1.1.1", "8.8.8.8"] };
  expect(resolversToSuggest(three)).toEqual(["9.9.9.9", "1.1.1.1"]);
  expect(resolversToSuggest(up.evidence)).toEqual([...PUBLIC_RESOLVERS]);
});

test("a check the run stopped waiting for reads as not needed, never as turned off", () => {
  const c = { id: "vantage.check_host" as const, subject: "check-host.net", status: "skipped" as const, elapsed_ms: 0, detail: { error: "not_needed" as const } };
  expect(checkResult(c)).toBe("Not needed: the answer was already clear.");
});

test("the headline claims no more than the confidence: down for everyone in full only when confirmed", () => {
  const host = { host: "shop.example.com" };
  expect(verdictSentence({ ...downCloudflare, confidence: "confirmed" })).toBe(t("sentence.down_for_everyone.origin", host));
  expect(verdictSentence({ ...downCloudflare, confidence: "likely" })).toBe(t("probably.down_for_everyone.origin", host));
  expect(verdictSentence({ ...downCloudflare, confidence: "unsure" })).toBe(t("probably.down_for_everyone.origin", host));
  // "Just you" keeps its sentence: how sure sits beside it.
  expect(verdictSentence(justYouDns)).toBe(t("sentence.just_you.dns_resolver", host));
});
