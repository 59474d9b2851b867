// `npm run test:a11y`: every screen of the wizard, with a mocked engine, in headless Debian
// Chromium (never a downloaded browser), light and dark, audited by axe-core: zero violations
// allowed. Also: the app's own CSP is enforced (inline styles would be refused and fail the run),
// no horizontal scrolling at the smallest window (640×520), and the browser may talk to
// 127.0.0.1 only. Screenshots of each screen go to ui/screenshots/{light,dark,es}/.
import { createServer } from "node:http";
import { readFile, mkdir, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { SCREENS } from "./screens.mjs";

const ui = fileURLToPath(new URL("..", import.meta.url));
const root = join(ui, "dist-a11y");
const shots = join(ui, "screenshots");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const csp = JSON.parse(await readFile(join(ui, "..", "src-tauri", "tauri.conf.json"), "utf8")).app.security.csp;

if (!existsSync(join(root, "a11y", "index.html"))) throw new Error("dist-a11y is missing: run `npm run test:a11y`");
if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);

// --- A static server on 127.0.0.1 only, sending the app's CSP. ---
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml" };
const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
  try {
    const body = await readFile(join(root, path));
    res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream", "content-security-policy": csp });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}/a11y/index.html`;

const axeSource = await readFile(join(ui, "node_modules", "axe-core", "axe.min.js"), "utf8");

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
  ],
});

const VARIANTS = [
  { name: "light", colorScheme: "light", lang: "en" },
  { name: "dark", colorScheme: "dark", lang: "en" },
  { name: "es", colorScheme: "light", lang: "es" },
];

// A11Y_ONLY=03 runs only the screens whose names start so (while working on one screen); the
// full run starts from an empty screenshot folder.
const only = process.env.A11Y_ONLY;
const screens = only ? SCREENS.filter(([name]) => name.startsWith(only)) : SCREENS;
if (!only) await rm(shots, { recursive: true, force: true });
const failures = [];
const offsite = [];
let audited = 0;

for (const variant of VARIANTS) {
  await mkdir(join(shots, variant.name), { recursive: true });
  const context = await browser.newContext({
    viewport: { width: 900, height: 720 },
    colorScheme: variant.colorScheme,
    reducedMotion: "reduce",
    locale: variant.lang === "es" ? "es-ES" : "en-US",
    permissions: ["clipboard-read", "clipboard-write"],
    serviceWorkers: "block",
  });
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1") return route.continue();
    offsite.push(url.href);
    return route.abort();
  });
  for (const [name, query, walk] of screens) {
    const page = await context.newPage();
    const problems = [];
    page.on("console", (m) => {
      if (m.type() === "error" || /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(String(e)));
    await page.goto(`${base}?scenario=${query}&lang=${variant.lang}`);
    await page.waitForSelector("#site-input, #result, #check");
    await walk(page);
    // Let focus moves and late paints settle.
    await page.waitForTimeout(150);
    await page.evaluate(axeSource);
    if (audited === 0) {
      // Canary: prove the audit can fail before trusting its silence.
      const caught = await page.evaluate(async () => {
        const img = document.createElement("img");
        img.id = "axe-canary";
        document.body.append(img);
        // eslint-disable-next-line no-undef
        const r = await axe.run("#axe-canary", { runOnly: ["image-alt"] });
        img.remove();
        return r.violations.length;
      });
      if (caught !== 1) throw new Error("axe-core did not report a known violation: the audit is not working");
    }
    const { violations } = await page.evaluate(() =>
      // eslint-disable-next-line no-undef
      axe.run(document, { resultTypes: ["violations"] }),
    );
    audited++;
    for (const v of violations) {
      failures.push(`${variant.name}/${name}: ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`);
    }
    for (const p of problems) failures.push(`${variant.name}/${name}: console: ${p}`);
    await page.screenshot({ path: join(shots, variant.name, `${name}.png`), fullPage: true });
    // The smallest window the app allows: nothing may need sideways scrolling. The Check
    // screen fits whole (no page scroll) there and at 1280×800; its list scrolls on its own.
    if (variant.name === "light") {
      const fits = name.startsWith("03");
      for (const [width, height] of fits ? [[1280, 800], [640, 520]] : [[640, 520]]) {
        await page.setViewportSize({ width, height });
        await page.waitForTimeout(50);
        const over = await page.evaluate(() => ({
          x: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          y: document.documentElement.scrollHeight - document.documentElement.clientHeight,
        }));
        if (over.x > 0) failures.push(`${variant.name}/${name}: ${over.x}px of horizontal scrolling at ${width}×${height}`);
        if (fits && over.y > 0) failures.push(`${variant.name}/${name}: ${over.y}px of page scrolling at ${width}×${height}`);
        if (fits) await page.screenshot({ path: join(shots, variant.name, `${name}-${width}x${height}.png`) });
      }
    }
    await page.close();
  }
  await context.close();
}

// --- Keyboard only: Enter submits, Tab reaches each action with a visible focus ring, and
// focus lands on each new step's heading. ---
{
  const context = await browser.newContext({ viewport: { width: 900, height: 720 }, reducedMotion: "reduce" });
  await context.route("**/*", (route) =>
    new URL(route.request().url()).hostname === "127.0.0.1" ? route.continue() : (offsite.push(route.request().url()), route.abort()),
  );
  const page = await context.newPage();
  await page.goto(`${base}?scenario=just_you&lang=en`);
  await page.waitForSelector("#site-input");
  const focused = () => page.evaluate(() => document.activeElement?.id ?? "");
  const ring = () =>
    page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
    });
  const expectFocus = async (id, what) => {
    const got = await focused();
    if (got !== id) failures.push(`keyboard: ${what}: focus is on #${got}, expected #${id}`);
  };
  await expectFocus("site-input", "at start");
  await page.keyboard.type("shop.example.com");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#result");
  await expectFocus("answer-title", "after the check");
  let reached = false;
  for (let i = 0; i < 12 && !reached; i++) {
    await page.keyboard.press("Tab");
    if ((await focused()) === "start-fix") reached = true;
  }
  if (!reached) failures.push("keyboard: Tab never reached #start-fix");
  else if (!(await ring())) failures.push("keyboard: #start-fix has no visible focus ring");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#fix-step");
  await expectFocus("fix-title", "on a fix step");
  reached = false;
  for (let i = 0; i < 20 && !reached; i++) {
    await page.keyboard.press("Tab");
    if ((await focused()) === "check-again") reached = true;
  }
  if (!reached) failures.push("keyboard: Tab never reached #check-again");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#step-outcome");
  await expectFocus("outcome-title", "after Check again");
  await context.close();
}

