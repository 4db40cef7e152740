// What goes wrong with a phone's storage, as the person sees it: the
// storage full when today's declaration is submitted, the browser clearing
// the app's storage, and the app updated while changes wait to be sent.
// One server (serving a deploy folder, so a new build can be put in place)
// and one browser for the whole file; the tests run in order.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { launchBrowser, waitForApp } from './support/browser.mjs';
import { WORDS, apiToken, fillNormal, openOnline, signIn, signInFirstTime } from './support/declaration.mjs';
import { deploy, newDeployFolder, NEXT_BUILD } from './support/deploy.mjs';
import { startServer } from './support/server.mjs';

const w = WORDS.en;
const STUDENT = '2020-0101';
const OTHER_STUDENT = '2020-0102';

let browser;
let server;
let folder;
/** The first student's phone: tests 1 and 2 use it in turn. */
let phone;

before(async () => {
  folder = newDeployFolder();
  server = await startServer({ dist: folder });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** What the server holds for `person`, as pulled: the declaration revisions. */
async function serverRevisions(person) {
  const token = await apiToken(server, person);
  const response = await fetch(`${server.url}/api/v1/sync/pull?protocol_version=1&cursor=0`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(response.status, 200);
  return (await response.json()).changes.map((c) => c.declaration_revision).filter(Boolean);
}

async function todayStateSays(page, text) {
  await page.waitForFunction(
    (wanted) => document.querySelector('[data-testid=today-state]')?.textContent.includes(wanted),
    text,
    { timeout: 20_000 },
  );
}

const storedKeys = (page, prefix) =>
  page.evaluate((p) => Object.keys(localStorage).filter((k) => k.startsWith(p)).sort(), prefix);

/**
 * Fills the page's localStorage with filler keys until the browser refuses
 * even one more character (halving the filler each time it refuses).
 */
function fillStorage(page) {
  return page.evaluate(() => {
    const fillers = [];
    let size = 1 << 20;
    for (let n = 0; ; ) {
      const key = `filler.${n}`;
      try {
        localStorage.setItem(key, 'x'.repeat(size));
        fillers.push(key);
        n += 1;
      } catch (error) {
        if (error.name !== 'QuotaExceededError') throw error;
        if (size === 1) break;
        size = Math.floor(size / 2);
      }
    }
    return fillers;
  });
}

const freeStorage = (page, fillers) =>
  page.evaluate((keys) => keys.forEach((key) => localStorage.removeItem(key)), fillers);

/** The school's day, `back` days ago, as YYYY-MM-DD. */
function schoolDay(back = 0) {
  const at = new Date(Date.now() - back * 24 * 3600 * 1000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
}

test('storage full at submit: the person is told, the form keeps what was typed; freed, it is saved and delivered', async () => {
  phone = await openOnline(browser, server, 'en');
  const { page } = phone;
  await signInFirstTime(page, server, w, STUDENT);
  await fillNormal(page, w);
  await page.fill('textarea[name=remarks]', 'storage was full');
  const fillers = await fillStorage(page);
  assert.ok(fillers.length > 10, 'localStorage really filled up');

  await page.getByRole('button', { name: w.submit }).click();
  const notice = page.getByTestId('storage-notice');
  await notice.waitFor();
  assert.equal(
    (await notice.textContent()).trim(),
    "This phone's storage is full: what you just did was not saved on it. What you typed is still here; free some space (other sites' data, unused apps) and try again.",
  );
  // The form is still open with the answers as typed; nothing was stored.
  assert.equal(await page.getByTestId('declaration-form').isVisible(), true);
  assert.equal(await page.inputValue('input[name=temperature]'), '36.6');
  assert.equal(await page.inputValue('textarea[name=remarks]'), 'storage was full');
  assert.deepEqual(await storedKeys(page, 'anxin.v1.day.'), []);
  assert.deepEqual(await storedKeys(page, 'anxin.v1.outbox.'), []);
  assert.deepEqual(await serverRevisions(STUDENT), []);

  // Space freed (other data deleted): the same button again.
  await freeStorage(page, fillers);
  await page.getByRole('button', { name: w.submit }).click();
  await page.getByTestId('result-normal').waitFor();
  await todayStateSays(page, 'delivered');
  await notice.waitFor({ state: 'hidden' });
  const held = await serverRevisions(STUDENT);
  assert.equal(held.length, 1);
  assert.equal(held[0].answers.remarks, 'storage was full');
});

test('storage cleared by the browser: after signing in again the next sync rebuilds the days, delivered', async () => {
  const { page } = phone;
  // Yesterday filed too (on another phone: straight through the API).
  const [today] = await serverRevisions(STUDENT);
  const token = await apiToken(server, STUDENT);
  const yesterday = schoolDay(1);
  const revisionId = crypto.randomUUID();
  const push = await fetch(`${server.url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      protocol_version: 1,
      client_id: crypto.randomUUID(),
      mutations: [
        {
          id: revisionId,
          seq: 1,
          device_time: new Date(`${yesterday}T08:00:00+08:00`).toISOString(),
          change: {
            declaration_revision: { day: yesterday, revision_id: revisionId, answers: { ...today.answers, remarks: 'yesterday' }, correction_reason: null },
          },
        },
      ],
    }),
  });
  assert.equal(push.status, 200);
  assert.deepEqual((await push.json()).results.map((r) => r.outcome), ['applied']);

  // Exec: the browser clears the site's storage; the app is opened again.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await waitForApp(page);
  await page.getByRole('button', { name: 'English' }).first().click();
  await signIn(page, STUDENT);

  // Check: today's record comes back delivered, and yesterday's with it.
  await todayStateSays(page, 'delivered');
  assert.deepEqual(await storedKeys(page, 'anxin.v1.day.'), [`anxin.v1.day.${yesterday}`, `anxin.v1.day.${schoolDay(0)}`]);
  assert.deepEqual(await storedKeys(page, 'anxin.v1.outbox.'), [], 'nothing sent again');
  await page.getByRole('link', { name: w.history }).click();
  const days = page.getByTestId('history-day');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=history-day]').length === 2, null, { timeout: 20_000 });
  for (const summary of await days.locator('summary .delivery').allTextContents()) assert.equal(summary, 'Delivered');
  const revisions = await days.getByTestId('revision-delivery').allTextContents();
  assert.deepEqual(revisions, ['Delivered', 'Delivered']);
  assert.equal((await serverRevisions(STUDENT)).length, 2, 'no second copy on the server');
  await phone.context.close();
});

test('the app updated while a declaration waits: the new build delivers it, nothing lost', async () => {
  const { context, page } = await openOnline(browser, server, 'en');
  await signInFirstTime(page, server, w, OTHER_STUDENT);
  await context.setOffline(true);
  await fillNormal(page, w);
  await page.getByRole('button', { name: w.submit }).click();
  await page.getByTestId('result-normal').waitFor();
  await todayStateSays(page, 'saved on this phone');
  const queued = await storedKeys(page, 'anxin.v1.outbox.');
  assert.equal(queued.length, 1);

  // The app's files reach the phone again, its sync does not (a network
  // that lets the page load but drops the API): the update comes first.
  await context.route('**/api/**', (route) => route.abort('internetdisconnected'));
  await context.setOffline(false);
  deploy(NEXT_BUILD, folder);
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  await page.getByTestId('update-banner').waitFor({ timeout: 20_000 });
  await Promise.all([page.waitForEvent('load'), page.getByTestId('update-banner').getByRole('button').click()]);
  await waitForApp(page);
  await page.goto(`${server.url}/settings`);
  await waitForApp(page);
  assert.match(await page.textContent('[data-testid=build-version]'), /\(next\)/);
  assert.deepEqual(await storedKeys(page, 'anxin.v1.outbox.'), queued, 'the queue survived the update');
  assert.equal(await page.getByTestId('undelivered').getAttribute('data-count'), '1');
  assert.deepEqual(await serverRevisions(OTHER_STUDENT), [], 'not sent by the old build');

  // The API reachable again: the new build delivers what the old one queued.
  await context.unroute('**/api/**');
  await page.getByTestId('sync-now').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=undelivered]')?.dataset.count === '0', null, { timeout: 20_000 });
  const held = await serverRevisions(OTHER_STUDENT);
  assert.deepEqual(held.map((r) => `anxin.v1.outbox.${r.revision_id}`), queued);
  assert.deepEqual(await storedKeys(page, 'anxin.v1.outbox.'), []);
  await page.goto(server.url);
  await waitForApp(page);
  await todayStateSays(page, 'delivered');
  await context.close();
});
