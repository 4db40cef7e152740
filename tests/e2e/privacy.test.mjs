// The school's privacy notice: shown before the first declaration, read
// and acknowledged once, not shown again, and shown again (in the
// person's language) after the school changed its text. Settings →
// Privacy names the version read, and exports what the server holds.
// The optional wellbeing question: offered once after a declaration,
// "very low" shows the hotlines and the call-back offline, the answer
// reaches the server apart from the declaration (no advisor sees it), and
// Settings turns it off, deleting it. A request for deletion, asked
// offline in Settings, reaches the admin, whose answer the phone shows.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser, waitForApp } from './support/browser.mjs';
import { PASSWORD, WORDS, apiToken, fillNormal, openOnline, signInFirstTime, submitFirstSignIn } from './support/declaration.mjs';
import { issueCode, serverCommand, startServer } from './support/server.mjs';

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

test('the notice comes before the first declaration, and again after its text changed', async () => {
  const w = WORDS['zh-CN'];
  const { page, context } = await openOnline(browser, server, 'zh-CN');
  // Setup: the first sign-in, the notice left unread.
  await submitFirstSignIn(page, server, w);

  // Check: the notice, not the form; the crisis lines are there all the same.
  const notice = page.getByTestId('privacy-notice');
  await notice.waitFor();
  assert.equal(await page.getByTestId('declaration-form').count(), 0, 'no form before the notice is read');
  assert.match(await notice.innerText(), /谁能看到/);
  assert.match(await notice.innerText(), /不以你的同意为前提/);
  assert.ok((await page.locator('a[href="tel:12356"]').count()) > 0, 'the hotlines never wait');

  // Exec: read; the form comes, and a declaration is filed and delivered.
  await page.getByTestId('notice-accept').click();
  await page.getByTestId('declaration-form').waitFor();
  await fillNormal(page, w);
  await page.getByRole('button', { name: w.submit }).click();
  await page.getByTestId('today-state').getByText('已上报').waitFor({ timeout: 20_000 });
  await page.reload();
  await waitForApp(page);
  await page.getByTestId('today-state').getByText('已上报').waitFor();
  assert.equal(await notice.count(), 0, 'read once: not shown again');
  await page.goto(`${server.url}/settings`);
  await waitForApp(page);
  assert.equal(await page.getByTestId('notice-version').innerText(), '2026-12-01');

  // The export of what the server holds: the day filed, the notice read.
  await page.waitForFunction(() => document.querySelector('[data-testid=undelivered]')?.dataset.count === '0', null, { timeout: 20_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('own-data-export').click()]);
  assert.match(download.suggestedFilename(), /^anxin-my-data-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(exported.person_id, '2020-0101');
  assert.equal(exported.declarations.length, 1);
  assert.equal(exported.declarations[0].answers.temperature, 366);
  assert.deepEqual(exported.notice_views.map((v) => v.version), ['2026-12-01']);
  assert.deepEqual(exported.consents, []);

  // Exec: the school publishes a new text; the server starts with it.
  const file = join(server.dataDir, 'notice-v2.toml');
  writeFileSync(file, 'version = "2026-12-15"\nzh = "## 变更\\n保存期限已调整。"\nen = "## What changed\\nHow long data is kept was changed."\n');
  await server.crash();
  server = await startServer({ port: server.port, dataDir: server.dataDir, args: ['--privacy-notice', file] });
  await page.getByRole('button', { name: 'English' }).first().click();
  await page.goto(`${server.url}/`);
  await waitForApp(page);

  // Check: shown again, in English, with the new text; read, it goes.
  await notice.waitFor({ timeout: 20_000 });
  assert.match(await notice.innerText(), /How long data is kept was changed/);
  await page.getByTestId('notice-accept').click();
  await notice.waitFor({ state: 'detached' });
  await page.getByTestId('today-state').getByText('delivered').waitFor();
  await page.goto(`${server.url}/settings`);
  await waitForApp(page);
  assert.equal(await page.getByTestId('notice-version').innerText(), '2026-12-15');
  await page.waitForFunction(() => document.querySelector('[data-testid=undelivered]')?.dataset.count === '0', null, { timeout: 20_000 });
  await context.close();
});

test('the wellbeing question: offered once, "very low" shows the hotlines offline, kept apart and deleted when turned off', async () => {
  const w = WORDS.en;
  const { page, context } = await openOnline(browser, server, 'en');
  await signInFirstTime(page, server, w, '2020-0102');
  await fillNormal(page, w);
  await page.getByRole('button', { name: w.submit }).click();
  await page.getByTestId('today-state').getByText('delivered').waitFor({ timeout: 20_000 });

  // Offered once, under the result: never in the form itself.
  const offer = page.getByTestId('wellbeing-offer');
  await offer.waitFor();
  assert.match(await offer.innerText(), /Only you see the answer/);

  // Offline, turned on and answered "very low": the help comes at once.
  await context.setOffline(true);
  await page.getByTestId('wellbeing-on').click();
  await offer.waitFor({ state: 'hidden' });
  await page.getByRole('radio', { name: 'Very low' }).check();
  await page.getByTestId('wellbeing-help').waitFor();
  const panel = page.getByTestId('crisis-panel');
  await panel.waitFor();
  for (const number of ['12356', '120', '110']) {
    assert.equal(await panel.locator(`a[href="tel:${number}"]`).count(), 1, number);
  }
  assert.equal(await page.getByTestId('callback-submit').isVisible(), true, 'a call-back one tap away');
  assert.ok((await page.getByRole('link', { name: 'Book an appointment' }).count()) > 0);

  // Online: delivered, kept apart; the advisor's report never carries it.
  await context.setOffline(false);
  const token = await apiToken(server, '2020-0102');
  const own = async () => (await fetch(`${server.url}/api/v1/me/data`, { headers: { authorization: `Bearer ${token}` } })).json();
  await page.goto(`${server.url}/settings`);
  await waitForApp(page);
  const delivered = () => page.waitForFunction(() => document.querySelector('[data-testid=undelivered]')?.dataset.count === '0', null, { timeout: 20_000 });
  await delivered();
  const exported = await own();
  assert.deepEqual(exported.wellbeing.map((a) => a.feeling), ['very_low']);
  assert.equal(exported.declarations.length, 1);
  assert.equal(JSON.stringify(exported.declarations).includes('very_low'), false);
  const first = await fetch(`${server.url}/api/v1/session/first`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ person_id: 'T-1001', code: issueCode(server, 'T-1001'), new_password: PASSWORD }),
  });
  assert.equal(first.status, 200);
  const advisor = (await first.json()).token;
  const report = await fetch(`${server.url}/api/v1/reports?scope=class&name=${encodeURIComponent('软件2001')}`, { headers: { authorization: `Bearer ${advisor}` } });
  assert.equal(report.status, 200);
  const text = await report.text();
  assert.ok(text.includes('2020-0102'), 'the advisor sees the declaration');
  assert.equal(text.includes('very_low'), false, 'but never the feeling');

  // Settings turns it off: the answers are deleted on the server too.
  assert.equal(await page.getByTestId('wellbeing-state').innerText(), 'On');
  await page.getByTestId('wellbeing-toggle').click();
  assert.equal(await page.getByTestId('wellbeing-state').innerText(), 'On', 'asked to confirm first');
  await page.getByTestId('wellbeing-off-confirm').click();
  assert.equal(await page.getByTestId('wellbeing-state').innerText(), 'Off');
  await delivered();
  assert.deepEqual((await own()).wellbeing, []);
  await context.close();
});

