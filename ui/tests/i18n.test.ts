import { expect, test } from "vitest";
import { catalogues, flatten, setLocale, t } from "../src/lib/i18n";

test("every language has every key English has", () => {
  const english = [...flatten(catalogues.en).keys()];
  for (const [lang, cat] of Object.entries(catalogues)) {
    const keys = flatten(cat);
    const missing = english.filter((k) => !keys.has(k));
    expect(missing, `language "${lang}" is missing keys`).toEqual([]);
  }
});

test("no sentence is empty", () => {
  for (const [lang, cat] of Object.entries(catalogues)) {
    for (const [key, text] of flatten(cat)) expect(text.trim(), `${lang}:${key}`).not.toBe("");
  }
});

test("parameters are filled in and unknown locales fall back to English", () => {
  setLocale(["xx-YY"]);
  expect(t("ui.httpStatus", { code: 404 })).toBe("Status 404");
  expect(t("verdict.up", { host: "example.com" })).toBe("example.com is up and working.");
  setLocale(["en"]);
});
