// Only src/lib/ipc.ts may reach into Tauri, so the rest of the UI stays testable
// and the IPC surface can be audited in one file.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, test } from "vitest";

const SRC = join(__dirname, "..", "src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const isTest = (p: string) => /\.(test|spec)\.[jt]s$/.test(p);
const importsTauri = /(from\s+|import\s*\(?\s*|require\s*\(\s*)["']@tauri-apps\//;

test("only src/lib/ipc.ts imports @tauri-apps", () => {
  const offenders = files(SRC)
    .filter((p) => /\.(ts|js|svelte)$/.test(p) && !isTest(p))
    .filter((p) => importsTauri.test(readFileSync(p, "utf8")))
    .map((p) => relative(SRC, p).split("\\").join("/"));
  expect(offenders).toEqual(["lib/ipc.ts"]);
});

// Only the markup matters: <style> blocks compile to the external stylesheet.
const markup = (src: string) => src.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, "");
const CSP_UNSAFE = /\sstyle=|\sstyle:|\{@html|\s(transition|in|out|animate):/;

test("no inline styles or raw HTML in components (strict CSP)", () => {
  const offenders = files(SRC)
    .filter((p) => p.endsWith(".svelte"))
    .filter((p) => CSP_UNSAFE.test(markup(readFileSync(p, "utf8"))))
    .map((p) => relative(SRC, p));
  expect(offenders).toEqual([]);
});

test("the app's sources never reach the mock engine or test data (a11y/ and tests/ stay out of the bundle)", () => {
  const offenders = files(SRC)
    .filter((p) => /\.(ts|js|svelte)$/.test(p))
    .filter((p) => /from\s+["'](\.\.\/)+(a11y|tests)\//.test(readFileSync(p, "utf8")))
    .map((p) => relative(SRC, p));
  expect(offenders).toEqual([]);
  const config = readFileSync(join(__dirname, "..", "vite.config.ts"), "utf8");
  expect(config).not.toMatch(/a11y|mock/);
});
