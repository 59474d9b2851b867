// "I run this site": the owner's own check from the Answer screen, its findings in words, and the
// escalation kit for the host.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import App from "../src/App.svelte";
import { t } from "../src/lib/i18n";
import { parsePaths } from "../src/lib/owner";
import { channelSender, downCloudflare, ownerCloudflare, streamAll } from "./fixtures";
import { byId, submit, visibleText } from "./helpers";

afterEach(() => {
  cleanup();
  clearMocks();
  localStorage.clear();
});

test("pages are paths separated by spaces or commas, each starting with /", () => {
  expect(parsePaths("/ /api/health,/static/app.css")).toEqual(["/", "/api/health", "/static/app.css"]);
  expect(parsePaths("api/health")).toBeNull();
  expect(parsePaths(Array(9).fill("/").join(" "))).toBeNull();
});

test("the owner tests pages and the origin; the window shows the pattern, the origin beside the edge, and the kit", async () => {
  const sent: unknown[] = [];
  const reports: unknown[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "render_report") {
      const r = (args as { request: { diagnosis: { evidence: { owner?: unknown } } } }).request;
      reports.push(r);
      // The report is of the owner's run, with its findings.
      expect(r.diagnosis.evidence.owner).toBeTruthy();
      return "report";
    }
    if (cmd !== "check_site") return;
    const a = args as { onEvent: unknown; owner?: unknown };
    sent.push(a.owner ?? null);
    return streamAll(channelSender(a.onEvent), a.owner ? ownerCloudflare : downCloudflare);
  });
  render(App);
  await submit("shop.example.com");
  await waitFor(() => byId("result"));
  // Closed, and no owner's check before the owner asks.
  expect(byId<HTMLDetailsElement>("owner").open).toBe(false);
  byId<HTMLDetailsElement>("owner").open = true;
  const paths = byId<HTMLInputElement>("owner-paths");
  await fireEvent.input(paths, { target: { value: "api/health" } });
  await fireEvent.click(byId("owner-run"));
  expect(visibleText()).toContain(t("owner.badPath"));
  expect(sent).toEqual([null]);
  await fireEvent.input(paths, { target: { value: "/ /api/health" } });
  await fireEvent.input(byId("owner-origin"), { target: { value: "198.51.100.90" } });
  await fireEvent.click(byId("owner-run"));
  await waitFor(() => byId("owner-routes"));
  expect(sent[1]).toEqual({ paths: ["/", "/api/health"], origin: "198.51.100.90" });
  const text = visibleText();
  expect(text).toContain(t("owner.routeAll", { path: "/", n: 6 }));
  expect(text).toContain(t("owner.routeSome", { path: "/api/health", failed: 3, n: 6, percent: 50 }));
  expect(text).toContain(t("owner.alternating"));
  const edge = t("owner.edge", { who: "Cloudflare" });
  expect(text).toContain(t("owner.edgeFailsOriginWorks", { origin: "200", edge, edgeStatus: "502" }));
  const kit = byId("owner-kit").textContent ?? "";
  expect(kit).toContain("2026-11-21T14:00:00Z");
  expect(kit).toContain("2026-11-21T14:00:04Z");
  expect(kit).toContain("cf-ray: 8c1e2f3a4b5c6d02-AMS");
  expect(kit).toContain("shop.example.com | 502: Bad gateway");
  expect(kit).toContain(t("owner.sendToHost", { who: "Cloudflare" }));
  // The page's title only: raw markup and the rest of the body never reach the screen.
  expect(visibleText()).not.toContain("RAW-BODY-MARKER");
  // The kit goes to the clipboard as the engine's report of the owner's run.
  await fireEvent.click(byId("owner-copy"));
  await waitFor(() => expect(byId("owner-copy-feedback").dataset.state).not.toBe(""));
  expect(reports).toHaveLength(1);
  // The answer above stays what a visitor sees.
  expect(byId("result").dataset.verdict).toBe("down_for_everyone");
});

test("the owner's DNS check reads as where the old answer is, and the chain to the CDN", async () => {
  const { dnsLines } = await import("../src/lib/owner");
  const view = (server: string, answers: string[], cname: string[] = []) => ({ server, answers, cname });
  const stale = dnsLines({
    zone: "example.test",
    authoritative: [view("ns1.example.test (203.0.113.8:53)", ["198.51.100.80"])],
    public: [view("203.0.113.1:53", ["198.51.100.80"])],
    system: view("203.0.113.53:53", ["198.51.100.81"]),
    chain: [],
    reading: "local_differs",
  });
  expect(stale.reading).toContain("This computer's DNS still gives an old answer (198.51.100.81)");
  expect(stale.source).toBe("At the source, example.test's authoritative servers: ns1.example.test (203.0.113.8:53): 198.51.100.80");
  expect(stale.chain).toBeNull();
  const cdn = dnsLines({
    zone: "example.test",
    authoritative: [view("ns1", [], ["shop.example.test.cdn.cloudflare.net"])],
    public: [],
    chain: ["shop.example.test.cdn.cloudflare.net"],
    cdn: "cloudflare",
    reading: "consistent",
  });
  expect(cdn.source).toContain("ns1: CNAME shop.example.test.cdn.cloudflare.net");
  expect(cdn.chain).toBe("The name points (CNAME) to shop.example.test.cdn.cloudflare.net (Cloudflare)");
  expect(dnsLines({ authoritative: [], public: [], chain: [], reading: "unknown" }).source).toBeNull();
});

test("the owner panel shows the DNS reading, the source and the chain", async () => {
  const OwnerPanel = (await import("../src/components/OwnerPanel.svelte")).default;
  const d = structuredClone(ownerCloudflare);
  d.evidence.owner!.dns = {
    zone: "example.com",
    authoritative: [{ server: "ns1.example.com (198.51.100.53:53)", answers: [], cname: ["shop.example.com.cdn.cloudflare.net"] }],
    public: [{ server: "203.0.113.1:53", answers: ["198.51.100.20"], cname: ["shop.example.com.cdn.cloudflare.net"] }],
    chain: ["shop.example.com.cdn.cloudflare.net"],
    cdn: "cloudflare",
    reading: "consistent",
  };
  const { container } = render(OwnerPanel, { props: { diagnosis: d } });
  const dns = container.querySelector<HTMLElement>("#owner-dns");
  expect(dns?.dataset.reading).toBe("consistent");
  expect(dns?.textContent).toContain(t("owner.dnsConsistent"));
  expect(dns?.textContent).toContain("ns1.example.com (198.51.100.53:53): CNAME shop.example.com.cdn.cloudflare.net");
  expect(dns?.textContent).toContain("(Cloudflare)");
});
