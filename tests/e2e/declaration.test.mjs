// Filing, correcting and reviewing today's declaration, offline after the
// first load and sign-in, in Chinese and in English.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchBrowser, waitForApp } from './support/browser.mjs';
import { WORDS, answerRest, fillNormal, openOfflineReady } from './support/declaration.mjs';
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

for (const lang of ['zh-CN', 'en']) {
  const w = WORDS[lang];

  test(`${lang}: a normal declaration, offline`, async () => {
    const { page, context, errors } = await openOfflineReady(browser, server, lang);
    await page.getByRole('button', { name: w.submit }).click();
    assert.ok((await page.locator('.field-error').count()) > 0, 'errors are shown next to the fields');
    // The first wrong field is brought into view with the cursor in it.
    await page.waitForFunction(() => document.activeElement?.name === 'temperature');
    await page.fill('input[name=temperature]', '36.5');
    await page.getByLabel(w.none, { exact: true }).check();
    await answerRest(page);
    await page.getByRole('button', { name: w.submit }).click();
    await page.getByTestId('result-normal').waitFor();
    assert.deepEqual(errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED')), []);
    await context.close();
  });

  test(`${lang}: abnormal (38.1 °C and a cough) shows reasons and hotline; draft survives reload; correction makes two revisions`, async () => {
    const { page, context } = await openOfflineReady(browser, server, lang);
    await page.fill('input[name=temperature]', '38.1');
    await page.getByLabel(w.someSymptoms, { exact: true }).check();
    await page.getByLabel(w.cough, { exact: true }).check();
    await answerRest(page);

    await page.reload();
    await waitForApp(page);
    assert.equal(await page.inputValue('input[name=temperature]'), '38.1', 'the draft is restored');

    await page.getByRole('button', { name: w.submit }).click();
    const result = page.getByTestId('result-abnormal');
    await result.waitFor();
    const text = await result.textContent();
    assert.match(text, /38\.1/);
    assert.ok(text.includes(w.cough));
    assert.equal(await result.locator('a[href="tel:12356"]').count(), 1);
    // Whom to call, first: the campus clinic, then her own advisor (from
    // the roster, kept on the phone: this one is offline), then the lines.
    const calls = await result.getByTestId('call-line').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.deepEqual(calls.slice(0, 2), ['tel:089866000120', 'tel:13900000001']);
    assert.match(await result.getByTestId('call-line').nth(1).textContent(), lang === 'en' ? /Your advisor 张老师/ : /辅导员 张老师/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the result is ${width}px wide at 360`);

    await page.getByRole('button', { name: w.correct }).click();
    await page.fill('input[name=temperature]', '36.8');
    await page.getByLabel(w.cough, { exact: true }).uncheck();
    await page.getByLabel(w.none, { exact: true }).check();
    await page.getByRole('button', { name: w.submitCorrection }).click();
    assert.ok((await page.locator('[data-field=reason] .field-error').count()) === 1, 'a reason is required');
    await page.fill('input[name=reason]', 'measured again');
    await page.getByRole('button', { name: w.submitCorrection }).click();
    await page.getByTestId('result-normal').waitFor();

    await page.getByRole('link', { name: w.history }).click();
    const day = page.getByTestId('history-day').first();
    await day.locator('summary').click();
    assert.equal(await day.getByTestId('revision').count(), 2);
    assert.match(await day.textContent(), /measured again/);
    await context.close();
  });
}

test('en: past the reminder time a missing declaration shows a banner, until it is filed', async () => {
  const w = WORDS.en;
  // 09:59 in Shanghai, a minute before the default reminder time (10:00).
  const { page, context } = await openOfflineReady(browser, server, 'en', { clock: new Date('2026-11-30T01:59:00Z') });
  assert.equal(await page.getByTestId('reminder').count(), 0, 'no banner before the reminder time');
  // The app stays open while the clock passes 10:00.
  await page.clock.fastForward('02:00');
  await page.getByTestId('reminder').waitFor();
  await fillNormal(page, w);
  await page.getByRole('button', { name: w.submit }).click();
  await page.getByTestId('result-normal').waitFor();
  assert.equal(await page.getByTestId('reminder').count(), 0, 'the banner goes once filed');
  await context.close();
});
