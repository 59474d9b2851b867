// Every sentence a person reads comes from one catalogue keyed by code (see ./catalogue), in
// English, Spanish and German. The language follows the OS (navigator.languages) until the user
// picks one in the switcher, which is then remembered.
import { en, type Catalogue } from "./catalogue/en";
import { es } from "./catalogue/es";
import { de } from "./catalogue/de";
import { locale, type Lang } from "./locale.svelte";
import { KEYS, readJson, writeJson } from "./storage";

export type { Catalogue, Lang };
export { locale };

export const LANGUAGES: readonly Lang[] = ["en", "es", "de"];
export const catalogues: Record<Lang, Catalogue> = { en, es, de };

/** Every valid key, e.g. "ask.check" or "verdict.up". */
export type MessageKey = {
  [S in keyof Catalogue]: `${S & string}.${keyof Catalogue[S] & string}`;
}[keyof Catalogue];
export type Params = Record<string, string | number>;

/** Flattens a catalogue into "section.key" → sentence, for lookups and the completeness test. */
export function flatten(cat: Catalogue | Record<string, Record<string, string>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [section, entries] of Object.entries(cat)) {
    for (const [key, text] of Object.entries(entries as Record<string, unknown>)) {
      if (typeof text === "string") out.set(`${section}.${key}`, text);
    }
  }
  return out;
}

const flat: Record<Lang, Map<string, string>> = { en: flatten(en), es: flatten(es), de: flatten(de) };

function isLang(v: unknown): v is Lang {
  return typeof v === "string" && (LANGUAGES as readonly string[]).includes(v);
}

/** The first of the user's preferred languages that we have, else English. */
export function detectLanguage(preferred: readonly string[]): Lang {
  for (const tag of preferred) {
    const lang = tag.toLowerCase().split(/[-_]/)[0];
    if (isLang(lang)) return lang;
  }
  return "en";
}

/** Follows the OS preference (not remembered). */
export function setLocale(preferred: readonly string[]): void {
  locale.lang = detectLanguage(preferred);
}

/** The user picked a language in the switcher: use it and remember it. */
export function chooseLanguage(lang: Lang): void {
  locale.lang = lang;
  writeJson(KEYS.language, lang);
}

/** At start: the remembered choice, else the OS languages. */
export function initLanguage(): void {
  const stored = readJson(KEYS.language);
  if (isLang(stored)) locale.lang = stored;
  else if (typeof navigator !== "undefined") setLocale(navigator.languages ?? [navigator.language]);
}

function fill(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function has(key: string): boolean {
  return flat.en.has(key);
}

/** Looks a key up in the active language, falling back to English. */
export function t(key: MessageKey, params?: Params): string {
  return fill(flat[locale.lang].get(key) ?? flat.en.get(key) ?? key, params);
}

/** For keys built from engine codes: the first candidate that exists wins. */
export function tFirst(candidates: readonly string[], fallback: MessageKey, params?: Params): string {
  const key = candidates.find(has) as MessageKey | undefined;
  return t(key ?? fallback, params);
}

/** Keys `prefix.1`, `prefix.2`, … that exist, in order: numbered instructions. */
export function numbered(prefix: string): MessageKey[] {
  const out: MessageKey[] = [];
  for (let i = 1; has(`${prefix}.${i}`); i++) out.push(`${prefix}.${i}` as MessageKey);
  return out;
}

/** A time of day in the app's language (not the OS locale's): "15:04", "3:04 PM". */
export function formatTime(d: Date): string {
  return new Intl.DateTimeFormat(locale.lang, { hour: "2-digit", minute: "2-digit" }).format(d);
}

/** A date and time in the app's language; the text itself when it is not a date. */
export function formatDateTime(iso: string, style: "medium" | "long" = "medium"): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(locale.lang, { dateStyle: style, timeStyle: "short" }).format(d);
}

initLanguage();
