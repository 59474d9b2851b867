// Asking other places on the internet (Globalping, check-host.net) sends them the site's address,
// so the window asks once, before its first check, and remembers the answer on this computer.
// The engine names the services a check may ask; none (the configuration turns them off) means
// the question never comes up and nothing is asked.
import { KEYS, readJson, writeJson } from "./storage";

export type VantageState = {
  /** Host names from `vantage_services`, as the engine sent them. */
  services: string[];
  /** The user's answer: null until asked. */
  allowed: boolean | null;
};

/** Reactive, like the language: the setting line and the "not asked" sentences follow it. */
export const vantage = $state<VantageState>({ services: [], allowed: null });

function stored(): boolean | null {
  const v = readJson(KEYS.vantage);
  return typeof v === "boolean" ? v : null;
}

/** At start: the remembered answer, and no services until the engine has named them. */
export function initVantage(): void {
  vantage.services = [];
  vantage.allowed = stored();
}

export function setServices(hosts: readonly string[]): void {
  vantage.services = [...hosts];
}

/** The user answered the question (first time or "Change"): use it and remember it. */
export function chooseVantage(allowed: boolean): void {
  vantage.allowed = allowed;
  writeJson(KEYS.vantage, allowed);
}

/** Services exist and the user was never asked: ask before checking. */
export function needsConsent(): boolean {
  return vantage.services.length > 0 && vantage.allowed === null;
}

/** What `check_site` gets as `vantage`: yes only when there is someone to ask and the user agreed. */
export function askElsewhere(): boolean {
  return vantage.services.length > 0 && vantage.allowed === true;
}

/** The user said no (as opposed to the configuration turning the services off). */
export function declinedElsewhere(): boolean {
  return vantage.services.length > 0 && vantage.allowed === false;
}

export type ServiceAbout = "consent.aboutGlobalping" | "consent.aboutCheckHost" | "consent.aboutOther";
export type Service = { host: string; name: string; about: ServiceAbout };

const matches = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/** Each service once, by a name a person knows, with what it is (one line in the catalogue). */
export function describeServices(hosts: readonly string[]): Service[] {
  const unique = [...new Set(hosts.map((h) => h.trim().toLowerCase()).filter((h) => h !== ""))];
  return unique.map((host) => {
    if (matches(host, "globalping.io")) return { host, name: "Globalping", about: "consent.aboutGlobalping" };
    if (matches(host, "check-host.net")) return { host, name: "check-host.net", about: "consent.aboutCheckHost" };
    return { host, name: host, about: "consent.aboutOther" };
  });
}
