// Accounts on the phone: the first sign-in with a one-time code, working
// offline after it, problems shown next to their field (rate limiting
// included), signing out (with a warning when changes are not delivered),
// a session the server ended while changes were queued, and an account
// that does not declare.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchBrowser, newPhone, waitForApp } from './support/browser.mjs';
import { PASSWORD, WORDS, apiToken, fillNormal, openOnline, readNoticeIfShown, signIn, signInFirstTime } from './support/declaration.mjs';
import { issueCode, startServer } from './support/server.mjs';

const w = WORDS.en;

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

/** A phone that opened the app online; in English unless `lang` says. */
const openPhone = (lang = 'en') => openOnline(browser, server, lang);

/** What the server holds for `person`: one entry per revision. */
async function serverRevisions(person) {
  const token = await apiToken(server, person);
  const response = await fetch(`${server.url}/api/v1/sync/pull?protocol_version=1&cursor=0`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(response.status, 200);
  return (await response.json()).changes.map((c) => c.declaration_revision.revision_id);
}

async function fileNormal(page) {
  await fillNormal(page, w);
  await page.getByRole('button', { name: w.submit }).click();
  await page.getByTestId('result-normal').waitFor();
}

async function todayStateSays(page, text) {
  await page.waitForFunction(
    (wanted) => document.querySelector('[data-testid=today-state]')?.textContent.includes(wanted),
    text,
    { timeout: 20_000 },
  );
}

const anxinKeys = (page) =>
  page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('anxin.')).sort());
const storedToken = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('anxin.v1.session')).token);
const fieldError = (page, field) => page.locator(`[data-field=${field}] .field-error`);

/** Chromium logs refused requests (4xx) and offline fetches as console errors. */
const unexpected = (errors) =>
  errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource|Failed to fetch/.test(e));

