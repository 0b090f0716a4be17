// One flow per role through the panel, as issue #12 asks: the seller changes a variant's stock
// and sees it reach the sandbox channels, fixes a product from a suggestion, generates and
// downloads a template, approves a return; the admin applies and reverts an AI edit and
// changes a user's role and quota; a normal user generates templates until the quota meter
// reaches the limit. Also the newer pages: a buyer's question answered from its edited draft,
// and the assistant asked in Turkish with a proposed change confirmed. Runs after
// 1-pages.test.mjs (these flows change data).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { BASE, launch, signedIn, open, pollPage, DESKTOP } from "./lib.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Submits the form holding `button` and waits for the redirect to a page with `?ok=KEY`. */
async function submitExpecting(page, button, key) {
  await Promise.all([
    page.waitForURL((u) => u.searchParams.has("ok"), { timeout: 30_000 }),
    button.click(),
  ]);
  assert.equal(new URL(page.url()).searchParams.get("ok"), key, `flash after submit on ${page.url()}`);
  // The flash is rendered from the key: the user sees it.
  await page.waitForSelector("main .flash[role=status]");
}

/** The product ids of the first grid page. */
async function productIds(page) {
  await open(page, "/products");
  const hrefs = await page.$$eval("main a[href^='/products/']", (as) => as.map((a) => a.getAttribute("href")));
  return [...new Set(hrefs.filter((h) => /^\/products\/\d+$/.test(h)).map((h) => Number(h.split("/")[2])))];
}

const text = (loc) => loc.innerText().then((t) => t.trim());

// ---- seller ----

test("seller: a variant's stock change reaches both sandbox channels", async () => {
  const { context, page, problems } = await signedIn(browser, "seller");
  try {
    const ids = await productIds(page);
    // The first product whose first variant is listed on the channels and up to date.
    let chosen = null;
    for (const id of ids.slice(0, 15)) {
      await open(page, `/products/${id}`);
      const code = await text(page.locator("main section[aria-labelledby=variants-h] tbody tr").first().locator("td").nth(1));
      const rows = page.locator(`main section[aria-labelledby=channels-h] tbody tr[data-stock-code="${code}"]`);
      if ((await rows.count()) >= 2) {
        chosen = { id, code };
        break;
      }
    }
    assert.ok(chosen, "no product of the first grid page is listed on two channels");
    // A second tab on the dashboard watches the live list while the stock is pushed.
    const watch = await context.newPage();
    await open(watch, "/");
    await watch.waitForFunction(() => document.querySelector("[data-live-events]") !== null);
    const row = page.locator("main section[aria-labelledby=variants-h] tbody tr").first();
    const before = Number(await row.locator("input[name=stock]").inputValue());
    const target = before + 7;
    await row.locator("input[name=stock]").fill(String(target));
    await submitExpecting(page, row.locator("button[type=submit]"), "saved");

    const after = page.locator("main section[aria-labelledby=variants-h] tbody tr").first();
    assert.equal(Number(await after.locator("input[name=stock]").inputValue()), target, "the stock was saved");
    // What a channel is told is the available stock: on hand less reserved units.
    const available = Number((await text(after.locator("td").nth(4))).replace(/\D/g, ""));
    assert.ok(available > 0);

    const rowsOf = (p) => p.locator(`main section[aria-labelledby=channels-h] tbody tr[data-stock-code="${chosen.code}"]`);
    await pollPage(page, `/products/${chosen.id}`, async (p) => {
      const rows = rowsOf(p);
      const n = await rows.count();
      if (n < 2) return false;
      for (let i = 0; i < n; i++) {
        const q = Number((await text(rows.nth(i).locator("td").nth(3))).replace(/\D/g, ""));
        if (q !== available) return false;
      }
      return true;
    }, { timeoutMs: 60_000, what: `stock ${available} of ${chosen.code} on both channels` });
    // The push showed live, one line per job however many progress events it sent.
    await watch.waitForFunction(() => document.querySelectorAll("[data-live-events] li[data-key]").length > 0, null, { timeout: 30_000 });
    const keys = await watch.$$eval("[data-live-events] li[data-key]", (lis) => lis.map((l) => l.dataset.key));
    assert.equal(new Set(keys).size, keys.length, `one live line per job: ${keys}`);
    await watch.close();

    // The integration page shows both sandboxes active and their stock pushes in the sync log.
    await open(page, "/integrations");
    const mine = page.locator("main section[aria-labelledby=mine-h] article");
    assert.ok((await mine.count()) >= 2, "both sandbox integrations are listed");
    const logKinds = await page.$$eval("main section[aria-labelledby=logs-h] tbody tr", (trs) => trs.map((t) => t.dataset.kind));
    assert.ok(logKinds.includes("push_stock"), `a stock push is in the sync log: ${logKinds}`);
    assert.deepEqual(problems.take(), []);
  } finally {
    await context.close();
  }
});

