// The gate on 360 px phones, in Chinese: a student declares and shows the
// pass; the guard's phone, offline all along (reloaded in between), reads
// it with the camera (Chromium's fake camera showing a screenshot of the
// student's code), records 38.2 °C twice and sends the student to the
// clinic; a tampered pass (made with an independent encoder) is refused,
// and so is a visitor nobody registered, while a registered one is shown
// with what the guard checks them by. Empty fields ask for what to type
// and record nothing. Back online, the records arrive once, the student's
// next pass says "do not admit", and her advisor sees the referral.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser, waitForApp } from './support/browser.mjs';
import { blankFrame, cameraFlags, encodedFrame, readFrame, screenshotFrame, showOnCamera } from './support/camera.mjs';
import { PASSWORD, WORDS, apiToken, openOnline, signInFirstTime, studentWithPass } from './support/declaration.mjs';
import { issueCode, startServer } from './support/server.mjs';

let server;
let browser;
let folder;
let camera;
before(async () => {
  server = await startServer();
  folder = mkdtempSync(join(tmpdir(), 'anxin-camera-'));
  camera = join(folder, 'camera.y4m');
  showOnCamera(camera, blankFrame());
  browser = await launchBrowser(cameraFlags(camera));
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/**
 * A visitor of today, registered and approved by T-3001 (staff of 信息工程学院
 * and its office) through the sync push, as their phone would send it.
 */
async function approvedVisitor(server) {
  const signIn = await fetch(`${server.url}/api/v1/session/first`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ person_id: 'T-3001', code: issueCode(server, 'T-3001'), new_password: PASSWORD }),
  });
  assert.equal(signIn.status, 200);
  const { token } = await signIn.json();
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const visitorId = crypto.randomUUID();
  const changes = [
    { visitor_register: { visitor_id: visitorId, name: '黄建国', phone: '138 1234 5678', id_last4: '123x', plate: '琼A12345', day, reason: '送教材' } },
    { visitor_decide: { visitor_id: visitorId, approve: true } },
  ];
  const mutations = changes.map((change, i) => ({ id: crypto.randomUUID(), seq: i + 1, device_time: new Date().toISOString(), change }));
  const push = await fetch(`${server.url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ protocol_version: 1, client_id: crypto.randomUUID(), mutations }),
  });
  assert.equal(push.status, 200);
  assert.deepEqual((await push.json()).results.map((r) => r.outcome), ['applied', 'applied']);
}

/** Opens the camera, waits for the verdict or the refusal, and returns it. */
async function scan(page) {
  await page.getByTestId('gate-scan').click();
  const shown = page.locator('[data-testid=gate-verdict], [data-testid=gate-problem]').first();
  await shown.waitFor({ timeout: 20_000 });
  return shown;
}

test('zh-CN: the guard, offline, scans the pass, records a fever twice and refers; a tampered pass is refused', async () => {
  const w = WORDS['zh-CN'];
  // The student declares and gets today's pass.
  const student = await studentWithPass(browser, server);
  const passText = await student.page.evaluate(() => JSON.parse(localStorage.getItem('anxin.v1.pass')).text);
  await approvedVisitor(server);

  // The guard signs in (a declarant too), opens the gate once online, and
  // names the gate.
  const guard = await openOnline(browser, server, 'zh-CN');
  await signInFirstTime(guard.page, server, w, 'G-0001');
  await guard.page.locator('nav.bottom-nav a[href="/gate"]').click();
  await waitForApp(guard.page);
  await guard.page.getByTestId('gate-list').waitFor({ timeout: 20_000 });
  // Saving no name says what to type, and keeps none.
  await guard.page.getByTestId('gate-save').click();
  await guard.page.getByTestId('gate-name-error').getByText('请输入门岗名称').waitFor();
  assert.equal(await guard.page.getByTestId('gate-current').innerText(), '');
  await guard.page.getByTestId('gate-name').fill('东门');
  await guard.page.getByTestId('gate-save').click();
  await guard.page.getByTestId('gate-current').getByText('当前门岗：东门').waitFor();

  // Offline from here on, and the page reloaded from the phone.
  await guard.context.setOffline(true);
  await guard.page.reload();
  await waitForApp(guard.page);
  await guard.page.getByTestId('gate-list').waitFor();

  // The camera shows a screenshot of the student's code; the guard reads it.
  const frame = await screenshotFrame(browser, await student.page.getByTestId('pass-qr').screenshot());
  assert.equal(readFrame(frame), passText, 'an independent reader reads the same pass');
  showOnCamera(camera, frame);
  const verdict = await scan(guard.page);
  assert.equal(await verdict.getAttribute('data-status'), 'may-enter');
  assert.equal(await guard.page.getByTestId('gate-status').innerText(), '可以入校');
  assert.equal(await guard.page.getByTestId('gate-no-pass').count(), 0, 'a pass was shown');
  assert.match(await verdict.innerText(), /李\* · 软件2001 · \*\*\*\*0101/);
  assert.doesNotMatch(await verdict.innerText(), /36\.6|李明|2020-0101/, 'no reading, full name or id');

  // Bad readings are refused next to the field, in Chinese.
  const t1 = guard.page.getByTestId('gate-temperature');
  await t1.fill('33.9');
  await guard.page.getByTestId('gate-admit').click();
  await guard.page.getByText('体温应在 34.0–42.5 °C 之间').waitFor();
  await t1.fill('abc');
  await guard.page.getByTestId('gate-admit').click();
  await guard.page.getByText('请输入数字，例如 36.5。').waitFor();
  // 38.2 °C: measured again, still a fever: only the clinic is offered.
  await t1.fill('38.2');
  await guard.page.getByTestId('gate-temperature-2').fill('38.2');
  await guard.page.getByTestId('gate-fever').waitFor();
  assert.equal(await guard.page.getByTestId('gate-admit').count(), 0, 'no way to admit a fever');
  await guard.page.getByTestId('gate-clinic').click();
  await guard.page.getByTestId('gate-recorded').getByText('已记录（送校医院）').waitFor();
  assert.equal(await guard.page.getByTestId('undelivered').getAttribute('data-count'), '1');

  // A tampered pass, made by another encoder: refused, nothing recorded.
  const last = passText.at(-1) === '0' ? '1' : '0';
  showOnCamera(camera, encodedFrame(passText.slice(0, -1) + last));
  const refused = await scan(guard.page);
  assert.equal(await refused.getAttribute('data-testid'), 'gate-problem');
  assert.match(await refused.innerText(), /签名不符/);
  // By id: no pass shown, and the list says whether they filed. No id
  // typed: the field asks for one, and nobody is looked up.
  await guard.page.getByTestId('gate-look-up').click();
  await guard.page.getByTestId('gate-id-error').getByText('请输入学号或工号').waitFor();
  assert.equal(await guard.page.getByTestId('gate-verdict').count(), 0);
  await guard.page.getByTestId('gate-id').fill('2020-0101');
  await guard.page.getByTestId('gate-look-up').click();
  await guard.page.getByTestId('gate-no-pass').getByText('按学号/工号核验（未出示通行证）').waitFor();
  assert.equal(await guard.page.getByTestId('gate-not-declared').count(), 0, 'she filed today');
  assert.equal(await guard.page.getByTestId('gate-id-error').count(), 0);
  await guard.page.getByTestId('gate-cancel').click();
  // The guard has no class, and has not filed: no empty part in the line.
  await guard.page.getByTestId('gate-id').fill('g-0001');
  await guard.page.getByTestId('gate-look-up').click();
  await guard.page.getByTestId('gate-not-declared').waitFor();
  const staff = await guard.page.getByTestId('gate-verdict').innerText();
  assert.match(staff, /吴\*傅 · \*\*\*\*0001/);
  assert.doesNotMatch(staff, /· ·/);
  await guard.page.getByTestId('gate-cancel').click();
  // A visitor: no search typed asks for one and offers no refusal; a
  // registered one shows the id card's last four and the phone masked.
  await guard.page.getByTestId('gate-visitor-look-up').click();
  await guard.page.getByTestId('gate-visitor-error').getByText('请输入访客姓名、手机号或车牌').waitFor();
  assert.equal(await guard.page.getByTestId('gate-visitor-refuse').count(), 0);
  await guard.page.getByTestId('gate-visitor').fill('黄建国');
  await guard.page.getByTestId('gate-visitor-look-up').click();
  const card = guard.page.getByTestId('gate-visitor-card');
  await card.getByTestId('gate-visitor-id-last4').getByText('身份证后四位：123X').waitFor();
  assert.equal(await card.getByTestId('gate-visitor-phone').innerText(), '手机：138****5678');
  const field = await card.getByTestId('gate-visitor-temperature').evaluate((e) => {
    const style = getComputedStyle(e);
    return { size: parseFloat(style.fontSize), height: e.getBoundingClientRect().height, inputmode: e.inputMode };
  });
  assert.ok(field.size >= 16 && field.height >= 44, `a field iOS does not zoom into: ${JSON.stringify(field)}`);
  assert.equal(field.inputmode, 'decimal');
  // A visitor nobody registered: refused, and the refusal recorded.
  await guard.page.getByTestId('gate-visitor').fill('王五');
  await guard.page.getByTestId('gate-visitor-look-up').click();
  await guard.page.getByTestId('gate-visitor-none').getByText('未经登记，不得进入').waitFor();
  await guard.page.getByTestId('gate-visitor-refuse').click();
  await guard.page.getByTestId('gate-recorded').getByText('已记录（劝返）').waitFor();
  // Reloaded, still offline: both records wait.
  await guard.page.reload();
  await waitForApp(guard.page);
  assert.equal(await guard.page.getByTestId('undelivered').getAttribute('data-count'), '2');
  assert.ok(await guard.page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no wider than the phone');

  // Back online: delivered exactly once; the student's next pass changes,
  // and her advisor sees the referral in the class's report.
  await guard.context.setOffline(false);
  await guard.page.waitForFunction(() => document.querySelector('[data-testid=undelivered]')?.dataset.count === '0', null, { timeout: 30_000 });
  const token = await apiToken(server, 'G-0001');
  const list = await (await fetch(`${server.url}/api/v1/gate/list`, { headers: { authorization: `Bearer ${token}` } })).json();
  assert.equal(list.entries.find((e) => e.id === '2020-0101').status, 'do_not_admit');
  await student.page.reload();
  await waitForApp(student.page);
  await student.page.getByTestId('pass').and(student.page.locator('[data-status=do-not-admit]')).waitFor({ timeout: 20_000 });
  await student.page.getByTestId('pass-observation').waitFor();
  const advisor = await openOnline(browser, server, 'zh-CN');
  await signInFirstTime(advisor.page, server, w, 'T-1001');
  await advisor.page.goto(`${server.url}/reports`);
  await waitForApp(advisor.page);
  await advisor.page.getByTestId('person-2020-0101').getByTestId('in-observation').waitFor({ timeout: 20_000 });
  assert.deepEqual(guard.errors, []);
  assert.deepEqual(student.errors, []);
  assert.deepEqual(advisor.errors, []);
  await advisor.context.close();
  await guard.context.close();
  await student.context.close();
});