// --- Keyboard only, the first check ever: the question takes focus, Tab reaches both answers
// (with a focus ring), Enter on one runs the check with that answer. ---
{
  const context = await browser.newContext({ viewport: { width: 900, height: 720 }, reducedMotion: "reduce" });
  await context.route("**/*", (route) =>
    new URL(route.request().url()).hostname === "127.0.0.1" ? route.continue() : (offsite.push(route.request().url()), route.abort()),
  );
  const page = await context.newPage();
  await page.goto(`${base}?scenario=up&lang=en&vantage=ask`);
  await page.waitForSelector("#site-input");
  const focused = () => page.evaluate(() => document.activeElement?.id ?? "");
  const ring = () =>
    page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
    });
  await page.keyboard.type("shop.example.com");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#vantage-consent");
  if ((await focused()) !== "vantage-title") failures.push(`keyboard: the question: focus is on #${await focused()}, expected #vantage-title`);
  await page.keyboard.press("Tab");
  if ((await focused()) !== "vantage-allow") failures.push(`keyboard: Tab from the question reached #${await focused()}, not #vantage-allow`);
  else if (!(await ring())) failures.push("keyboard: #vantage-allow has no visible focus ring");
  await page.keyboard.press("Tab");
  if ((await focused()) !== "vantage-deny") failures.push(`keyboard: the next Tab reached #${await focused()}, not #vantage-deny`);
  else if (!(await ring())) failures.push("keyboard: #vantage-deny has no visible focus ring");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#result");
  const sent = await page.evaluate(() => window.vantageSent);
  if (JSON.stringify(sent) !== "[false]") failures.push(`keyboard: "No" sent vantage ${JSON.stringify(sent)}, expected [false]`);
  await context.close();
}

await browser.close();
server.close();

for (const url of offsite) failures.push(`the browser tried to reach ${url} (only 127.0.0.1 is allowed)`);
console.log(`a11y: ${audited} screen audits (${screens.length} screens × ${VARIANTS.map((v) => v.name).join("/")}), screenshots in ${shots}`);
if (failures.length) {
  console.error(failures.join("\n"));
  console.log(`${audited - new Set(failures.map((f) => f.split(":")[0])).size} passed, ${new Set(failures.map((f) => f.split(":")[0])).size} failed`);
  process.exit(1);
}
console.log(`${audited} passed, 0 failed`);