test('a request for deletion, asked offline, reaches the admin; the answer shows in Settings', async () => {
  const w = WORDS['zh-CN'];
  const { page, context } = await openOnline(browser, server, 'zh-CN');
  await signInFirstTime(page, server, w, '2021-0311');
  await page.goto(`${server.url}/settings`);
  await waitForApp(page);

  // Offline: written and queued (the note has a visible label).
  await context.setOffline(true);
  await page.getByTestId('deletion-ask').click();
  await page.getByLabel('希望删除哪些信息？（可不填）').fill('请删除我的全部记录');
  await page.getByTestId('deletion-send').click();
  assert.equal(await page.getByTestId('deletion-state').innerText(), '申请已保存，将在下次同步时发送。');
  assert.equal(await page.getByTestId('deletion-ask').isVisible(), false, 'one request at a time');

  // Online: delivered; the admin sees it and answers with the legal reason.
  await context.setOffline(false);
  const waiting = () => page.getByTestId('deletion-state').getByText('等待学校答复。').waitFor({ timeout: 20_000 });
  await waiting();
  const listed = serverCommand(server.dataDir, 'deletion-requests');
  const line = listed.split('\n').find((l) => l.includes('\t2021-0311\twaiting\t请删除我的全部记录'));
  assert.ok(line, listed);
  const requestId = line.split('\t')[1];
  serverCommand(server.dataDir, 'answer-deletion', requestId, '--kept', '每日申报依法保存至疫情响应结束后28天');

  // The next sync brings the answer to Settings.
  await page.reload();
  await waitForApp(page);
  await page.getByTestId('deletion-state').getByText('未删除，原因：每日申报依法保存至疫情响应结束后28天').waitFor({ timeout: 20_000 });
  assert.equal(await page.getByTestId('deletion-ask').isVisible(), true, 'answered: a new request may be made');
  await context.close();
});
