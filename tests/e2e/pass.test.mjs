// Today's campus pass on a student's 360 px phone, in Chinese: none before
// the day's declaration; after it, the sync brings a signed pass, and the
// phone keeps the pass page (a bundle of its own) without ever having
// opened it since; offline, the pass opens from the bottom navigation as a
// QR code with the status in words, and still after a reload; the way back
// to Today works offline too. (The guard's side: gate.test.mjs and Rust.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchBrowser, waitForApp } from './support/browser.mjs';
import { WORDS, fillNormal, openOnline, signInFirstTime } from './support/declaration.mjs';
import { startServer } from './support/server.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('zh-CN: a declaration of today brings a pass, shown offline as a QR code with its status', async () => {
  const w = WORDS['zh-CN'];
  const { page, context, errors } = await openOnline(browser, server, 'zh-CN');
  await signInFirstTime(page, server, w);

  // No declaration yet: no pass, and what to do.
  await page.goto(`${server.url}/pass`);
  await waitForApp(page);
  await page.getByTestId('pass-none').getByText('请先提交今日申报').waitFor();

  // Opened online, the page was kept: forget it, so that what keeps it
  // below is the pass arriving, as on a phone that never opened it.
  /** Whether the phone keeps the pass page, waiting up to `wait` ms for it. */
  const passKept = (wait) =>
    page.evaluate(async (wait) => {
      const until = Date.now() + wait;
      for (;;) {
        for (const name of await caches.keys()) {
          if (name.startsWith('anxin-staff-pass-') && (await (await caches.open(name)).match('/pass/'))) return true;
        }
        if (Date.now() >= until) return false;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }, wait);
  await page.evaluate(async () => {
    for (const name of await caches.keys()) if (name.startsWith('anxin-staff-pass-')) await caches.delete(name);
  });
  assert.equal(await passKept(0), false);

  // Declared and delivered: the pass comes with the sync, and the phone
  // keeps its page.
  await page.goto(server.url);
  await waitForApp(page);
  await fillNormal(page, w);
  await page.getByRole('button', { name: w.submit }).click();
  await page.getByTestId('today-state').getByText('已上报').waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => localStorage.getItem('anxin.v1.pass') !== null, null, { timeout: 20_000 });
  assert.ok(await passKept(20_000), 'the pass page is kept once the pass came');

  // Offline at the gate: the pass opens from the navigation.
  await context.setOffline(true);
  await page.locator('nav.bottom-nav a[href="/pass"]').click();
  const pass = page.getByTestId('pass');
  await pass.waitFor({ timeout: 20_000 });
  assert.equal(await pass.getAttribute('data-status'), 'may-enter');
  assert.equal(await page.getByTestId('pass-status').innerText(), '可以入校');
  assert.match(await pass.innerText(), /李明 · 软件2001/);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('anxin.v1.pass')).text);
  assert.match(stored, /^AX1:[0-9A-Z $%*+\-./:]+$/);
  // The code is drawn, square, labelled for screen readers.
  const qr = page.getByTestId('pass-qr');
  assert.equal(await qr.getAttribute('role'), 'img');
  const box = await qr.boundingBox();
  assert.ok(box.width >= 240 && Math.abs(box.width - box.height) < 1, JSON.stringify(box));
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no wider than the phone');

  // Reloaded, still offline: still shown.
  await page.reload();
  await waitForApp(page);
  await pass.waitFor();
  assert.equal(await pass.getAttribute('data-status'), 'may-enter');
  // And back to Today, offline too.
  await page.locator('nav.bottom-nav a[href="/"]').click();
  await page.getByTestId('today-state').getByText('已上报').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