test("seller: fixes a product from a suggestion", async () => {
  const { context, page, problems } = await signedIn(browser, "seller");
  try {
    const ids = await productIds(page);
    let found = null;
    for (const id of ids) {
      await open(page, `/products/${id}`);
      const forms = page.locator("main section[aria-labelledby=sugg-h] form[action$='/apply']");
      if ((await forms.count()) > 0) {
        found = { id, count: await forms.count() };
        break;
      }
    }
    assert.ok(found, "no product on the first grid page has a suggestion with a fix");
    const item = page.locator("main section[aria-labelledby=sugg-h] li").filter({ has: page.locator("form[action$='/apply']") }).first();
    const message = await text(item.locator("div").first());
    await submitExpecting(page, item.locator("form[action$='/apply'] button"), "suggestion-applied");
    // The finding the fix answered is gone from the list.
    const remaining = await page.$$eval("main section[aria-labelledby=sugg-h] li > div:first-child", (ds) => ds.map((d) => d.innerText.trim()));
    assert.ok(!remaining.includes(message), `the applied suggestion is still listed: ${message}`);
    assert.deepEqual(problems.take(), []);
  } finally {
    await context.close();
  }
});

test("seller: generates a template and downloads it", async () => {
  const { context, page, problems } = await signedIn(browser, "seller");
  try {
    await open(page, "/templates");
    const galleryBefore = await page.locator("main ul.gallery li").count();
    await page.selectOption("#template_type", "instagram_post");
    const product = await page.$eval("#product_id option:nth-child(2)", (o) => o.value);
    await page.selectOption("#product_id", product);
    await page.fill("#marketing_text", "Kış indirimi başladı");
    await submitExpecting(page, page.locator("main form[action='/templates'] button[value='generate']"), "template-made");
    assert.equal(await page.locator("main ul.gallery li").count(), galleryBefore + 1, "the new template is in the gallery");

    const link = page.locator("main ul.gallery li").first().locator("a[download]");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const file = await readFile(await download.path());
    assert.ok(file.length > 1000, `the download has ${file.length} bytes`);
    const png = file.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const jpeg = file[0] === 0xff && file[1] === 0xd8;
    assert.ok(png || jpeg, "the download is an image");

    // Delete it again: the gallery asks first, then the template is gone.
    const del = page.locator("main ul.gallery li").first().locator("form[action$='/delete']");
    const action = await del.getAttribute("action");
    page.once("dialog", (d) => d.accept());
    await submitExpecting(page, del.locator("button"), "template-deleted");
    assert.equal(await page.locator(`main form[action='${action}']`).count(), 0, "the template left the gallery");
    assert.deepEqual(problems.take(), []);
  } finally {
    await context.close();
  }
});

