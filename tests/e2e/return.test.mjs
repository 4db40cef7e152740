// Return to campus on 360 px phones, in Chinese: a student who declared
// being at home has a "check" pass and applies to return today; her
// advisor approves in the daily report, then the department office; back
// on the student's phone the pass says "may enter".
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchBrowser, waitForApp } from './support/browser.mjs';
import { WORDS, openOnline, signInFirstTime } from './support/declaration.mjs';
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

/** A normal declaration from home, in the province. */
async function declareFromHome(page, w) {
  await page.fill('input[name=temperature]', '36.6');
  await page.getByLabel(w.none, { exact: true }).check();
  await page.fill('input[name=measured_at]', '00:00');
  await page.locator('[data-field=location] input').nth(1).check();
  await page.fill('input[name=city]', '海口');
  await page.fill('input[name=district]', '龙华区');
  await page.locator('[data-field=left_province] input').nth(1).check();
  for (const kind of ['confirmed_case', 'suspected_case', 'high_risk_area', 'household_symptoms']) {
    await page.locator(`[data-field=exposure_${kind}] input`).nth(1).check();
  }
  await page.locator('[data-field=status] input').first().check();
  await page.getByRole('button', { name: w.submit }).click();
  await page.getByTestId('today-state').getByText('已上报').waitFor({ timeout: 20_000 });
}

/** Approves the one application waiting in the signed-in decider's report. */
async function approveIn(page) {
  await page.goto(`${server.url}/reports`);
  await waitForApp(page);
  const item = page.getByTestId('return-item').first();
  await item.waitFor({ timeout: 20_000 });
  assert.match(await item.innerText(), /李明/);
  await item.getByTestId('return-approve').click();
  await page.getByTestId('return-queued').first().waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=undelivered]')?.dataset.count === '0', null, { timeout: 30_000 });
}

test('zh-CN: an application approved by the advisor and the office turns the pass to may enter', async () => {
  const w = WORDS['zh-CN'];
  const student = await openOnline(browser, server, 'zh-CN');
  await signInFirstTime(student.page, server, w);
  await declareFromHome(student.page, w);
  await student.page.locator('nav.bottom-nav a[href="/pass"]').click();
  const pass = student.page.getByTestId('pass');
  await pass.waitFor({ timeout: 20_000 });
  assert.equal(await pass.getAttribute('data-status'), 'check');

  // She applies to return today. Sent empty, the form says every problem
  // at once, each next to its field, in her language.
  const form = student.page.getByTestId('return-form');
  await form.waitFor();
  await student.page.getByTestId('return-submit').click();
  await form.locator('[data-field=from_where] .field-error').getByText('请填写从何处返校').waitFor();
  assert.equal(await form.locator('[data-field=transport] .field-error').count(), 1, 'the transport too');
  await form.locator('[data-field=confirmation] + .field-error').getByText('提交前请确认此项').waitFor();
  await student.page.getByTestId('return-from').fill('海口市龙华区');
  await form.locator('[data-field=transport] input').first().check();
  await student.page.getByTestId('return-submit').click();
  await form.locator('[data-field=confirmation] + .field-error').waitFor();
  assert.equal(await form.locator('.field-error').count(), 1, 'only the confirmation is left');
  await student.page.getByTestId('return-confirm').check();
  await student.page.getByTestId('return-submit').click();
  await student.page.getByTestId('return-state').waitFor({ timeout: 20_000 });
  assert.ok(await student.page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no wider than the phone');

  // The advisor, then the department office.
  const advisor = await openOnline(browser, server, 'zh-CN');
  await signInFirstTime(advisor.page, server, w, 'T-1001');
  await approveIn(advisor.page);
  const office = await openOnline(browser, server, 'zh-CN');
  await signInFirstTime(office.page, server, w, 'T-3001');
  await approveIn(office.page);

  // The student's next sync: may enter.
  await student.page.reload();
  await waitForApp(student.page);
  await student.page.getByTestId('pass').and(student.page.locator('[data-status=may-enter]')).waitFor({ timeout: 20_000 });
  // The approval says from which day, written as days are everywhere.
  assert.match(await student.page.getByTestId('return-state').innerText(), /\d+月\d+日起可以入校/);
  for (const phone of [student, advisor, office]) {
    assert.deepEqual(phone.errors, []);
    await phone.context.close();
  }
});
