// Today's campus pass on a student's 360 px phone, in Chinese: none before
// the day's declaration; after it, the sync brings a signed pass shown as
// a QR code with the status in words; offline and reloaded it is still
// there. (The guard's side, which verifies it, is tested in Rust.)
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

  // Declared and delivered: the pass comes with the sync.
  await page.goto(server.url);
  await waitForApp(page);
  await fillNormal(page, w);
  await page.getByRole('button', { name: w.submit }).click();
  await page.getByTestId('today-state').getByText('已上报').waitFor({ timeout: 20_000 });
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

  // Offline, reloaded: still shown.
  await context.setOffline(true);
  await page.reload();
  await waitForApp(page);
  await pass.waitFor();
  assert.equal(await pass.getAttribute('data-status'), 'may-enter');
  assert.deepEqual(errors, []);
  await context.close();
});
