// The school's privacy notice: shown before the first declaration, read
// and acknowledged once, not shown again, and shown again (in the
// person's language) after the school changed its text. Settings →
// Privacy names the version read, and exports what the server holds.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser, waitForApp } from './support/browser.mjs';
import { WORDS, fillNormal, openOnline, submitFirstSignIn } from './support/declaration.mjs';
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
