// Rust's English (the CLI's words, generated into words.en.json by `make bindings`) and the
// window's English catalogue are one vocabulary: neither side may word a key differently, or
// have a key the other lacks.
import { expect, test } from "vitest";
import { catalogues, flatten } from "../src/lib/i18n";
import words from "../src/lib/words.en.json";

const english = flatten(catalogues.en);
const rust = new Map(Object.entries(words as Record<string, string>));

/**
 * The catalogue sections Rust also words (the CLI's, the help-desk report's, the notification's);
 * `checkName.other` is the window's own fallback.
 */
const SHARED = ["checkName", "errorClass", "nextStep", "badInput", "sentence", "probably", "confidence", "confidenceNote", "stepTitle", "helpdesk", "verdict"];
const WINDOW_ONLY = new Set(["checkName.other"]);

test("every word Rust prints is the catalogue's, exactly", () => {
  const differ = [...rust]
    .filter(([key, text]) => english.get(key) !== text)
    .map(([key, text]) => ({ key, rust: text, window: english.get(key) }));
  expect(differ).toEqual([]);
});

test("every shared catalogue key has Rust's words too", () => {
  const shared = [...english.keys()].filter((k) => SHARED.includes(k.split(".")[0]) && !WINDOW_ONLY.has(k));
  expect(shared.length).toBeGreaterThan(0);
  expect(shared.filter((k) => !rust.has(k))).toEqual([]);
});