test("seller: approves a return", async () => {
  const { context, page, problems } = await signedIn(browser, "seller");
  try {
    // The demo's first Trendyol buyer returns a line; "sync now" imports orders and returns.
    await open(page, "/");
    await submitExpecting(page, page.locator("main form[action='/dashboard/sync'] button").first(), "sync-queued");
    const approveForms = (p) => p.locator("main section[aria-labelledby=claims-h] form[action^='/claims/']");
    await pollPage(page, "/orders", async (p) => (await approveForms(p).count()) > 0, {
      timeoutMs: 90_000,
      what: "a return to approve",
    });
    const form = approveForms(page).first();
    const action = await form.getAttribute("action");
    page.once("dialog", (d) => d.accept());
    await submitExpecting(page, form.locator("button"), "claim-queued");
    // The approval goes to the channel as a job; once done the claim is no longer approvable.
    await pollPage(page, "/orders", async (p) => (await p.locator(`form[action='${action}']`).count()) === 0, {
      timeoutMs: 60_000,
      what: `${action} to be accepted by the channel`,
    });
    assert.deepEqual(problems.take(), []);
  } finally {
    await context.close();
  }
});

test("seller: edits a buyer's question's drafted answer, approves it and sees it answered", async () => {
  const { context, page, problems } = await signedIn(browser, "seller");
  try {
    const editable = (p) => p.locator("main section[aria-labelledby=open-h] li.card").filter({ has: p.locator("textarea[name=draft]") });
    await open(page, "/questions");
    if ((await editable(page).count()) === 0) {
      // The demo's buyers ask on Trendyol; "import now" fetches what they asked so far.
      await submitExpecting(page, page.locator("main form[action='/questions/import'] button"), "sync-queued");
      await pollPage(page, "/questions", async (p) => (await editable(p).count()) > 0, {
        timeoutMs: 90_000,
        what: "a buyer's question with a drafted answer",
      });
    }
    const card = editable(page).first();
    const id = await card.getAttribute("data-question-id");
    const cardOf = (p) => p.locator(`main section[aria-labelledby=open-h] li.card[data-question-id="${id}"]`);
    const draft = await cardOf(page).locator("textarea[name=draft]").inputValue();
    assert.ok(draft.trim().length >= 10, `a drafted answer is offered: "${draft}"`);

    // Too short for Trendyol: the API's field error is shown beside the answer box.
    await cardOf(page).locator("textarea[name=draft]").fill("Kısa");
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      cardOf(page).locator("button[type=submit]").first().click(),
    ]);
    await page.waitForSelector(`#draft-${id}-err`);
    assert.equal(await cardOf(page).locator("textarea[name=draft]").getAttribute("aria-invalid"), "true");
    assert.match(await text(page.locator(`#draft-${id}-err`)), /\d/, "the error names the allowed length");
    const refused = problems.take();
    assert.equal(refused.length, 1, refused.join("\n"));
    assert.match(refused[0], /422/);

    // The edited answer is saved, then approved and sent as it stands in the box.
    const edited = `${draft.trim()} Sorunuz için teşekkür ederiz.`;
    await open(page, "/questions");
    await cardOf(page).locator("textarea[name=draft]").fill(edited);
    await submitExpecting(page, cardOf(page).locator("button[type=submit]").first(), "saved");
    assert.equal(await cardOf(page).locator("textarea[name=draft]").inputValue(), edited, "the edit was saved");
    page.once("dialog", (d) => d.accept());
    await submitExpecting(page, cardOf(page).locator("button[formaction$='/approve']"), "answer-queued");

    // The answer goes to Trendyol as a job; the question then leaves the open list and the
    // recent list shows it answered, with the text that was sent.
    const answeredRow = (p) => p.locator(`main section[aria-labelledby=recent-h] tr[data-question-id="${id}"]`);
    await pollPage(page, "/questions", async (p) => {
      const row = answeredRow(p);
      return (await row.count()) === 1 && (await text(row.locator("td").last())) === "Cevaplandı";
    }, { timeoutMs: 60_000, what: `question ${id} to be answered` });
    assert.equal(await cardOf(page).count(), 0, "no longer among the open questions");
    assert.equal(await text(answeredRow(page).locator("td").nth(2)), edited);
    assert.deepEqual(problems.take(), []);
  } finally {
    await context.close();
  }
});

