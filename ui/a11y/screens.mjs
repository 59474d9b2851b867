// The screens `npm run test:a11y` audits and photographs (see run.mjs): each starts from a fresh
// load of the mocked app (?scenario=…) and walks there as a user would.
const click = (page, sel) => page.locator(sel).click();
const submit = async (page, site = "shop.example.com") => {
  await page.fill("#site-input", site);
  await click(page, "#check-button");
  await page.waitForSelector("#result");
};
export const SCREENS = [
  ["01-ask", "up&recent=1", async () => {}],
  ["02-ask-bad-input", "bad", async (p) => {
    await p.fill("#site-input", "shop example com");
    await click(p, "#check-button");
    await p.waitForSelector("#input-error");
  }],
  ["03-check", "hold", async (p) => {
    await p.fill("#site-input", "shop.example.com");
    await click(p, "#check-button");
    await p.waitForSelector('#check [data-status="running"]');
    await p.waitForSelector("#provisional .probably");
  }],
  ["03b-check-details", "hold", async (p) => {
    await p.fill("#site-input", "shop.example.com");
    await click(p, "#check-button");
    await p.waitForSelector("#provisional .probably");
    await click(p, "#check-details");
    await p.waitForSelector('#check-details[aria-expanded="true"]');
  }],
  ["04-answer-up", "up", (p) => submit(p)],
  ["05-answer-just-you", "just_you", (p) => submit(p)],
  ["05b-answer-vpn", "vpn", (p) => submit(p)],
  ["06-answer-down", "down", (p) => submit(p)],
  ["07-answer-down-what-we-saw", "down", async (p) => {
    await submit(p);
    await click(p, "details.seen > summary");
  }],
  ["07b-answer-owner", "down", async (p) => {
    await submit(p);
    await click(p, "details.owner > summary");
    await p.fill("#owner-paths", "/ /api/health");
    await p.fill("#owner-origin", "198.51.100.90");
    await click(p, "#owner-run");
    await p.waitForSelector("#owner-kit");
  }],
  ["08-fix-refresh", "up", async (p) => {
    await submit(p);
    await click(p, "#start-fix");
    await p.waitForSelector('#fix-step[data-step="refresh_page"]');
  }],
  ["09-fix-clear-cache", "up", async (p) => {
    await submit(p);
    await click(p, "#start-fix");
    await click(p, "#skip-step");
    await p.waitForSelector('#fix-step[data-step="clear_browser_cache"]');
  }],
  ["10-fix-flush-dns", "flush_first", async (p) => {
    await submit(p);
    await click(p, "#start-fix");
    await p.waitForSelector('#fix-step[data-step="flush_dns"]');
  }],
  ["10b-fix-flush-done", "flush_first", async (p) => {
    await submit(p);
    await click(p, "#start-fix");
    await click(p, "#fix-flush");
    await p.waitForSelector('#fix-result[data-outcome="done"]');
  }],
  ["10c-fix-do-it-yourself", "flush_first", async (p) => {
    await submit(p);
    await click(p, "#start-fix");
    await click(p, "#do-it-yourself > summary");
    await p.waitForSelector("#do-it-yourself[open] .copyfield");
  }],
  ["11-fix-not-fixed", "flush_first", async (p) => {
    await submit(p);
    await click(p, "#start-fix");
    await click(p, "#check-again");
    await p.waitForSelector('#step-outcome[data-fixed="false"]');
  }],
  ["12-fix-alternate-dns", "flush_first", async (p) => {
    await submit(p);
    await click(p, "#start-fix");
    await click(p, "#check-again");
    await click(p, "#next-step");
    await p.waitForSelector('#fix-step[data-step="use_alternate_resolver"]');
  }],
  ["12a-fix-switch-first", "just_you", async (p) => {
    await submit(p);
    await click(p, "#start-fix");
    await p.waitForSelector("#fix-switch");
  }],
  ["12b-fix-switched-undo", "just_you", async (p) => {
    await submit(p);
    await click(p, "#start-fix");
    await click(p, "#fix-switch");
    await p.waitForSelector("#fix-undo");
  }],
  ["01b-ask-pending-undo", "up&pending=1", async (p) => {
    await p.waitForSelector("#pending-undo-banner");
  }],
  ["13-fix-fixed", "fixed", async (p) => {
    await submit(p);
    await click(p, "#start-fix");
    await click(p, "#check-again");
    await p.waitForSelector('#step-outcome[data-fixed="true"]');
  }],
  ["14-fix-vpn", "vpn", async (p) => {
    await submit(p);
    await click(p, "#start-fix");
    await p.waitForSelector('#fix-step[data-step="disable_vpn"]');
  }],
  ["15-fix-proxy", "proxy", async (p) => {
    await submit(p);
    await click(p, "#start-fix");
    await p.waitForSelector('#fix-step[data-step="disable_proxy"]');
  }],
  ["16-fix-wait-inconclusive", "inconclusive", async (p) => {
    await submit(p);
    await click(p, "#start-fix");
    await p.waitForSelector('#fix-step[data-step="wait_and_retry"]');
  }],
  ["17-wait", "down", async (p) => {
    await submit(p);
    await click(p, "#wait-button");
    await p.waitForSelector('#fix-step[data-step="watch_until_back"] [role="timer"]');
  }],
  ["17b-wait-half-way", "down", async (p) => {
    await submit(p);
    // A fake clock from here on: half a minute passes at once, and the bar must show it.
    await p.clock.install();
    await click(p, "#wait-button");
    await p.waitForSelector('#fix-step [role="timer"]');
    await p.clock.runFor(30_000);
    await p.waitForFunction(() => document.querySelector('#fix-step [role="timer"]')?.textContent.includes("0:30"));
    const fill = await p.evaluate(() => document.querySelector("#fix-step .bar .fill")?.getAttribute("width"));
    if (fill !== "30") throw new Error(`the bar shows ${fill} of 60 seconds at 0:30`);
  }],
  ["18-wait-still-down", "down", async (p) => {
    await submit(p);
    await click(p, "#wait-button");
    await click(p, "#check-again");
    await p.waitForSelector('#step-outcome[data-fixed="false"]');
  }],
  ["19-wait-gave-up", "down", async (p) => {
    await submit(p);
    await click(p, "#wait-button");
    for (let i = 0; i < 5; i++) {
      await p.waitForSelector("#check-again:not([disabled])");
      await click(p, "#check-again");
    }
    await p.waitForSelector("#next-step");
  }],
  ["20-handoff", "down", async (p) => {
    await submit(p);
    await click(p, "#get-help");
    await p.waitForFunction(() => document.querySelector("#report-text")?.value.length > 0);
  }],
  ["21-handoff-copied", "just_you", async (p) => {
    await submit(p);
    await click(p, "#get-help");
    await p.waitForFunction(() => document.querySelector("#report-text")?.value.length > 0);
    await click(p, "#copy-report");
    await p.waitForSelector('#copy-feedback:is([data-state="copied"], [data-state="fallback"])');
  }],
  ["22-consent", "up&vantage=ask", async (p) => {
    await p.fill("#site-input", "shop.example.com");
    await click(p, "#check-button");
    await p.waitForSelector("#vantage-consent");
  }],
  ["23-ask-vantage-setting", "up&vantage=no&recent=1", async (p) => {
    await p.waitForSelector("#vantage-setting");
  }],
  ["24-consent-change", "up&vantage=yes", async (p) => {
    await click(p, "#vantage-setting");
    await p.waitForSelector("#vantage-current");
  }],
  ["25-answer-not-asked", "up&vantage=no", async (p) => {
    await submit(p);
    await click(p, "details.seen > summary");
    await p.waitForSelector('#result [data-group="vantage"] [data-check-id^="vantage."]');
  }],
];