test('first sign-in with a one-time code; offline after it, across reloads; delivered back online', async () => {
  const { page, context, errors } = await openPhone();
  await signInFirstTime(page, server, w, '2020-0101');
  const session = await page.evaluate(() => JSON.parse(localStorage.getItem('anxin.v1.session')));
  assert.equal(session.person.id, '2020-0101');
  assert.ok(session.token.length >= 22, 'a token of at least 128 bits');

  // Offline from here on: the session is read from the phone.
  await context.setOffline(true);
  await page.reload();
  await waitForApp(page);
  await page.getByTestId('declaration-form').waitFor();
  assert.equal(await page.getByTestId('sign-in-form').count(), 0, 'still signed in');
  await fileNormal(page);
  await todayStateSays(page, 'saved on this phone');

  await page.reload();
  await waitForApp(page);
  await page.getByTestId('result-normal').waitFor();
  await page.getByRole('link', { name: 'Settings' }).click();
  assert.equal(
    await page.getByTestId('account-person').textContent(),
    '李明 · 2020-0101 · 软件2001 · 信息工程学院 · Declarant',
  );
  await page.getByRole('link', { name: 'Today' }).click();
  assert.deepEqual(await serverRevisions('2020-0101'), [], 'nothing reached the server while offline');

  await context.setOffline(false);
  await todayStateSays(page, 'delivered');
  assert.equal((await serverRevisions('2020-0101')).length, 1);
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('sign-in problems show next to their field, checked on the phone first', async () => {
  const { page, context } = await openPhone();
  const sent = [];
  page.on('request', (r) => r.url().includes('/api/v1/session') && sent.push(r.url()));
  // A phone nobody signed in on leads with the one-time code.
  assert.equal(await page.getByTestId('code').isVisible(), true, 'code first on a new phone');
  assert.equal(await page.getByTestId('password').isVisible(), false);
  await page.getByTestId('person_id').fill('2020-0102');
  await page.getByTestId('code').fill('ABCDE-FGHJK');
  await page.getByTestId('new_password').fill('short');
  await page.getByTestId('repeat_password').fill('short');
  await page.getByRole('button', { name: w.setPassword }).click();
  assert.equal(await fieldError(page, 'new_password').textContent(), 'At least 8 characters');

  await page.getByTestId('new_password').fill(PASSWORD);
  await page.getByTestId('repeat_password').fill(`${PASSWORD}!`);
  await page.getByRole('button', { name: w.setPassword }).click();
  assert.equal(await fieldError(page, 'repeat_password').textContent(), 'The two passwords differ');
  assert.equal(await fieldError(page, 'new_password').count(), 0);
  assert.deepEqual(sent, [], 'the phone checked these without asking the server');

  // The server's answers: a code that is not the one issued, a common password.
  await page.getByTestId('repeat_password').fill(PASSWORD);
  await page.getByRole('button', { name: w.setPassword }).click();
  await fieldError(page, 'code').waitFor();
  assert.match(await fieldError(page, 'code').textContent(), /Wrong, used or expired code/);

  await page.getByTestId('code').fill(issueCode(server, '2020-0102').toLowerCase());
  await page.getByTestId('new_password').fill('password');
  await page.getByTestId('repeat_password').fill('password');
  await page.getByRole('button', { name: w.setPassword }).click();
  await fieldError(page, 'new_password').waitFor();
  assert.equal(await fieldError(page, 'new_password').textContent(), 'Too common: choose another');

  // Put right, it goes through.
  await page.getByTestId('code').fill(issueCode(server, '2020-0102'));
  await page.getByTestId('new_password').fill(PASSWORD);
  await page.getByTestId('repeat_password').fill(PASSWORD);
  await page.getByRole('button', { name: w.setPassword }).click();
  await readNoticeIfShown(page);
  await context.close();

  // A wrong password, in Chinese (the default language), on another phone.
  const zh = await openPhone('zh-CN');
  await zh.page.getByTestId('sign-in-mode').click();
  await zh.page.getByTestId('person_id').fill('2020-0102');
  await zh.page.getByTestId('password').fill('not the password');
  await zh.page.getByRole('button', { name: WORDS['zh-CN'].signIn, exact: true }).click();
  await fieldError(zh.page, 'password').waitFor();
  assert.equal(await fieldError(zh.page, 'password').textContent(), '学号 / 工号或密码错误');
  assert.equal(await zh.page.getByTestId('sign-in-form').isVisible(), true);

  // Offline, the phone says why it cannot sign in.
  await zh.context.setOffline(true);
  await zh.page.getByTestId('password').fill(PASSWORD);
  await zh.page.getByRole('button', { name: WORDS['zh-CN'].signIn, exact: true }).click();
  await zh.page.getByTestId('sign-in-problem').waitFor();
  assert.match(await zh.page.getByTestId('sign-in-problem').textContent(), /没有网络/);
  await zh.context.setOffline(false);
  await signIn(zh.page, '2020-0102');
  // A new phone for this person: the school's notice comes first.
  await readNoticeIfShown(zh.page);
  await zh.context.close();
});

test('signing out with an undelivered change warns first, then removes every record', async () => {
  const { page, context } = await openPhone();
  await signInFirstTime(page, server, w, '2020-0203');
  await context.setOffline(true);
  await fileNormal(page);

  await page.getByRole('link', { name: 'Settings' }).click();
  assert.equal(await page.getByTestId('sign-out-warning').isVisible(), false);
  await page.getByTestId('sign-out').click();
  const warning = page.getByTestId('sign-out-warning');
  await warning.waitFor();
  assert.match(await warning.textContent(), /1 changes are not delivered and will be deleted/);
  assert.match(await warning.textContent(), /Export undelivered/);
  assert.equal(await page.getByTestId('export-undelivered').isVisible(), true, 'the export is on the same page');
  assert.match(await page.getByTestId('sign-out-confirm').textContent(), /delete 1 changes/);
  assert.ok((await anxinKeys(page)).some((k) => k.startsWith('anxin.v1.outbox.')), 'nothing removed yet');

  await Promise.all([page.waitForURL(`${server.url}/`), page.getByTestId('sign-out-confirm').click()]);
  await waitForApp(page);
  await page.getByTestId('sign-in-form').waitFor();
  assert.deepEqual(
    await anxinKeys(page),
    ['anxin.schema', 'anxin.v1.lang', 'anxin.v1.signed_in_here'],
    'only the language, the layout and that someone signed in here stay (nothing personal)',
  );
  // So this phone now leads with the password.
  assert.equal(await page.getByTestId('password').isVisible(), true);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await context.close();
});

test('signing out with everything delivered: no warning, and the server revokes the session', async () => {
  const { page, context } = await openPhone();
  await signInFirstTime(page, server, w, '2021-0311');
  const token = await storedToken(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  await Promise.all([page.waitForURL(`${server.url}/`), page.getByTestId('sign-out').click()]);
  await waitForApp(page);
  await page.getByTestId('sign-in-form').waitFor();
  const check = await fetch(`${server.url}/api/v1/session`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(check.status, 401, 'the token no longer works');
  await context.close();
});

test('a session ended on the server: queued changes wait, and are delivered after signing in again', async () => {
  const { page, context, errors } = await openPhone();
  await signInFirstTime(page, server, w, 'T-2001');
  await context.setOffline(true);
  await fileNormal(page);
  // The session is revoked on the server while the phone is offline (as
  // after a sign-out elsewhere, or its expiry).
  const revoked = await fetch(`${server.url}/api/v1/session`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${await storedToken(page)}` },
  });
  assert.equal(revoked.status, 204);

  await context.setOffline(false);
  const ended = page.getByTestId('session-ended');
  await ended.waitFor({ timeout: 20_000 });
  assert.match(await ended.textContent(), /Your sign-in has ended/);
  assert.match(await ended.textContent(), /1 changes wait on this phone/);
  const id = page.getByTestId('person_id');
  assert.equal(await id.inputValue(), 'T-2001');
  assert.notEqual(await id.getAttribute('readonly'), null, 'the same person signs in again');
  assert.equal(await page.getByTestId('undelivered').getAttribute('data-count'), '1', 'nothing dropped');
  assert.deepEqual(await serverRevisions('T-2001'), []);

  // Still so after a reload: the phone remembers that the session ended.
  await page.reload();
  await waitForApp(page);
  await ended.waitFor();

  await signIn(page, 'T-2001');
  await todayStateSays(page, 'delivered');
  assert.equal(await page.getByTestId('undelivered').getAttribute('data-count'), '0');
  assert.equal((await serverRevisions('T-2001')).length, 1);
  assert.deepEqual(unexpected(errors), []);
  await context.close();
});

test('an account without the declarant role sees a note instead of the form', async () => {
  const { page, context } = await openPhone();
  await signInFirstTime(page, server, w, 'A-0001');
  await page.getByTestId('no-declarant').waitFor();
  assert.equal(await page.getByTestId('declaration-form').count(), 0);
  assert.equal(await page.getByTestId('today-state').isVisible(), false);
  assert.equal(await page.getByTestId('sync-status').count(), 0, 'nothing to sync');
  await page.getByRole('link', { name: 'Settings' }).click();
  assert.equal(await page.getByTestId('account-person').textContent(), '周管理员 · A-0001 · Administrator');
  await context.close();
});

test('too many failed sign-ins: the phone says when to try again', async () => {
  const strict = await startServer({ args: ['--max-failed-sign-ins-per-id', '1'] });
  const { page, context } = await newPhone(browser);
  try {
    await page.goto(strict.url);
    await waitForApp(page);
    await page.getByRole('button', { name: 'English' }).first().click();
    await page.getByTestId('sign-in-mode').click();
    await page.getByTestId('person_id').fill('2020-0101');
    await page.getByTestId('password').fill('not the password');
    await page.getByTestId('sign-in-submit').click();
    await fieldError(page, 'password').waitFor();
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('sign-in-problem').waitFor();
    // The server's Retry-After (15 minutes), in whole minutes.
    assert.equal(await page.getByTestId('sign-in-problem').textContent(), 'Too many attempts: try again in 15 min.');
    assert.equal(await fieldError(page, 'password').count(), 0, 'one problem at a time');
  } finally {
    await context.close();
    await strict.stop();
  }
});

test('an advisor gives her student the code for the first sign-in, and only hers', async () => {
  const advisor = await openPhone();
  await signInFirstTime(advisor.page, server, w, 'T-1001');
  // In the staff bundle (the daily report), one tap from the app.
  await advisor.page.getByTestId('nav-reports').click();
  await advisor.page.waitForURL(/\/reports$/);
  const form = advisor.page.getByTestId('issue-code-form');
  await form.waitFor();

  // Not a student of hers (another department's class): refused, next to the field.
  await advisor.page.getByTestId('code-person').fill('2021-0311');
  await advisor.page.getByTestId('issue-code').click();
  await fieldError(advisor.page, 'code_person').waitFor();
  assert.match(await fieldError(advisor.page, 'code_person').textContent(), /Only for students of your classes/);

  // The whole of 软件2002 at once: everyone there has set a password by
  // now (earlier tests), so the list says no codes are needed and gives
  // none (a code would let whoever holds the paper take an account over).
  await advisor.page.getByTestId('class-codes').filter({ hasText: 'Codes for 软件2002' }).tap();
  const list = advisor.page.getByTestId('class-code-list');
  await list.waitFor();
  assert.equal(await list.getByTestId('class-code-row').count(), 0);
  assert.match(await list.textContent(), /Every student of this class has a password/);
  assert.equal(await list.getByTestId('class-codes-print').isVisible(), false);

  // 陈晓 of 软件2002, one of her classes, one by one (replacing the list's code).
  await advisor.page.getByTestId('code-person').fill('2020-0203');
  await advisor.page.getByTestId('issue-code').click();
  const shown = advisor.page.getByTestId('issued-code');
  await shown.waitFor();
  assert.equal(await fieldError(advisor.page, 'code_person').count(), 0);
  const code = await shown.locator('strong').textContent();
  assert.match(code, /^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
  assert.match(await shown.textContent(), /Valid until/);
  await advisor.context.close();

  // The student's own phone: the code sets the password.
  const student = await openPhone();
  await signInFirstTime(student.page, server, w, '2020-0203', PASSWORD, code);
  await student.page.getByTestId('declaration-form').waitFor();
  // A student has no way there, and no such card in the app.
  assert.equal(await student.page.getByTestId('nav-reports').count(), 0);
  await student.page.getByRole('link', { name: 'Settings' }).click();
  await student.page.getByTestId('account').waitFor();
  assert.equal(await student.page.getByTestId('issue-code-form').count(), 0);
  await student.context.close();
});