test("seller: asks the assistant in Turkish and confirms the change it proposes", async () => {
  const { context, page, problems } = await signedIn(browser, "seller");
  try {
    // The demo imports its 18 months of orders in the background after start: wait until
    // last month's figures are there (a window ending three days ago holds only history).
    const day = (n) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    const deadline = Date.now() + 180_000;
    for (;;) {
      const r = await page.request.get(`${BASE}/api/analytics/summary?from=${day(33)}&to=${day(3)}`);
      assert.equal(r.status(), 200);
      if ((await r.json()).current.orders > 0) break;
      assert.ok(Date.now() < deadline, "the demo history was not imported in 3 minutes");
      await page.waitForTimeout(500);
    }
    await open(page, "/assistant");
    const ask = async (question) => {
      await page.fill("#text", question);
      await submitExpecting(page, page.locator("main form[action='/assistant'] button[type=submit]"), "asked");
      return page.locator("main ol.chat > li.theirs").last();
    };
    // A question about figures: the answer holds amounts in Turkish format and links to products.
    const answer = await ask("Geçen ay en çok satan ürünlerim hangileri?");
    const said = await text(answer.locator(".chat-text"));
    assert.match(said, /\d{1,3}(\.\d{3})*,\d{2} TL/, `an amount in Turkish format: ${said}`);
    const links = await answer.locator("a[href^='/products/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    assert.ok(links.length > 0, "the answer links the products it names");
    const conversation = new URL(page.url()).searchParams.get("c");

    // A change is only proposed: the stock stays until the seller confirms. The variant is
    // named by its attribute ("Renk: Krem" → "krem"), as a seller would.
    const variantRows = () => page.locator("main section[aria-labelledby=variants-h] tbody tr");
    const stockOf = () => variantRows().first().locator("input[name=stock]").inputValue().then(Number);
    let target = null;
    for (const id of await productIds(page)) {
      await open(page, `/products/${id}`);
      // One attribute per variant, each variant its own value ("Renk: Krem", "Renk: Siyah").
      const labels = await variantRows().evaluateAll((trs) => trs.map((tr) => tr.cells[0].firstChild.textContent.trim()));
      const values = labels.map((l) => (l.includes(",") || !l.includes(":") ? null : l.split(":")[1].trim()));
      if (values[0] && new Set(values).size === values.length) {
        target = { id, name: await page.inputValue("#name"), value: values[0], stock: await stockOf() };
        break;
      }
    }
    assert.ok(target, "a product on the first grid page whose variants differ by one attribute");
    const wanted = target.stock + 11;
    await open(page, `/assistant?c=${conversation}`);
    const proposal = await ask(`${target.name} ${target.value.toLocaleLowerCase("tr")} stoğunu ${wanted} yap`);
    const confirm = proposal.locator("form[action$='/confirm'] button[type=submit]");
    assert.equal(await confirm.count(), 1, `one change proposed: ${await text(proposal)}`);
    await open(page, `/products/${target.id}`);
    assert.equal(await stockOf(), target.stock, "nothing changes before confirmation");

    await open(page, `/assistant?c=${conversation}`);
    await submitExpecting(page, page.locator("main ol.chat > li.theirs").last().locator("form[action$='/confirm'] button[type=submit]"), "action-done");
    assert.match(await text(page.locator("main ol.chat > li.theirs").last()), /Uygulandı/);
    assert.equal(await page.locator("main ol.chat > li.theirs").last().locator("form[action$='/confirm'] button").count(), 0, "a done action cannot be confirmed again");
    await open(page, `/products/${target.id}`);
    assert.equal(await stockOf(), wanted, "the confirmed change was made");
    assert.deepEqual(problems.take(), []);
  } finally {
    await context.close();
  }
});

// ---- admin ----

test("admin: applies and reverts an AI edit", async () => {
  const { context, page, problems } = await signedIn(browser, "admin");
  try {
    const [id] = await productIds(page);
    await open(page, `/products/${id}`);
    const original = await page.inputValue("#description");

    await open(page, `/admin/edit/${id}`);
    await Promise.all([page.waitForURL(`**/admin/edit/${id}`), page.click("button[name=mode][value=preview]")]);
    await page.waitForSelector("main section[aria-labelledby=cmp-h]");
    await open(page, `/products/${id}`);
    assert.equal(await page.inputValue("#description"), original, "a preview changes nothing");

    await open(page, `/admin/edit/${id}`);
    page.once("dialog", (d) => d.accept());
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.click("button[name=mode][value=apply]")]);
    await page.waitForSelector("main section[aria-labelledby=applied-h] form[action$='/revert']");
    await open(page, `/products/${id}`);
    const edited = await page.inputValue("#description");
    assert.notEqual(edited, original, "the applied edit changed the description");

    await page.goBack();
    await page.waitForSelector("main section[aria-labelledby=applied-h] form[action$='/revert']");
    page.once("dialog", (d) => d.accept());
    await submitExpecting(page, page.locator("main section[aria-labelledby=applied-h] button"), "edit-reverted");
    await open(page, `/products/${id}`);
    assert.equal(await page.inputValue("#description"), original, "the revert restored the description");
    assert.deepEqual(problems.take(), []);
  } finally {
    await context.close();
  }
});

