// The answer's chain: which hop broke, from the diagnosis alone, for a CDN 502, a DNS failure
// and a VPN; and the other places' tally.
import { afterEach, expect, test } from "vitest";
import { cleanup, render } from "@testing-library/svelte";
import Chain from "../src/components/Chain.svelte";
import { chainOf, elsewhereOf } from "../src/lib/chain";
import { t } from "../src/lib/i18n";
import { downCloudflare, justYouDns, justYouVpn, up } from "./fixtures";

afterEach(() => cleanup());

const states = (d: Parameters<typeof chainOf>[0]) => chainOf(d).map((l) => `${l.kind}:${l.state}`);

test("a 502 behind Cloudflare: everything up to Cloudflare works, the site's server does not", () => {
  expect(states(downCloudflare)).toEqual(["computer:ok", "network:ok", "dns:ok", "gateway:ok", "server:broken"]);
  const { container } = render(Chain, { props: { diagnosis: downCloudflare } });
  expect(container.querySelector('[data-link="gateway"]')?.textContent).toContain("Cloudflare");
  expect(container.querySelector("#chain-note")?.textContent).toBe(t("chain.fromGateway", { code: 502, who: "Cloudflare" }));
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
