// A normal day as people live it, on a 360 × 740 phone: yesterday's
// situation in one tap and today's health asked fresh (at most 4 taps,
// counted from the events the page itself receives, and no scrolling);
// questions only where they apply, worded with the directory's province;
// errors said as the person types.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchBrowser, newPhone, waitForApp } from './support/browser.mjs';
import { WORDS, fillNormal, openOfflineReady } from './support/declaration.mjs';
import { startServer } from './support/server.mjs';

// Guangdong, not the built-in Hainan: the wording is the directory's.
const DIRECTORY = `
province_zh = "广东"
province_en = "Guangdong"
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

/** Counts the taps and keys the page receives (digits and the decimal
 * point of the temperature left out) and whether it ever scrolled. */
async function countInput(page) {
  await page.evaluate(() => {
    const seen = { taps: 0, keys: 0, scrolled: false };
    window.__input = seen;
    addEventListener('pointerdown', () => { seen.taps += 1; }, true);
    addEventListener('keydown', (e) => { if (!/^[0-9.,]$/.test(e.key)) seen.keys += 1; }, true);
    addEventListener('scroll', () => { seen.scrolled = true; }, true);
  });
}

test('zh-CN: an unchanged day in 4 taps at 360 × 740, yesterday taken over, today asked fresh', async () => {
  // Setup: yesterday (30 Nov, 08:00 in Shanghai) a full declaration.
  const w = WORDS['zh-CN'];
  const { page, context } = await openOfflineReady(browser, server, 'zh-CN', { clock: new Date('2026-11-30T00:00:00Z') });
  await fillNormal(page, w);
  await page.getByRole('button', { name: w.submit }).click();
  await page.getByTestId('result-normal').waitFor();
  // The next morning, with the page left open.
  await page.clock.fastForward('24:00:00');
  const offer = page.getByTestId('same-situation');
  await offer.waitFor();
  // Back to the top, and only then count: the scroll event of this
  // scrolling arrives a frame later and is not the person's.
  await page.evaluate(() => new Promise((done) => {
    if (window.scrollY === 0) return done();
    addEventListener('scroll', () => done(), { once: true });
    window.scrollTo(0, 0);
  }));
  const firstQuestion = await page.locator('[data-field=temperature]').boundingBox();
  assert.ok(firstQuestion.y + firstQuestion.height <= 740, `the first question is on the first screen (${firstQuestion.y})`);
  assert.equal(await page.inputValue('input[name=temperature]'), '', 'the temperature is never taken over');

  // Exec: what a person does on a normal day.
  await countInput(page);
  await offer.tap();
  await page.locator('input[name=temperature]').tap();
  await page.keyboard.type('36.4');
  await page.getByLabel(w.none, { exact: true }).tap();
  const line = await page.getByTestId('situation-line').textContent();
  const measuredAt = await page.inputValue('input[name=measured_at]');
  await page.getByTestId('submit').tap();
  await page.getByTestId('result-normal').waitFor();

  // Check: 4 taps, no key beyond the digits, no scrolling; yesterday's
  // situation said in one line before submitting; the time was now.
  const input = await page.evaluate(() => window.__input);
  assert.deepEqual(input, { taps: 4, keys: 0, scrolled: false });
  assert.match(line, /在校/);
  assert.match(line, /未离开本省/);
  assert.equal(measuredAt, '08:00', 'the measuring time offered is now');
  assert.equal(await page.getByTestId('repeat-flag').count(), 0, 'not identical: the temperature and time are today\'s');
  await page.getByRole('link', { name: w.history }).click();
  const today = page.getByTestId('history-day').first();
  await today.locator('summary').click();
  assert.match(await today.textContent(), /36\.4/);
  await context.close();
});

test('en: the return question only after leaving, with the province\'s name; contradictions and typing errors said at once', async () => {
  const { page, context } = await openOfflineReady(browser, server, 'en');
  const returned = page.locator('[data-field=returned]');
  assert.equal(await returned.isVisible(), false, 'not asked of someone who stayed');
  await page.locator('[data-field=left_province] input').first().check();
  await returned.waitFor();
  assert.match(await returned.textContent(), /Have you returned to Guangdong\?/);

  // Outside the province, yet returned: refused next to both answers.
  await page.locator('[data-field=location] input').nth(2).check();
  await returned.locator('input').first().check();
  const contradiction = 'You are outside the province now, so you have not returned: change one of these two answers';
  await page.locator('[data-field=location] .field-error', { hasText: contradiction }).waitFor();
  await returned.locator('.field-error', { hasText: contradiction }).waitFor();
  await returned.locator('input').nth(1).check();
  await page.locator('[data-field=location] .field-error').waitFor({ state: 'detached' });

  // "365": out of range as soon as the field is left, with the likely reading.
  await page.locator('input[name=temperature]').fill('365');
  assert.equal(await page.locator('[data-field=temperature] .field-error').count(), 0, 'not while typing');
  await page.locator('input[name=city]').focus();
  await page.locator('[data-field=temperature] .field-error').waitFor();
  assert.equal(await page.locator('[data-field=status] .field-error').count(), 0, 'unanswered questions wait for the submit');
  await page.getByTestId('temperature-suggestion').filter({ hasText: 'Did you mean 36.5 °C?' }).tap();
  assert.equal(await page.inputValue('input[name=temperature]'), '36.5');
  await page.locator('[data-field=temperature] .field-error').waitFor({ state: 'detached' });

  // The remark's limit, as a counter.
  await page.locator('textarea[name=remarks]').fill('a'.repeat(120));
  assert.equal(await page.getByTestId('remarks-count').textContent(), '120 / 500 characters');
  await context.close();
});

test('en-US browser, first visit: English, and the sign-in leads with the advisor\'s code; nothing about today before signing in', async () => {
  // 10:30 in Shanghai: past the reminder time, yet no reminder for nobody.
  const { page, context } = await newPhone(browser, { locale: 'en-US' });
  await page.clock.install({ time: new Date('2026-12-01T02:30:00Z') });
  await page.goto(server.url);
  await waitForApp(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.getByRole('heading', { name: 'First time? Enter the code from your advisor' }).waitFor();
  assert.equal(await page.getByTestId('code').isVisible(), true);
  assert.equal(await page.getByTestId('password').isVisible(), false, 'the password is the second way');
  assert.equal(await page.getByTestId('reminder').count(), 0, 'no reminder for someone not signed in');
  assert.equal(await page.getByTestId('today-state').isVisible(), false);
  // The header's language buttons are named as they read.
  await page.getByRole('button', { name: 'EN English' }).waitFor();

  // The counsellor's desk, signed out: the way to sign in, not a dead end.
  await page.goto(`${server.url}/counsellor`);
  await waitForApp(page);
  await page.getByTestId('desk-sign-in').tap();
  await page.getByRole('heading', { name: 'First time? Enter the code from your advisor' }).waitFor();
  await context.close();
});
