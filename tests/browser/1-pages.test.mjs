// Every panel page, for every role, at 390 px and 1280 px: it answers 200, axe-core finds no
// serious or critical violation, and the browser logs no console error. Also: focus is
// visible when the keyboard reaches the navigation, and the README's screenshots.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  PHONE, DESKTOP, launch, signedIn, watch, open, axeViolations, docsPath,
} from "./lib.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The pages a role can reach: its navigation, plus one of each detail page it links to. */
async function pagesOf(page) {
  await open(page, "/");
  const nav = await page.$$eval("header nav a", (as) => as.map((a) => a.getAttribute("href")));
  const paths = new Set(nav);
  const firstLink = async (from, selector) => {
    if (!paths.has(from)) return;
    await open(page, from);
    const href = await page.$eval(selector, (a) => a.getAttribute("href")).catch(() => null);
    if (href) paths.add(href);
  };
  await firstLink("/products", "main a[href^='/products/']:not([href*='?'])");
  await firstLink("/orders", "main table a[href^='/orders/']");
  await firstLink("/integrations", "main a[href^='/integrations/connect/']");
  await firstLink("/integrations", "main a[href$='/categories']");
  if (paths.has("/admin/users")) {
    const product = [...paths].find((p) => /^\/products\/\d+$/.test(p));
    if (product) paths.add(`/admin/edit/${product.split("/")[2]}`);
  }
  return [...paths];
}

function report(violations) {
  return violations
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.join("\n    ")}`)
    .join("\n");
}

for (const role of ["seller", "admin", "premium", "normal"]) {
  test(`every page of the ${role} passes axe at 390 and 1280 px without console errors`, async () => {
    const { context, page, problems } = await signedIn(browser, role, DESKTOP);
    try {
      const paths = await pagesOf(page);
      assert.ok(paths.length >= 3, `${role} sees too few pages: ${paths}`);
      const failures = [];
      for (const viewport of [PHONE, DESKTOP]) {
        await page.setViewportSize(viewport);
        for (const path of paths) {
          await open(page, path);
          const bad = await axeViolations(page);
          if (bad.length) failures.push(`${path} @${viewport.width}px\n  ${report(bad)}`);
          // Nothing wider than the screen: a phone would scroll sideways.
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          if (overflow > 0) failures.push(`${path} @${viewport.width}px: page is ${overflow} px wider than the viewport`);
          for (const p of problems.take()) failures.push(`${path} @${viewport.width}px: ${p}`);
        }
      }
      assert.deepEqual(failures, [], failures.join("\n"));
    } finally {
      await context.close();
    }
  });
}

test("the login page passes axe at both widths", async () => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const problems = watch(page);
  try {
    const failures = [];
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      await open(page, "/login");
      const bad = await axeViolations(page);
      if (bad.length) failures.push(`/login @${viewport.width}px\n  ${report(bad)}`);
    }
    failures.push(...problems.take());
    assert.deepEqual(failures, [], failures.join("\n"));
  } finally {
    await context.close();
  }
});

test("keyboard focus on the first navigation link is visible", async () => {
  const { context, page } = await signedIn(browser, "seller", DESKTOP);
  try {
    await open(page, "/");
    const firstNav = await page.$eval("header nav a", (a) => a.getAttribute("href"));
    let reached = false;
    for (let i = 0; i < 10 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(
        (href) => document.activeElement?.matches(`header nav a[href='${href}']`) ?? false,
        firstNav,
      );
    }
    assert.ok(reached, "Tab never reached the first navigation link");
    const style = await page.evaluate(() => {
      const cs = getComputedStyle(document.activeElement);
      return {
        outline: cs.outlineStyle,
        width: parseFloat(cs.outlineWidth),
        shadow: cs.boxShadow,
        visible: document.activeElement.matches(":focus-visible"),
      };
    });
    assert.ok(style.visible, "the focused link does not match :focus-visible");
    assert.ok(
      (style.outline !== "none" && style.width >= 2) || style.shadow !== "none",
      `no visible focus indicator: ${JSON.stringify(style)}`,
    );
    // The skip link is the very first stop and shows itself when focused.
    await open(page, "/");
    await page.keyboard.press("Tab");
    const skip = await page.evaluate(() => {
      const el = document.activeElement;
      const r = el.getBoundingClientRect();
      return { skip: el.classList.contains("skip"), inView: r.width > 1 && r.height > 1 && r.top >= 0 };
    });
    assert.ok(skip.skip && skip.inView, `the skip link is not the first visible stop: ${JSON.stringify(skip)}`);
  } finally {
    await context.close();
  }
});

test("screenshots of the dashboard, the product grid and the template studio for the README", async () => {
  for (const [viewport, suffix] of [[DESKTOP, ""], [PHONE, "-390"]]) {
    const { context, page } = await signedIn(browser, "seller", viewport);
    try {
      const shots = viewport === DESKTOP
        ? [["/", "dashboard"], ["/products", "products"], ["/templates", "studio"]]
        : [["/", "dashboard"]];
      for (const [path, name] of shots) {
        await open(page, path);
        await page.waitForLoadState("networkidle");
        await page.screenshot({ path: docsPath(`panel-${name}${suffix}.png`), fullPage: false });
      }
    } finally {
      await context.close();
    }
  }
});

test("the studio's preview and the editor's AI proposal pass axe at both widths", async () => {
  const { context, page, problems } = await signedIn(browser, "seller", DESKTOP);
  try {
    const failures = [];
    await open(page, "/products");
    const product = await page.$eval("main a[href^='/products/']:not([href*='?'])", (a) => a.getAttribute("href"));
    const check = async (what, viewport) => {
      const bad = await axeViolations(page);
      if (bad.length) failures.push(`${what} @${viewport.width}px\n  ${report(bad)}`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      if (overflow > 0) failures.push(`${what} @${viewport.width}px: page is ${overflow} px wider than the viewport`);
      for (const p of problems.take()) failures.push(`${what} @${viewport.width}px: ${p}`);
    };
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      // The preview: rendered by the API, shown on the page, nothing saved.
      await open(page, "/templates");
      await page.fill("#product_name", "Bakır Cezve");
      await Promise.all([page.waitForNavigation(), page.click("button[name='action'][value='preview']")]);
      assert.ok(await page.$("#preview img"), "no preview shown");
      await check("/templates (preview)", viewport);
      // The proposal: word differences with their legend, not saved.
      await open(page, product);
      await Promise.all([page.waitForNavigation(), page.click("form[action$='/ai#ai'] button")]);
      assert.ok(await page.$("[data-diff='description']"), "no proposal shown");
      await check(`${product} (AI proposal)`, viewport);
    }
    assert.deepEqual(failures, [], failures.join("\n"));
  } finally {
    await context.close();
  }
});
