// Delivery: a declaration filed offline reaches the server exactly once
// when the phone is back online, with one tab or two, and after the server
// was down.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';

import { launchBrowser, waitForApp } from './support/browser.mjs';
import { WORDS, apiToken, fillNormal, openOfflineReady } from './support/declaration.mjs';
import { startServer } from './support/server.mjs';

const PERSON = '2020-0101';
const w = WORDS.en;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** What the server holds for the person: one entry per revision. */
async function serverRevisions(server) {
  // A session of the person's own, apart from the phone's.
  server.checkToken ??= await apiToken(server, PERSON);
  const response = await fetch(`${server.url}/api/v1/sync/pull?protocol_version=1&cursor=0`, {
    headers: { authorization: `Bearer ${server.checkToken}` },
  });
  assert.equal(response.status, 200);
  const page = await response.json();
  return page.changes.map((c) => c.declaration_revision.revision_id);
}

async function fileNormal(page) {
  await fillNormal(page, w);
  await page.getByRole('button', { name: w.submit }).click();
  await page.getByTestId('result-normal').waitFor();
}

const todayState = (page) => page.getByTestId('today-state');

/** Waits until the sync status line says `text`. */
async function statusSays(page, text) {
  await page.waitForFunction(
    (wanted) => document.querySelector('[data-testid=sync-status]')?.textContent.includes(wanted),
    text,
    { timeout: 20_000 },
  );
}
const undelivered = (page) => page.getByTestId('undelivered');

/** Delivered, and the round that delivered it over: the day is marked when
 * the push is answered, the time of the last sync once the pull is done. */
async function expectDelivered(page) {
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid=today-state]')?.textContent.includes('delivered') &&
      /^Synced /.test(document.querySelector('[data-testid=last-sync]')?.textContent ?? ''),
    null,
    { timeout: 20_000 },
  );
  assert.equal(await undelivered(page).getAttribute('data-count'), '0');
  assert.match(await page.getByTestId('last-sync').textContent(), /^Synced \d{1,2} [A-Z][a-z]{2} \d{2}:\d{2}$/);
}

test('filed offline, reloaded, then online: delivered once, and the page says so', async () => {
  const server = await startServer();
  try {
    const { page, context } = await openOfflineReady(browser, server, 'en');
    await fileNormal(page);
    assert.match(await todayState(page).textContent(), /saved on this phone/);
    assert.equal(await undelivered(page).getAttribute('data-count'), '1');

    await page.reload();
    await waitForApp(page);
    assert.match(await todayState(page).textContent(), /saved on this phone/, 'still queued after reload');
    assert.equal(await undelivered(page).getAttribute('data-count'), '1');
    assert.deepEqual(await serverRevisions(server), [], 'nothing reached the server while offline');

    await context.setOffline(false);
    await expectDelivered(page);
    const held = await serverRevisions(server);
    assert.equal(held.length, 1);

    // More triggers (sync now, visible again) never make a second record.
    await page.getByTestId('sync-now').click();
    await page.reload();
    await waitForApp(page);
    await expectDelivered(page);
    assert.deepEqual(await serverRevisions(server), held);
    await context.close();
  } finally {
    await server.stop();
  }
});

test('two tabs open: one record on the server, both tabs show it delivered', async () => {
  const server = await startServer();
  try {
    const { page, context } = await openOfflineReady(browser, server, 'en');
    const second = await context.newPage();
    await second.goto(server.url);
    await waitForApp(second);
    await fileNormal(page);
    // The other tab learns of the change from storage.
    await second.waitForFunction(
      () => document.querySelector('[data-testid=undelivered]')?.dataset.count === '1',
    );

    await context.setOffline(false);
    // Both tabs are told to sync at once.
    await Promise.all([page.getByTestId('sync-now').click(), second.getByTestId('sync-now').click()]);
    await expectDelivered(page);
    await second.waitForFunction(
      () => document.querySelector('[data-testid=undelivered]')?.dataset.count === '0',
      null,
      { timeout: 20_000 },
    );
    assert.equal((await serverRevisions(server)).length, 1);
    await context.close();
  } finally {
    await server.stop();
  }
});

test('the server down when the phone comes online: retried by itself once it is back', async () => {
  let server = await startServer();
  try {
    const { page, context } = await openOfflineReady(browser, server, 'en');
    await fileNormal(page);
    await server.crash();

    await context.setOffline(false);
    await page.getByTestId('sync-now').click();
    // Going online and the tap may start two rounds back to back: wait
    // until one has failed and none is sending.
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid=sync-status]')?.textContent.includes('Cannot reach the server') &&
        document.querySelector('[data-testid=today-state]')?.textContent.includes('saved on this phone'),
      null,
      { timeout: 20_000 },
    );
    assert.equal(await undelivered(page).getAttribute('data-count'), '1');

    // What is not delivered can be kept as a file meanwhile.
    await page.getByRole('link', { name: 'Settings' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-undelivered').click(),
    ]);
    assert.match(download.suggestedFilename(), /^anxin-undelivered-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
    // Whose they are, and from which device (the round that failed opened
    // the outbox for this person).
    assert.equal(exported.person_id, PERSON);
    assert.match(exported.client_id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(exported.undelivered.length, 1);
    assert.equal(exported.undelivered[0].change.declaration_revision.answers.temperature, 366);
    await page.getByRole('link', { name: 'Today' }).click();

    server = await server.restart();
    // No tap: the backoff timer tries again.
    await expectDelivered(page);
    assert.equal((await serverRevisions(server)).length, 1);
    await context.close();
  } finally {
    await server.stop();
  }
});

test('a refusal of the whole request (not a network failure) is shown with its code', async () => {
  const server = await startServer();
  try {
    const { page, context } = await openOfflineReady(browser, server, 'en');
    await fileNormal(page);
    // A proxy in front of the server turns sync requests away (403, as the
    // server does for an account that may not deliver declarations).
    await page.route('**/api/v1/sync/**', (route) =>
      route.fulfill({
        status: 403,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'forbidden', message: 'blocked by a proxy' } }),
      }),
    );
    await context.setOffline(false);
    await page.getByTestId('sync-now').click();
    await statusSays(page, 'refused to sync (forbidden)');
    assert.equal(await undelivered(page).getAttribute('data-count'), '1', 'kept, to send later');
    // The way is clear again: delivered, and the message goes.
    await page.unroute('**/api/v1/sync/**');
    await page.getByTestId('sync-now').click();
    await expectDelivered(page);
    assert.doesNotMatch(await page.getByTestId('sync-status').textContent(), /refused/);
    assert.equal((await serverRevisions(server)).length, 1);
    await context.close();
  } finally {
    await server.stop();
  }
});
