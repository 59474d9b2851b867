// One catalogue keyed by code, complete in English, Spanish and German; the language follows
// the OS until the user picks one, and the pick is remembered.
import { afterEach, expect, test } from "vitest";
import { cleanup, fireEvent, render, waitFor } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import App from "../src/App.svelte";
import {
  LANGUAGES,
  catalogues,
  chooseLanguage,
  detectLanguage,
  flatten,
  formatDateTime,
  formatTime,
  initLanguage,
  locale,
  setLocale,
  t,
} from "../src/lib/i18n";
import { KEYS } from "../src/lib/storage";
import { downCloudflare } from "./fixtures";
import { answerWith, byId, submit } from "./helpers";

afterEach(() => {
  cleanup();
  clearMocks();
  localStorage.clear();
  setLocale(["en"]);
});

const english = flatten(catalogues.en);
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test("English, Spanish and German are the languages, and each has every key", () => {
  expect([...LANGUAGES]).toEqual(["en", "es", "de"]);
  for (const lang of LANGUAGES) {
    const keys = flatten(catalogues[lang]);
    const missing = [...english.keys()].filter((k) => !keys.has(k));
    const extra = [...keys.keys()].filter((k) => !english.has(k));
    expect(missing, `language "${lang}" is missing keys`).toEqual([]);
    expect(extra, `language "${lang}" has keys English lacks`).toEqual([]);
  }
});

test("the completeness check fails when a code lacks a language", () => {
  const broken = structuredClone(catalogues.es) as unknown as Record<string, Record<string, string>>;
  delete broken.sentence["just_you.vpn"];
  const keys = flatten(broken);
  expect([...english.keys()].filter((k) => !keys.has(k))).toEqual(["sentence.just_you.vpn"]);
});

test("no sentence is empty, and every translation keeps the same {placeholders}", () => {
  for (const lang of LANGUAGES) {
    for (const [key, text] of flatten(catalogues[lang])) {
      expect(text.trim(), `${lang}:${key}`).not.toBe("");
      expect(placeholders(text), `${lang}:${key}`).toEqual(placeholders(english.get(key) ?? ""));
    }
  }
});

test("translations are translations: no sentence left in English", () => {
  const sameByDesign = new Set<string>();
  for (const lang of ["es", "de"] as const) {
    const cat = flatten(catalogues[lang]);
    const same = [...cat]
      .filter(([k, v]) => english.get(k) === v && v.split(" ").length > 3 && !sameByDesign.has(k))
      .map(([k]) => k);
    expect(same, `${lang} sentences left in English`).toEqual([]);
  }
});

test("every outcome the rules can decide has its own sentence, and nothing else does", () => {
  // The type check holds the keys to the generated Outcome union; this pins its size and shape.
  const outcomes = Object.keys(catalogues.en.sentence);
  expect(outcomes).toHaveLength(26);
  const verdicts = Object.keys(catalogues.en.verdict);
  for (const o of outcomes) expect(verdicts, o).toContain(o.split(".")[0]);
});

test("the language follows the OS: first supported tag wins, English otherwise", () => {
  expect(detectLanguage(["fr-FR", "es-MX", "de"])).toBe("es");
  expect(detectLanguage(["de_AT"])).toBe("de");
  expect(detectLanguage(["xx-YY"])).toBe("en");
  expect(detectLanguage([])).toBe("en");
  setLocale(["xx-YY"]);
  expect(t("answer.httpStatus", { code: 404 })).toBe("Status 404");
  expect(t("verdict.up", { host: "example.com" })).toBe("It's working: example.com opens fine from here.");
  setLocale(["de-DE"]);
  expect(t("ask.question")).toBe("Welche Website lädt nicht?");
});

test("a remembered choice wins over the OS", () => {
  localStorage.setItem(KEYS.language, JSON.stringify("es"));
  initLanguage();
  expect(locale.lang).toBe("es");
  localStorage.setItem(KEYS.language, JSON.stringify("klingon"));
  setLocale(["de"]);
  initLanguage();
  expect(locale.lang).toBe(detectLanguage(navigator.languages));
});

test("the switcher changes every word on screen at once, keeps the place, and is remembered", async () => {
  answerWith(downCloudflare);
  render(App);
  await submit("shop.example.com");
  await waitFor(() => byId("result"));
  const select = byId<HTMLSelectElement>("language-select");
  expect(select.value).toBe("en");
  expect(document.querySelector('label[for="language-select"]')?.textContent).toBe("Language");
  await fireEvent.change(select, { target: { value: "es" } });
  expect(byId("answer-title").textContent).toBe(catalogues.es.probably["down_for_everyone.origin"].replace("{host}", "shop.example.com"));
  expect(document.documentElement.lang).toBe("es");
  expect(JSON.parse(localStorage.getItem(KEYS.language) ?? "null")).toBe("es");
  await fireEvent.change(select, { target: { value: "de" } });
  expect(byId("wait-button").textContent).toBe(catalogues.de.answer.waitAndRecheck);
  expect(byId("result")).toBeTruthy();
  chooseLanguage("en");
});

test("dates and times follow the app's language, not the OS locale", () => {
  const at = "2026-11-21T14:05:00Z";
  locale.lang = "de";
  expect(formatDateTime(at, "long")).toMatch(/November 2026/);
  locale.lang = "es";
  expect(formatDateTime(at, "long")).toMatch(/noviembre de 2026/);
  expect(formatTime(new Date(at))).toMatch(/^\d{2}:\d{2}$/);
  locale.lang = "en";
  expect(formatDateTime(at, "long")).toMatch(/November 21, 2026/);
  expect(formatDateTime("not a date")).toBe("not a date");
});

test("Spanish is Spain's, addressing the user as tú; German addresses the user as Sie throughout", () => {
  const es = [...flatten(catalogues.es).values()].join("\n");
  // Latin American words and usted forms would mix variants.
  for (const word of [/computador/i, /celular/i, /\busted\b/i, /\b(Pulse|Abra|Haga|Elija|Asegúrese)\b/, /\bsu ordenador\b/i]) {
    expect(es, String(word)).not.toMatch(word);
  }
  expect(es).toMatch(/\bordenador\b/);
  expect(es).toMatch(/\bmóvil\b/);
  const de = [...flatten(catalogues.de).values()].join("\n");
  for (const word of [/\b(du|dein|deine|deinen|dir|dich)\b/i, /\b(folge|klicke|öffne|drücke|wähle)\b/, /IT-Team/]) {
    expect(de, String(word)).not.toMatch(word);
  }
});
