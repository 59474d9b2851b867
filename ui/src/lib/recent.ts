// Recent sites, one click away: newest first, at most five, one entry per site (the engine's
// normalized URL decides what "the same site" is), stored on this computer only.
import { KEYS, readJson, remove, writeJson } from "./storage";

export const MAX_RECENT = 5;
export type RecentSite = { input: string; url: string };

function valid(v: unknown): v is RecentSite {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as RecentSite).input === "string" &&
    typeof (v as RecentSite).url === "string" &&
    (v as RecentSite).input.trim() !== ""
  );
}

export function loadRecent(): RecentSite[] {
  const raw = readJson(KEYS.recent);
  return Array.isArray(raw) ? raw.filter(valid).slice(0, MAX_RECENT) : [];
}

const sameSite = (a: RecentSite, b: RecentSite) =>
  a.url.toLowerCase() === b.url.toLowerCase() || a.input.trim().toLowerCase() === b.input.trim().toLowerCase();

/** Puts a site first (replacing any older entry for it) and returns the new list. */
export function rememberSite(input: string, url: string): RecentSite[] {
  const entry = { input: input.trim(), url };
  if (!entry.input) return loadRecent();
  const list = [entry, ...loadRecent().filter((r) => !sameSite(r, entry))].slice(0, MAX_RECENT);
  writeJson(KEYS.recent, list);
  return list;
}

export function clearRecent(): RecentSite[] {
  remove(KEYS.recent);
  return [];
}
