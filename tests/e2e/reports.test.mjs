// The daily report, end to end on phones at 360 px: five students of one
// class, two file (one abnormal); the advisor sees three not received and
// one abnormal, reminds (a student's phone shows the banner after its next
// sync), records reasons (one offline, decided once back online), sends a
// declaration back (the student sees it and corrects it), cannot sign
// until every person not received has a reason (the screen says why),
// then signs; the department office signs after its class, the school
// office after its department; a declaration arriving after the
// signatures shows as an amendment upward, signed again level by level;
// the CSV starts with the BOM and the Chinese header; the chart's values
// are the report's, with its table; the school office reads it in English.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser, waitForApp } from './support/browser.mjs';
import { WORDS, answerRest, apiToken, fillNormal, openOnline, signInFirstTime } from './support/declaration.mjs';
import { startServer } from './support/server.mjs';

const ROSTER = join(import.meta.dirname, 'support', 'reports-roster.csv');
const CLASS = '网络2001';
const STUDENTS = ['2020-1001', '2020-1002', '2020-1003', '2020-1004', '2020-1005'];
const ADVISOR = 'T-1001';
const DEPARTMENT_OFFICE = 'T-3001';
const SCHOOL_OFFICE = 'T-3002';
const w = WORDS['zh-CN'];

