// Filling the declaration like a person would: shared by the end-to-end
// tests and the save benchmark.
import { newPhone, waitForApp } from './browser.mjs';

export const WORDS = {
  'zh-CN': { save: '保存', submit: '提交今日申报', student: '学生', cough: '咳嗽', none: '无', correct: '更正今日申报', submitCorrection: '提交更正', history: '查看申报历史' },
  en: { save: 'Save', submit: "Submit today's declaration", student: 'Student', cough: 'Cough', none: 'None', correct: "Correct today's declaration", submitCorrection: 'Submit correction', history: 'See your history' },
};

export async function openOfflineReady(browser, server, lang, options = {}) {
  const phone = await newPhone(browser);
  if (options.clock) await phone.page.clock.install({ time: options.clock });
  const { page, context } = phone;
  await page.goto(server.url);
  await waitForApp(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
  });
  if (lang === 'en') await page.getByRole('button', { name: 'English' }).first().click();
  await context.setOffline(true);
  await page.reload();
  await waitForApp(page);
  return phone;
}

export async function fillProfile(page, w) {
  await page.fill('input[name=person_id]', '2020-0101');
  await page.fill('input[name=name]', 'Li Ming');
  await page.getByLabel(w.student, { exact: true }).check();
  await page.fill('input[name=department]', 'Information Engineering');
  await page.fill('input[name=class_name]', 'Software 2001');
  await page.getByRole('button', { name: w.save }).click();
  await page.getByTestId('declaration-form').waitFor();
}

export async function answerRest(page) {
  await page.fill('input[name=measured_at]', '00:00');
  await page.locator('[data-field=location] input').first().check();
  await page.locator('[data-field=left_province] input').nth(1).check();
  await page.locator('[data-field=returned] input').nth(1).check();
  for (const kind of ['confirmed_case', 'suspected_case', 'high_risk_area', 'household_symptoms']) {
    await page.locator(`[data-field=exposure_${kind}] input`).nth(1).check();
  }
  await page.locator('[data-field=status] input').first().check();
}


/** Every answer of a normal declaration (36.6 °C, no symptoms). */
export async function fillNormal(page, w) {
  await page.fill('input[name=temperature]', '36.6');
  await page.getByLabel(w.none, { exact: true }).check();
  await answerRest(page);
}
