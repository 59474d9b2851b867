// The fix room's decisions for the screens, as pure functions: which public DNS service to
// offer, which action a button sends, and which sentence a result gets. The words themselves
// are in the catalogues, keyed by the result's codes.
import { t, type MessageKey, type Params } from "./i18n";
import { DNS_PRESETS } from "./catalogue/brands";
import type { Action, ActionResult, Diagnosis, FixContext, ResolverPreset } from "./types";

/** The steps where Site Doctor can do the fix itself; the written steps stay as the fallback. */
export const ACTION_STEPS = ["flush_dns", "use_alternate_resolver"] as const;

/** The preset offered when this run's evidence does not point at one. */
export const DEFAULT_PRESET: ResolverPreset = "cloudflare";

/**
 * The public DNS service to offer: the first one (best first) that found the site in this run,
 * else Cloudflare. Only the fix room's own presets are ever offered.
 */
export function presetFor(d: Diagnosis, ctx: FixContext): ResolverPreset {
  for (const ip of d.evidence.working_resolvers) {
    const hit = ctx.presets.find((p) => p.servers.includes(ip));
    if (hit) return hit.preset;
  }
  return DEFAULT_PRESET;
}

/** The addresses of a preset, primary first ("" when the fix room did not list it). */
export function presetServers(ctx: FixContext, preset: ResolverPreset): string[] {
  return ctx.presets.find((p) => p.preset === preset)?.servers ?? [];
}

/** What the switch button sends; null when there is no adapter to name (then: written steps). */
export function switchAction(ctx: FixContext | null, preset: ResolverPreset): Action | null {
  return ctx?.adapter ? { kind: "switch_resolver", adapter: ctx.adapter, preset } : null;
}

/** The sentence for a result, as a catalogue key and its values. */
export function resultWords(r: ActionResult): { key: MessageKey; params: Params } {
  const o = r.outcome;
  const adapter = r.action.kind === "switch_resolver" ? r.action.adapter : (r.snapshot ? snapshotAdapter(r) : "");
  switch (o.kind) {
    case "done": {
      const name = r.action.kind === "switch_resolver" ? DNS_PRESETS[r.action.preset] : "";
      return { key: `act.done_${r.action.kind}`, params: { adapter, name } };
    }
    case "nothing_to_do":
      return { key: `act.nothing_${o.why}`, params: {} };
    case "cancelled":
      return { key: "act.cancelled", params: {} };
    case "refused": {
      const reason = o.reason;
      if (reason.code === "dns_managed") return { key: `act.managed_${reason.by}`, params: {} };
      if (reason.code === "vpn_active") return { key: "act.refused_vpn_active", params: { interface: reason.interface } };
      if (reason.code === "undo_pending_elsewhere") {
        return { key: "act.refused_undo_pending_elsewhere", params: { adapter: reason.adapter } };
      }
      return { key: `act.refused_${reason.code}`, params: { adapter } };
    }
    case "failed":
      return { key: `act.failed_${o.code.code}`, params: { status: o.code.code === "exit_status" ? o.code.status : "" } };
  }
}

function snapshotAdapter(r: ActionResult): string {
  const s = r.snapshot;
  if (!s) return "";
  switch (s.manager) {
    case "netsh":
      return s.adapter;
    case "networksetup":
      return s.service;
    case "network_manager":
      return s.device;
    case "resolved":
      return s.ifname;
  }
}

/** The adapter a pending undo would restore, for the start screen's reminder. */
export function pendingAdapter(ctx: FixContext | null): string | null {
  const s = ctx?.pending_undo;
  return s ? snapshotAdapter({ action: { kind: "undo_resolver_switch" }, outcome: { kind: "done" }, ran: [], snapshot: s }) : null;
}

/** How the result looks: good news, nothing to do, or a problem the user should read. */
export function resultTone(r: ActionResult): "pass" | "info" | "warn" {
  const k = r.outcome.kind;
  return k === "done" ? "pass" : k === "nothing_to_do" || k === "cancelled" ? "info" : "warn";
}

/** Each program or call that ran, as one line for the help desk: argv, then exit or timeout. */
export function ranLines(r: ActionResult): string[] {
  return r.ran.map((x) => {
    const status = x.timed_out ? ` (${t("act.timedOut")})` : x.exit_code === undefined ? "" : ` (${t("act.exit", { code: x.exit_code })})`;
    return `${x.argv.join(" ")}${status}`;
  });
}
