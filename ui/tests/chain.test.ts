// The answer's chain: which hop broke, from the diagnosis alone, for a CDN 502, a DNS failure
// and a VPN; and the other places' tally.
import { afterEach, expect, test } from "vitest";
import { cleanup, render } from "@testing-library/svelte";
import Chain from "../src/components/Chain.svelte";
import { chainOf, elsewhereOf, errorSeen, seenFrom, statusTroubleOf } from "../src/lib/chain";
import { t } from "../src/lib/i18n";
import { downCloudflare, justYouDns, justYouVpn, up } from "./fixtures";

afterEach(() => cleanup());

const states = (d: Parameters<typeof chainOf>[0]) => chainOf(d).map((l) => `${l.kind}:${l.state}`);

test("a 502 behind Cloudflare: everything up to Cloudflare works, the site's server does not", () => {
  expect(states(downCloudflare)).toEqual(["computer:ok", "network:ok", "dns:ok", "gateway:ok", "server:broken"]);
  const { container } = render(Chain, { props: { diagnosis: downCloudflare } });
  expect(container.querySelector('[data-link="gateway"]')?.textContent).toContain("Cloudflare");
  // The status code is tied to what the user saw, and to who sent it.
  const note = container.querySelector("#chain-note")?.textContent?.trim();
  expect(note).toBe(t("chain.fromGateway", { error: "502 Bad Gateway", who: "Cloudflare" }));
  expect(note).toContain("The 502 Bad Gateway you saw came from Cloudflare, not from you");
  // The tally of the other places, as a link into "What we saw".
  expect(container.querySelector("#chain-elsewhere")?.textContent).toContain(t("chain.elsewhereLink"));
  expect(container.querySelector("#chain-elsewhere")?.textContent).toContain("2 of 2 places couldn't open it.");
  expect(container.querySelector<HTMLElement>("#chain-elsewhere")?.dataset.state).toBe("broken");
});

test("a 5xx with no gateway in front came from the site's own server", () => {
  const plain = structuredClone(downCloudflare);
  delete plain.evidence.answer!.served_by;
  expect(seenFrom(plain)).toEqual({ code: 502, error: "502 Bad Gateway", who: null });
  const { container } = render(Chain, { props: { diagnosis: plain } });
  expect(container.querySelector("#chain-note")?.textContent?.trim()).toBe(t("chain.fromServer", { error: "502 Bad Gateway" }));
  expect(errorSeen(599)).toBeNull();
  // A site that works showed no error page: nothing to place.
  expect(seenFrom(up)).toBeNull();
});

test("a DNS failure breaks at the address book; the site's server works for everyone else", () => {
  expect(states(justYouDns)).toEqual(["computer:ok", "network:ok", "dns:broken", "server:ok"]);
  const { container } = render(Chain, { props: { diagnosis: justYouDns } });
  expect(container.querySelector("#chain-note")?.textContent).toBe(t("chainBroken.dns"));
});

test("a VPN shows as its own hop, broken", () => {
  const links = chainOf(justYouVpn);
  expect(links.find((l) => l.kind === "vpn")).toMatchObject({ state: "broken", name: "wg0" });
  expect(chainOf(up).every((l) => l.state === "ok")).toBe(true);
});

test("the other places' tally counts those that could not open it", () => {
  const e = elsewhereOf(downCloudflare);
  expect(e && e.total).toBeGreaterThan(0);
  expect(elsewhereOf(justYouDns)?.failed ?? 0).toBeLessThanOrEqual(elsewhereOf(justYouDns)?.total ?? 0);
});

test("the CDN's own status page reporting trouble where the site is served is told under the chain", () => {
  const d = structuredClone(downCloudflare);
  const started = new Date(Date.now() - 7 * 60_000);
  started.setSeconds(0, 0);
  const incident = {
    name: "Elevated 502 errors in Amsterdam",
    status: "identified",
    started_at: started.toISOString(),
    components: ["Amsterdam, Netherlands - (AMS)"],
  };
  d.evidence.status = [
    { provider: "cloudflare", page: "https://www.cloudflarestatus.com", read: true, region: "AMS", place: "Amsterdam, Netherlands", trouble: [incident], other_incidents: 2 },
  ];
  expect(statusTroubleOf(d)).toEqual({ who: "Cloudflare", place: "Amsterdam, Netherlands", since: incident.started_at, incident: incident.name });
  const { container } = render(Chain, { props: { diagnosis: d } });
  const line = container.querySelector("#chain-status")?.textContent?.trim() ?? "";
  expect(line).toContain("Cloudflare reports trouble in Amsterdam, Netherlands since ");
  expect(line).toContain("“Elevated 502 errors in Amsterdam”");
  // Nothing that concerns the site (incidents elsewhere only): no line at all.
  d.evidence.status[0]!.trouble = [];
  expect(statusTroubleOf(d)).toBeNull();
  cleanup();
  expect(render(Chain, { props: { diagnosis: d } }).container.querySelector("#chain-status")).toBeNull();
  // An incident not at this location is told without a place.
  d.evidence.status[0]!.trouble = [{ ...incident, components: [] }];
  expect(statusTroubleOf(d)?.place).toBeNull();
});