let server;
let browser;
before(async () => {
  server = await startServer({ roster: ROSTER });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Waits until the element of `testid` (in `within`, if given) has `text`. */
async function waitText(page, testid, text, within = null) {
  await page.waitForFunction(
    ([id, want, scope]) => {
      const root = scope ? document.querySelector(`[data-testid="${scope}"]`) : document;
      const el = root?.querySelector(`[data-testid="${id}"]`);
      return el?.textContent.includes(want);
    },
    [testid, text, within],
  );
}

/** Waits until the attribute `name` of `selector` is `value`. */
async function waitAttr(page, selector, name, value) {
  await page.waitForFunction(
    ([sel, attr, want]) => document.querySelector(sel)?.getAttribute(attr) === want,
    [selector, name, value],
  );
}

/** Waits until nothing is left to deliver on the phone. */
async function delivered(page) {
  await page.waitForSelector('[data-testid=undelivered][data-count="0"]', { state: 'attached' });
}

/** A phone signed in for the first time (a one-time code from the server). */
async function phone(personId) {
  const p = await openOnline(browser, server, 'zh-CN');
  await signInFirstTime(p.page, server, w, personId);
  return p;
}

async function fileNormal(page) {
  await fillNormal(page, w);
  await page.getByRole('button', { name: w.submit }).click();
  await page.getByTestId('result-normal').waitFor();
  await delivered(page);
}

async function fileFever(page) {
  await page.fill('input[name=temperature]', '38.5');
  await page.getByLabel(w.none, { exact: true }).check();
  await answerRest(page);
  await page.getByRole('button', { name: w.submit }).click();
  await page.getByTestId('result-abnormal').waitFor();
  await delivered(page);
}

/** Opens the daily report from the app's bottom navigation (a page load). */
async function openReports(page) {
  await page.getByTestId('nav-reports').click();
  await page.waitForURL(/\/reports$/);
  await waitForApp(page);
  await page.getByTestId('report-summary').waitFor();
}

/** Fetches the report again and waits for the answer. */
async function refresh(page) {
  await page.getByTestId('report-refresh').click();
  await page.waitForSelector('[data-testid=report-loading]', { state: 'detached' });
}

/** The line of one person in the report. */
const person = (page, id) => page.getByTestId(`person-${id}`);

async function recordReason(page, id, kind, note = '') {
  const line = person(page, id);
  await line.getByTestId('reason-open').click();
  await line.getByTestId('reason-kind').selectOption(kind);
  if (note) await line.getByTestId('reason-note').fill(note);
  await line.getByTestId('reason-submit').click();
  await line.getByTestId('reason-form').waitFor({ state: 'detached' });
}

async function sign(page) {
  await page.getByTestId('sign').click();
  await waitAttr(page, '[data-testid=sign-action-state]', 'data-delivery', 'delivered');
  await waitAttr(page, '[data-testid=sign-state]', 'data-state', 'signed');
}

test('three levels sign the day, the late declaration is an amendment upward, offline reasons are decided online', async () => {
  // Two of five file: one normal, one with a fever.
  const first = await phone(STUDENTS[0]);
  await fileNormal(first.page);
  const second = await phone(STUDENTS[1]);
  await fileFever(second.page);
  const third = await phone(STUDENTS[2]);

  // The advisor also declares: her filing and her actions share one queue.
  const advisor = await phone(ADVISOR);
  await fileNormal(advisor.page);
  const a = advisor.page;
  await openReports(a);
  assert.equal(await a.getByTestId('report-scope').locator('option:checked').textContent(), CLASS);
  await waitText(a, 'figure-expected', '5');
  assert.equal(await a.getByTestId('figure-missing').textContent(), '3');
  assert.equal(await a.getByTestId('figure-abnormal').textContent(), '1');
  assert.equal(await a.getByTestId('report-completion').textContent(), '40.0 %');
  // Not received, never "did not report"; the missing and the abnormal first.
  const order = await a.$$eval('[data-testid=report-people] article', (all) => all.map((e) => e.dataset.testid));
  assert.deepEqual(order.slice(0, 4), ['person-2020-1003', 'person-2020-1004', 'person-2020-1005', 'person-2020-1002']);
  assert.match(await person(a, STUDENTS[2]).textContent(), /未收到/);
  assert.equal(await person(a, STUDENTS[2]).getByTestId('person-phone').getAttribute('href'), 'tel:13800001003');

  // The class's printable list of codes: only the two who never signed in
  // (李四, 周五), each with a code, in Chinese.
  await a.getByTestId('class-codes').filter({ hasText: `${CLASS} 的验证码` }).click();
  const codes = a.getByTestId('class-code-list');
  await codes.waitFor();
  const rows = await codes.getByTestId('class-code-row').allTextContents();
  assert.deepEqual(rows.map((r) => r.slice(0, 9)), ['2020-1004', '2020-1005']);
  for (const row of rows) assert.match(row, /[2-9A-Z]{5}-[2-9A-Z]{5}$/);
  assert.match(await codes.locator('h3').textContent(), /有效期至 \d{1,2}月\d{1,2}日 \d{2}:\d{2}/);
  await codes.getByTestId('class-codes-print').waitFor();

  // Not signable yet, and the screen says why.
  assert.equal(await a.getByTestId('sign').isVisible(), false);
  await waitText(a, 'sign-blockers', '3 人未收到且未登记原因');

  // 一键催填: three reminded; the third student's phone shows it after its sync.
  await a.getByTestId('remind-all').click();
  await waitText(a, 'remind-result', '已提醒 3 人，0 人已达每日上限');
  await third.page.getByTestId('sync-now').click();
  await third.page.getByTestId('advisor-reminder').waitFor();
  assert.match(await third.page.getByTestId('advisor-reminder').textContent(), /张老师/);

  // A reason for the fourth (the note has a visible limit).
  await person(a, STUDENTS[3]).getByTestId('reason-open').click();
  await person(a, STUDENTS[3]).getByTestId('reason-note').fill('发烧在家休息');
  assert.equal(await person(a, STUDENTS[3]).getByTestId('reason-note-count').textContent(), '6/200');
  await person(a, STUDENTS[3]).getByTestId('reason-kind').selectOption('sick');
  await person(a, STUDENTS[3]).getByTestId('reason-submit').click();
  await waitAttr(a, '[data-testid="person-2020-1004"] [data-testid=action-state]', 'data-delivery', 'delivered');
  await refresh(a);
  await waitAttr(a, '[data-testid="person-2020-1004"]', 'data-standing', 'excused');
  await waitText(a, 'sign-blockers', '2 人未收到且未登记原因');

  // Send the first student's declaration back; she sees it and corrects it.
  await person(a, STUDENTS[0]).getByTestId('send-back-open').click();
  await person(a, STUDENTS[0]).getByTestId('send-back-comment').fill('体温请重新测量');
  await person(a, STUDENTS[0]).getByTestId('send-back-submit').click();
  await waitAttr(a, '[data-testid="person-2020-1001"] [data-testid=action-state]', 'data-delivery', 'delivered');
  await first.page.getByTestId('sync-now').click();
  await first.page.getByTestId('sent-back').waitFor();
  assert.match(await first.page.getByTestId('sent-back').textContent(), /体温请重新测量/);
  await first.page.getByRole('button', { name: w.correct }).click();
  await first.page.fill('input[name=temperature]', '36.7');
  await first.page.fill('input[name=reason]', '重新测量');
  await first.page.getByRole('button', { name: w.submitCorrection }).click();
  await first.page.getByTestId('result-normal').waitFor();
  await first.page.getByTestId('sent-back').waitFor({ state: 'hidden' });
  await delivered(first.page);
  await refresh(a);
  await waitText(a, 'figure-sent_back', '0');

  // Offline: a reason recorded on the phone, decided once back online.
  await advisor.context.setOffline(true);
  await a.getByTestId('report-offline').waitFor();
  await recordReason(a, STUDENTS[4], 'leave');
  await waitAttr(a, '[data-testid="person-2020-1005"] [data-testid=action-state]', 'data-delivery', 'saved_on_device');
  await advisor.context.setOffline(false);
  await waitAttr(a, '[data-testid="person-2020-1005"] [data-testid=action-state]', 'data-delivery', 'delivered');
  await waitText(a, 'sign-blockers', '1 人未收到且未登记原因');

  // The department office waits for its class.
  const office = await phone(DEPARTMENT_OFFICE);
  const o = office.page;
  await openReports(o);
  await waitText(o, 'sign-blockers', '1 个班级未签发');
  assert.equal(await o.getByTestId('sign').isVisible(), false);
  await o.getByTestId(`part-${CLASS}`).waitFor();

  // The last reason: the class is signable, not a zero report (one abnormal).
  await recordReason(a, STUDENTS[2], 'other', '联系家长中');
  await waitAttr(a, '[data-testid="person-2020-1003"] [data-testid=action-state]', 'data-delivery', 'delivered');
  await a.getByTestId('sign').waitFor();
  assert.equal(await a.getByTestId('sign').textContent(), '签发日报告');
  await sign(a);
  assert.match(await a.getByTestId('sign-versions').textContent(), /第 1 版 · 张老师/);

  // The department office signs after its class, the school after it.
  await refresh(o);
  await waitAttr(o, `[data-testid="part-${CLASS}"]`, 'data-state', 'signed');
  await sign(o);
  const school = await phone(SCHOOL_OFFICE);
  const s = school.page;
  await openReports(s);
  await waitAttr(s, '[data-testid="part-信息工程学院"]', 'data-state', 'signed');
  await sign(s);

  // A declaration after the signatures: an amendment at each level.
  await fileNormal(third.page);
  await refresh(a);
  await waitAttr(a, '[data-testid=sign-state]', 'data-state', 'amended');
  await a.getByTestId('amendment').waitFor();
  assert.match(await a.getByTestId('amendment').textContent(), /孙三/);
  assert.equal(await a.getByTestId('sign').textContent(), '签发更正');
  await refresh(o);
  await waitAttr(o, '[data-testid=sign-state]', 'data-state', 'amended');
  await waitAttr(o, `[data-testid="part-${CLASS}"]`, 'data-state', 'amended');
  await sign(a);
  await refresh(o);
  await o.getByTestId(`part-${CLASS}`).getByTestId('part-corrected').waitFor();
  await sign(o);

  // The school office, in English: corrected after signing, signed again.
  await s.getByRole('button', { name: 'English' }).first().click();
  await refresh(s);
  await waitAttr(s, '[data-testid=sign-state]', 'data-state', 'amended');
  await s.getByTestId('part-信息工程学院').getByTestId('part-corrected').waitFor();
  assert.equal(await s.getByTestId('part-corrected').textContent(), 'Corrected after signing');
  assert.equal(await s.getByTestId('sign').textContent(), 'Sign the amendment');
  await sign(s);
  assert.match(await s.getByTestId('sign-state').textContent(), /^Signed \(version 2\)/);

  // Beyond the abnormal names, the school office opens a record only with
  // a typed reason (said next to the field); the person sees the read.
  await s.getByTestId('open-person').fill(STUDENTS[0]);
  await s.getByTestId('open-submit').click();
  await s.locator('[data-field=open_reason] .field-error').getByText('Type why this record must be opened').waitFor();
  assert.equal(await s.getByTestId('opened-record').count(), 0);
  await s.getByTestId('open-reason').fill('区疾控要求核实密接');
  await s.getByTestId('open-submit').click();
  const opened = s.getByTestId('opened-record');
  await opened.getByText(STUDENTS[0]).waitFor();
  assert.match(await opened.innerText(), /36\.\d °C/);
  const own = await fetch(`${server.url}/api/v1/me/data`, { headers: { authorization: `Bearer ${await apiToken(server, STUDENTS[0])}` } });
  const reads = (await own.json()).read_by.filter((r) => r.kind === 'opened_with_reason');
  assert.deepEqual(reads.map((r) => [r.reader_id, r.reason]), [[SCHOOL_OFFICE, '区疾控要求核实密接']]);

  // The school office alone is warned of the next retention purge: the
  // server ran its daily purge at start, and nothing here is due yet.
  const warning = s.getByTestId('retention-warning');
  await warning.getByRole('heading', { name: 'Records due for deletion' }).waitFor();
  await warning.getByTestId('retention-nothing').getByText(/^Nothing is due at the run of /).waitFor();
  assert.equal(await warning.getByTestId('retention-response').textContent(), 'The epidemic response has not been declared ended.');
  assert.equal(await o.getByTestId('retention-warning').count(), 0);

  // The CSV: UTF-8 with BOM, the header row in Chinese.
  const [download] = await Promise.all([a.waitForEvent('download'), a.getByTestId('report-export').click()]);
  const bytes = await readFile(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the BOM');
  const firstLine = bytes.subarray(3).toString('utf8').split('\r\n')[0];
  assert.match(firstLine, /^学号\/工号,姓名,类别,班级,申报情况/);
  assert.match(download.suggestedFilename(), /\.csv$/);

  // The chart's values are the report's, and its table says the same.
  const today = await a.getByTestId('report-day').inputValue();
  const bar = a.locator(`[data-testid=trend-day][data-day="${today}"]`);
  assert.equal(await bar.getAttribute('data-permille'), await a.getByTestId('report-completion').getAttribute('data-permille'));
  assert.equal(await bar.getAttribute('data-abnormal'), await a.getByTestId('figure-abnormal').textContent());
  assert.equal(await bar.getAttribute('data-amended'), 'true');
  const row = a.locator(`[data-testid=trend-row][data-day="${today}"]`);
  assert.equal(await row.getByTestId('trend-completion').textContent(), await a.getByTestId('report-completion').textContent());
  assert.equal(await row.getByTestId('trend-abnormal').textContent(), await a.getByTestId('figure-abnormal').textContent());

  // Every page fits a 360 px phone.
  for (const p of [a, o, s]) {
    const width = await p.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the report is ${width}px wide`);
  }
  // No console errors (the policy included), besides requests made offline.
  for (const p of [first, second, third, advisor, office, school]) {
    const errors = p.errors.filter((e) => !e.includes('Failed to load resource') && !e.includes('ERR_INTERNET_DISCONNECTED'));
    assert.deepEqual(errors, []);
    await p.context.close();
  }
});

test('offline before the bundle was ever opened, the app says the report needs the network', async () => {
  const p = await phone(SCHOOL_OFFICE);
  await p.context.setOffline(true);
  await p.page.getByTestId('nav-reports').click();
  await p.page.getByTestId('reports-offline').waitFor();
  await p.context.close();
});

test('opened once online, the report works offline after a reload, and an action queued there is decided online', async () => {
  const p = await phone(DEPARTMENT_OFFICE);
  const o = p.page;
  await openReports(o);
  const completion = await o.getByTestId('report-completion').textContent();
  await p.context.setOffline(true);
  await o.reload();
  await waitForApp(o);
  await o.getByTestId('report-kept').waitFor();
  assert.equal(await o.getByTestId('report-completion').textContent(), completion);
  assert.equal(await o.getByTestId('report-export').isDisabled(), true);
  await o.getByTestId('report-export-offline').waitFor();

  // The level above returns the class's signed version, offline.
  const part = o.getByTestId(`part-${CLASS}`);
  await part.getByTestId('return-open').click();
  await part.getByTestId('return-reason').fill('请核对迟报人员');
  await part.getByTestId('return-submit').click();
  const state = `[data-testid="part-${CLASS}"] [data-testid=return-state]`;
  await waitAttr(o, state, 'data-delivery', 'saved_on_device');
  await p.context.setOffline(false);
  await waitAttr(o, `[data-testid="part-${CLASS}"]`, 'data-state', 'returned');
  await waitAttr(o, state, 'data-delivery', 'delivered');
  assert.match(await part.getByTestId('part-state').textContent(), /请核对迟报人员/);
  await p.context.close();
});
