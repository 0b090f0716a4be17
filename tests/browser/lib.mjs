// Shared helpers of the panel's browser tests: Debian's Chromium through playwright-core,
// a signed-in page per role, axe-core and console-error checks.
import { readFileSync, existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const BASE = process.env.POFUAI_BASE;
if (!BASE) {
  throw new Error("POFUAI_BASE is not set: run the tests with scripts/browser.sh");
}
export const DOCS_DIR = process.env.DOCS_DIR || new URL("../../docs", import.meta.url).pathname;

export const ACCOUNTS = {
  admin: { email: "yonetici@pofuai.demo", password: "Demo-Yonetici-2026" },
  seller: { email: "satici@pofuai.demo", password: "Demo-Satici-2026" },
  premium: { email: "premium@pofuai.demo", password: "Demo-Premium-2026" },
  normal: { email: "normal@pofuai.demo", password: "Demo-Normal-2026" },
};

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/** Debian's Chromium; its /usr/bin wrapper script only adds flags, the binary is beside it. */
function chromiumPath() {
  const wanted = process.env.CHROMIUM;
  for (const p of ["/usr/lib/chromium/chromium", wanted, "/usr/bin/chromium"]) {
    if (p && existsSync(p)) return p;
  }
  throw new Error("chromium not found: apt-get install chromium");
}

export async function launch() {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Root in CI has no user namespace sandbox; /dev/shm is small in containers.
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--font-render-hinting=none"],
  });
}

/**
 * A browser context signed in as `role` through the login form, with a page that records
 * console errors and uncaught exceptions (CSP violations show up as console errors).
 */
export async function signedIn(browser, role, viewport = DESKTOP) {
  const context = await browser.newContext({
    viewport,
    locale: "tr-TR",
    timezoneId: "Europe/Istanbul",
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems = watch(page);
  await login(page, ACCOUNTS[role]);
  return { context, page, problems };
}

/** Collects console errors and page errors of `page`; `take()` returns and clears them. */
export function watch(page) {
  const seen = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") {
      seen.push(`console: ${msg.text()} (${msg.location().url || page.url()})`);
    }
  });
  page.on("pageerror", (err) => seen.push(`page error: ${err.message} (${page.url()})`));
  return {
    take() {
      return seen.splice(0, seen.length);
    },
  };
}

export async function login(page, { email, password }) {
  await page.goto(`${BASE}/login`);
  await page.fill("#email", email);
  await page.fill("#password", password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith("/login")),
    page.click("form[action='/login'] button[type=submit]"),
  ]);
}

/** Opens `path` and fails unless the answer is 200 (no 403, no redirect to the login page). */
export async function open(page, path) {
  const res = await page.goto(`${BASE}${path}`);
  assert.ok(res, `no answer for ${path}`);
  assert.equal(res.status(), 200, `${path} answered ${res.status()}`);
  if (!path.startsWith("/login")) {
    assert.ok(!new URL(page.url()).pathname.startsWith("/login"), `${path} sent to the login page`);
  }
  return res;
}

/** Runs axe-core on the page; returns the serious and critical violations, readable. */
export async function axeViolations(page) {
  // Evaluated through the DevTools protocol, which the page's strict CSP does not govern
  // (a <script> tag would be refused, as it should be).
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary),
    }));
  });
  return result.filter((v) => v.impact === "serious" || v.impact === "critical");
}

export function docsPath(name) {
  mkdirSync(DOCS_DIR, { recursive: true });
  return `${DOCS_DIR}/${name}`;
}

/** Reloads `path` until `check(page)` is true, for at most `timeoutMs` (server-side work). */
export async function pollPage(page, path, check, { timeoutMs = 60_000, what = path } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await open(page, path);
    if (await check(page)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    // Between reloads: wait for the server to answer a request, not a fixed time.
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(250);
  }
}