/** The users page card of `email` (searched), for the admin. */
async function userCard(page, email) {
  await open(page, `/admin/users?email=${encodeURIComponent(email)}`);
  const card = page.locator("main li.card").filter({ hasText: email });
  assert.equal(await card.count(), 1, `one card for ${email}`);
  return card;
}

test("admin: changes a user's role and the normal user's template quota", async () => {
  const { context, page, problems } = await signedIn(browser, "admin");
  try {
    // Role: the premium user becomes a seller, and back.
    for (const role of ["seller", "premium"]) {
      const card = await userCard(page, "premium@pofuai.demo");
      await card.locator("select[name=role]").selectOption(role);
      await submitExpecting(page, card.locator("button[type=submit]"), "saved");
      const again = await userCard(page, "premium@pofuai.demo");
      assert.equal(await again.locator("select[name=role]").inputValue(), role);
    }
    // A bad quota is refused with the API's field error beside the user.
    let card = await userCard(page, "normal@pofuai.demo");
    await card.locator("input[name=template_quota_override]").fill("-4");
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), card.locator("button[type=submit]").click()]);
    assert.match(await text(page.locator("main .field-error").first()), /template_quota_override/);
    // The refusal is a 422 page, which the browser logs; nothing else may be.
    const logged = problems.take();
    assert.equal(logged.length, 1, logged.join("\n"));
    assert.match(logged[0], /422/);
    // Quota: three templates for the normal user (the next test uses them up).
    card = await userCard(page, "normal@pofuai.demo");
    await card.locator("input[name=template_quota_override]").fill("3");
    await submitExpecting(page, card.locator("button[type=submit]"), "saved");
    card = await userCard(page, "normal@pofuai.demo");
    assert.equal(await card.locator("input[name=template_quota_override]").inputValue(), "3");
    assert.deepEqual(problems.take(), []);
  } finally {
    await context.close();
  }
});

// ---- normal user ----

test("normal user: generates templates until the quota meter reaches the limit", async () => {
  const { context, page, problems } = await signedIn(browser, "normal", DESKTOP);
  try {
    await open(page, "/templates");
    const meter = async () => {
      const m = page.locator("main meter");
      return { used: Number(await m.getAttribute("value")), max: Number(await m.getAttribute("max")) };
    };
    let { used, max } = await meter();
    assert.equal(max, 3, "the admin's quota override is the limit");
    assert.ok(used < max, `quota already used up: ${used}/${max}`);
    while (used < max) {
      await page.fill("#product_name", `Deneme ${used + 1}`);
      await page.fill("#marketing_text", "Yeni sezon");
      await submitExpecting(page, page.locator("main form[action='/templates'] button[value='generate']"), "template-made");
      const now = await meter();
      assert.equal(now.used, used + 1, "each template counts once");
      used = now.used;
    }
    assert.equal(await text(page.locator("#quota-count")), `${max} / ${max}`);
    assert.ok(await page.locator("main form[action='/templates'] button[value='generate']").isDisabled(), "generate is disabled at the limit");
    assert.ok(await page.locator("main section[aria-labelledby=quota-h] strong.down").isVisible(), "the page says the quota is used up");
    assert.deepEqual(problems.take(), []);
  } finally {
    await context.close();
  }
});
