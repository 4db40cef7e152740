// The app shell as a new user sees it, on a 360 px phone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchBrowser, newPhone, waitForApp } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const SCHOOL_NUMBER = '0898-3333 4444';
const DIRECTORY = `
[[hotlines]]
kind = "school"
number = "${SCHOOL_NUMBER}"

[[hotlines]]
kind = "national"
number = "12356"

[[hotlines]]
kind = "ambulance"
number = "120"

[[hotlines]]
kind = "police"
number = "110"
`;

let server;
let browser;

before(async () => {
  server = await startServer({ directoryToml: DIRECTORY });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The bar's numbers: those called in one tap, then those behind "more". */
async function hotlineHrefs(page) {
  const hrefs = (selector) => page.$$eval(selector, (links) => links.map((a) => a.getAttribute('href')));
  return {
    shown: await hrefs('[data-testid=hotline-bar] .hotline-row > li > a:visible'),
    more: await hrefs('[data-testid=hotline-bar] .hotline-more a'),
  };
}
const BAR = { shown: ['tel:089833334444', 'tel:120'], more: ['tel:12356', 'tel:110'] };

test('new user: language switch, hotlines, offline indicator at 360 px', async () => {
  const { context, page, errors } = await newPhone(browser);

  // Open the app: Chinese by default, hotlines from the server's directory.
  await page.goto(server.url);
  await waitForApp(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await page.getByRole('link', { name: '今日申报' }).waitFor();
  await page.waitForSelector('a[href="tel:089833334444"]');
  // The school's line and 120 in one low row; the rest one tap away.
  assert.deepEqual(await hotlineHrefs(page), BAR);
  const bar = await page.getByTestId('hotline-bar').boundingBox();
  assert.ok(bar.height <= 64, `the bar is ${bar.height}px high`);
  assert.equal(await page.locator('.hotline-more a[href="tel:12356"]').isVisible(), false);
  await page.getByTestId('hotline-more').tap();
  assert.equal(await page.locator('.hotline-more a[href="tel:12356"]').isVisible(), true);
  await page.getByTestId('hotline-more').tap();
  assert.match(await page.textContent('[data-testid=online-indicator]'), /在线/);

  // Switch to English in Settings; every string follows.
  await page.getByRole('link', { name: '设置' }).click();
  await page.getByRole('button', { name: 'English' }).first().click();
  await page.getByRole('heading', { name: 'Settings' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const nav = await page.textContent('nav.bottom-nav');
  for (const label of ['Today', 'Counselling', 'Settings']) assert.ok(nav.includes(label), nav);
  // The daily report is for advisors and offices, a bundle of their own.
  assert.ok(!nav.includes('Reports'), nav);
  assert.match(await page.textContent('[data-testid=hotline-bar]'), /National helpline/);
  assert.match(await page.textContent('[data-testid=hotline-more]'), /More/);

  // Remembered on the device across a reload.
  await page.reload();
  await waitForApp(page);
  await page.getByRole('heading', { name: 'Settings' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');

  // And back to Chinese.
  await page.getByRole('button', { name: '简体中文' }).first().click();
  await page.getByRole('heading', { name: '设置' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');

  // Go offline: the indicator says so, the hotlines stay, pages still open.
  await context.setOffline(true);
  await page.waitForFunction(
    () => document.querySelector('[data-testid=online-indicator]')?.textContent.includes('离线'),
  );
  await page.getByRole('link', { name: '心理咨询' }).click();
  await page.getByRole('heading', { name: '心理咨询预约' }).waitFor();
  assert.deepEqual(await hotlineHrefs(page), BAR);

  // Back online.
  await context.setOffline(false);
  await page.waitForFunction(
    () => document.querySelector('[data-testid=online-indicator]')?.textContent.includes('在线'),
  );

  // Usable at 360 px: nothing wider than the screen.
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `page is ${width}px wide`);
  assert.deepEqual(errors, [], 'no console errors (CSP included)');
  await context.close();
});

test('deep link opens the right page', async () => {
  const { context, page, errors } = await newPhone(browser);
  await page.goto(`${server.url}/settings`);
  await waitForApp(page);
  await page.getByRole('heading', { name: '设置' }).waitFor();
  assert.equal(
    await page.getAttribute('nav.bottom-nav a[aria-current="page"]', 'href'),
    '/settings',
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('the directory is kept on the device and used offline', async () => {
  const { context, page } = await newPhone(browser);
  await page.goto(`${server.url}/settings`);
  await waitForApp(page);
  await page.waitForFunction(
    () => !document.querySelector('[data-testid=directory-updated]')?.textContent.includes('尚未'),
  );
  // Settings also tells whether storage is persistent and how much is used.
  await page.getByTestId('storage-usage').waitFor();
  assert.match(await page.textContent('[data-testid=storage-usage]'), /\d+(\.\d)? [KMG]?B \/ \d+(\.\d)? [KMGT]B/);
  assert.ok(['true', 'false'].includes(await page.getAttribute('[data-testid=storage-status]', 'data-persisted')));
  assert.match(await page.textContent('.card:has([data-testid=storage-status])'), /添加到主屏幕/);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('anxin.v1.directory')));
  assert.equal(stored.directory.hotlines[0].number, SCHOOL_NUMBER);
  assert.equal(stored.directory.rules.fever_from_tenths_c, 373);
  await context.close();
});
