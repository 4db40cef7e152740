// Counselling for the person: the schedule kept on the phone, a booking
// made offline as a request and confirmed once online, two requests for
// one slot decided in order of arrival (the second takes an alternative in
// one tap), and the crisis button showing the hotlines with no network.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchBrowser, waitForApp } from './support/browser.mjs';
import { PASSWORD, WORDS, openOnline, openOfflineReady, signInFirstTime } from './support/declaration.mjs';
import { issueCode, startServer } from './support/server.mjs';

const w = WORDS.en;

let server;
let browser;
/** C-0001's session, to act as the counsellor. */
let counsellorToken;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await publishPlan();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** C-0001 signs in for the first time and publishes slots every day, every two hours. */
async function publishPlan() {
  const first = await fetch(`${server.url}/api/v1/session/first`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ person_id: 'C-0001', code: issueCode(server, 'C-0001'), new_password: PASSWORD }),
  });
  assert.equal(first.status, 200);
  const { token } = await first.json();
  counsellorToken = token;
  const weekly = [];
  for (const weekday of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']) {
    for (let hour = 0; hour < 24; hour += 2) {
      const start = `${String(hour).padStart(2, '0')}:00:00`;
      const mode = hour % 4 === 0 ? 'phone' : { in_person: '心理中心 203' };
      weekly.push({ weekday, start, minutes: 50, mode });
    }
  }
  const published = await fetch(`${server.url}/api/v1/counselling/plan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ counsellor_id: 'C-0001', weekly, leaves: [] }),
  });
  assert.equal(published.status, 204, await published.text());
}

/** A student signed in online, on the counselling page with the schedule stored. */
async function studentWithSchedule(personId, lang = 'en') {
  const phone = await openOnline(browser, server, lang);
  await signInFirstTime(phone.page, server, WORDS[lang], personId);
  await phone.page.goto(`${server.url}/counselling`);
  await waitForApp(phone.page);
  // The service's own consent, asked at the first booking.
  await phone.page.getByTestId('consent-accept').click();
  await phone.page.locator('[data-testid=slot]').first().waitFor({ timeout: 20_000 });
  return phone;
}

async function goOfflineAndReload({ page, context }) {
  await context.setOffline(true);
  await page.reload();
  await waitForApp(page);
}

/** Picks the first free slot, types a phone and requests it; the slot's key. */
async function bookFirstSlot(page) {
  const slot = page.locator('[data-testid=slot]').first();
  const key = await slot.getAttribute('data-key');
  await slot.locator('input').check();
  await page.getByTestId('phone').fill('138 0000 0001');
  await page.getByTestId('book-submit').click();
  await page.getByTestId('booking-queued').waitFor();
  return key;
}

const booking = (page, state) => page.locator(`[data-testid=booking][data-state=${state}]`);

test('a booking made offline is a request; online it is confirmed, with its calendar file; moved and cancelled with a reason', async () => {
  const phone = await studentWithSchedule('2020-0101');
  const { page, context } = phone;
  await goOfflineAndReload(phone);
  // Offline: the free times come from the phone's storage.
  await page.locator('[data-testid=slot]').first().waitFor();

  // A wrong phone is shown next to the field, in English.
  await page.locator('[data-testid=slot]').first().locator('input').check();
  await page.getByTestId('phone').fill('call me');
  await page.getByTestId('book-submit').click();
  assert.match(await page.locator('[data-field=phone] .field-error').textContent(), /5 to 20 digits/);

  const key = await bookFirstSlot(page);
  await booking(page, 'not_sent').waitFor();
  assert.match(await booking(page, 'not_sent').textContent(), /not yet sent/);
  // Its slot is no longer offered on this phone.
  assert.equal(await page.locator(`[data-testid=slot][data-key="${key}"]`).count(), 0);

  await context.setOffline(false);
  const confirmed = booking(page, 'confirmed');
  await confirmed.waitFor({ timeout: 20_000 });
  assert.match(await confirmed.textContent(), /Booked/);
  assert.match(await confirmed.getByTestId('booking-slot').textContent(), /孙老师/);
  // Decided: "saved on this phone" is gone; no calendar file until the
  // counsellor confirms.
  await page.getByTestId('booking-queued').waitFor({ state: 'hidden' });
  assert.equal(await confirmed.getByTestId('ics').count(), 0);
  const accepted = await fetch(`${server.url}/api/v1/counselling/appointments/${await confirmed.getAttribute('data-id')}/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${counsellorToken}` },
    body: JSON.stringify('accept'),
  });
  assert.equal(accepted.status, 200);
  await page.reload();
  await waitForApp(page);
  await confirmed.getByText('Confirmed by the counsellor').waitFor({ timeout: 20_000 });
  const href = await confirmed.getByTestId('ics').getAttribute('href');
  const ics = decodeURIComponent(href.slice(href.indexOf(',') + 1));
  assert.match(ics, /BEGIN:VCALENDAR/);
  assert.match(ics, /DTSTART;TZID=Asia\/Shanghai:/);
  // The first slot starts within the two hours' notice: no change, and why.
  assert.match(await confirmed.getByTestId('too-late').textContent(), /120 minutes/);
  assert.equal(await confirmed.getByTestId('cancel').count(), 0);

  // A slot on another day (online now): cancelling it needs a reason.
  const nextDay = page.getByTestId('slot-day').nth(1);
  await nextDay.locator('summary').click();
  await nextDay.locator('[data-testid=slot] input').first().check();
  await page.getByTestId('book-submit').click();
  await page.locator('[data-testid=booking][data-state=confirmed] [data-testid=cancel]').waitFor({ timeout: 20_000 });

  // Moved to a time two days on, with a reason: the old one says so.
  const movable = page.locator('[data-testid=booking]', { has: page.getByTestId('reschedule') });
  await movable.getByTestId('reschedule').click();
  const dayAfter = movable.getByTestId('slot-day').nth(2);
  await dayAfter.locator('summary').click();
  await dayAfter.locator('[data-testid=slot] input').first().check();
  await movable.getByTestId('change-reason').fill('Clashes with an exam');
  await movable.getByTestId('confirm-change').click();
  await booking(page, 'cancelled').waitFor({ timeout: 20_000 });
  assert.match(await booking(page, 'cancelled').textContent(), /Moved to a new time/);

  const later = page.locator('[data-testid=booking]', { has: page.getByTestId('cancel') });
  await later.waitFor({ timeout: 20_000 });
  await later.getByTestId('cancel').click();
  // The dialog's own way out is not another "cancel".
  assert.equal(await later.getByRole('button', { name: 'Keep the appointment' }).count(), 1);
  await later.getByTestId('confirm-change').click();
  assert.match(await later.locator('[data-field=reason] .field-error').textContent(), /reason/);
  await later.getByTestId('change-reason').fill('Exam moved to that morning');
  await later.getByTestId('confirm-change').click();
  await page.locator('[data-testid=booking][data-state=cancelled]').nth(1).waitFor({ timeout: 20_000 });
  assert.match(await page.locator('[data-testid=booking]', { hasText: 'Cancelled' }).textContent(), /Cancelled/);
  await phone.context.close();
});

test('two requests for one slot: the first delivered gets it, the second takes an alternative in one tap', async () => {
  const first = await studentWithSchedule('2020-0102');
  const second = await studentWithSchedule('2020-0203');
  await goOfflineAndReload(first);
  await goOfflineAndReload(second);
  const key = await bookFirstSlot(first.page);
  assert.equal(await bookFirstSlot(second.page), key, 'both asked for the same slot');

  await first.context.setOffline(false);
  await booking(first.page, 'confirmed').waitFor({ timeout: 20_000 });

  await second.context.setOffline(false);
  const taken = booking(second.page, 'slot_taken');
  await taken.waitFor({ timeout: 20_000 });
  assert.match(await taken.textContent(), /was taken/);
  // It names the time that was lost.
  assert.match(await taken.getByTestId('asked-for').textContent(), /^You asked for \w{3} \d{1,2} \w{3} \d\d:\d\d · 孙老师\.$/);
  const takenId = await taken.getAttribute('data-id');
  const alternatives = taken.getByTestId('alternative');
  assert.equal(await alternatives.count(), 3);
  await alternatives.first().click();
  await booking(second.page, 'confirmed').waitFor({ timeout: 20_000 });
  assert.equal(await booking(second.page, 'rejected').count(), 0);
  // The taken request is settled: followed up, not "moving", no more alternatives.
  const old = second.page.locator(`[data-testid=booking][data-id="${takenId}"]`);
  await second.page.locator(`[data-testid=booking][data-id="${takenId}"][data-state=followed_up]`).waitFor({ timeout: 20_000 });
  assert.match(await old.getByTestId('booking-state').textContent(), /asked for another time/);
  assert.equal(await old.getByTestId('booking-moving').count(), 0);
  assert.equal(await old.getByTestId('alternative').count(), 0);
  assert.equal(await booking(second.page, 'slot_taken').count(), 0);
  await first.context.close();
  await second.context.close();
});

test('a staff member asks for the first free time by phone: only phone times are offered, and one is booked', async () => {
  const phone = await studentWithSchedule('T-1001');
  const { page } = phone;
  const shownTimes = () => page.locator('[data-testid=slot-day]').first().locator('[data-testid=slot]').allInnerTexts();
  await page.getByTestId('mode').selectOption('in_person');
  const inPerson = await shownTimes();
  assert.ok(inPerson.length > 0 && inPerson.every((t) => t.includes('In person 心理中心 203')), inPerson.join());
  await page.getByTestId('mode').selectOption('phone');
  const byPhone = await shownTimes();
  assert.ok(byPhone.length > 0 && byPhone.every((t) => t.includes('Phone')), byPhone.join());

  // No time picked: the first free one by phone.
  await page.getByTestId('phone').fill('139 0000 0002');
  await page.getByTestId('book-submit').click();
  await page.getByTestId('booking-queued').waitFor();
  const confirmed = booking(page, 'confirmed');
  await confirmed.waitFor({ timeout: 20_000 });
  assert.match(await confirmed.getByTestId('booking-slot').textContent(), /Phone/);
  await phone.context.close();
});

test('consent is asked at the first booking; withdrawn in Settings, it cancels the upcoming appointment', async () => {
  // Setup: the consent card before the form (studentWithSchedule taps it).
  const phone = await openOnline(browser, server, 'en');
  const { page, context } = phone;
  await signInFirstTime(page, server, w, 'T-3001');
  await page.goto(`${server.url}/counselling`);
  await waitForApp(page);
  const card = page.getByTestId('counselling-consent');
  await card.waitFor();
  assert.equal(await page.getByTestId('booking-form').count(), 0, 'no form before the consent');
  assert.match(await card.innerText(), /withdraw at any time in Settings → Privacy/);
  await page.getByTestId('consent-accept').click();
  const nextDay = page.getByTestId('slot-day').nth(1);
  await nextDay.locator('summary').click();
  await nextDay.locator('[data-testid=slot] input').first().check();
  await page.getByTestId('phone').fill('138 0000 0007');
  await page.getByTestId('book-submit').click();
  await booking(page, 'confirmed').waitFor({ timeout: 20_000 });

  // Exec: Settings → Privacy, withdraw, confirm.
  await page.goto(`${server.url}/settings`);
  await waitForApp(page);
  const privacy = page.getByTestId('privacy-settings');
  assert.equal(await privacy.getByTestId('consent-state').innerText(), 'Consent given');
  await privacy.getByTestId('consent-withdraw').click();
  assert.match(await privacy.getByRole('alert').innerText(), /appointments not yet started are cancelled/);
  await privacy.getByTestId('consent-withdraw-confirm').click();
  assert.equal(await privacy.getByTestId('consent-state').innerText(), 'No consent given');

  // Check: at once no form; after the sync the appointment is cancelled.
  await page.goto(`${server.url}/counselling`);
  await waitForApp(page);
  await card.waitFor();
  assert.equal(await page.getByTestId('booking-form').count(), 0);
  await booking(page, 'cancelled').waitFor({ timeout: 20_000 });
  assert.equal(await booking(page, 'confirmed').count(), 0);
  await context.close();
});

test('the crisis button shows the hotline numbers with the network off, and queues a call-back', async () => {
  const { page, context } = await openOfflineReady(browser, server, 'en', { personId: '2021-0311' });
  await page.goto(`${server.url}/counselling`);
  await waitForApp(page);
  assert.equal(await page.getByTestId('crisis-panel').count(), 0);
  await page.getByTestId('need-help').click();
  const panel = page.getByTestId('crisis-panel');
  await panel.waitFor();
  const numbers = await panel.locator('[data-testid=crisis-hotline]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  for (const number of ['tel:12356', 'tel:120', 'tel:110']) assert.ok(numbers.includes(number), numbers.join());
  assert.equal(await page.getByTestId('booking-form').count(), 0, 'the hotlines instead of the form');

  await page.getByTestId('callback-phone').fill('138 0000 0004');
  await page.getByTestId('callback-submit').click();
  await page.getByTestId('callback-queued').waitFor();
  await booking(page, 'not_sent').waitFor();
  await context.setOffline(false);
  await booking(page, 'confirmed').waitFor({ timeout: 20_000 });
  await context.close();
});

/** The counsellor acts on an appointment through the API. */
async function counsellorActs(bookingId, action) {
  const response = await fetch(`${server.url}/api/v1/counselling/appointments/${bookingId}/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${counsellorToken}` },
    body: JSON.stringify(action),
  });
  assert.equal(response.status, 200, await response.text());
}

test('in Chinese: the counsellor confirms, then proposes another time; one tap takes it', async () => {
  const { page, context } = await studentWithSchedule('T-2001', 'zh-CN');
  const nextDay = page.getByTestId('slot-day').nth(1);
  await nextDay.locator('summary').click();
  const slot = nextDay.getByTestId('slot').first();
  const key = await slot.getAttribute('data-key');
  await slot.locator('input').check();
  await page.getByTestId('phone').fill('13800000005');
  await page.getByTestId('anonymous').check();
  await page.getByTestId('book-submit').click();
  const booked = booking(page, 'confirmed');
  await booked.waitFor({ timeout: 20_000 });
  const bookingId = await booked.getAttribute('data-id');

  await counsellorActs(bookingId, 'accept');
  await page.getByTestId('sync-now').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid=booking][data-state=confirmed]')?.textContent.includes('咨询师已确认'),
    null,
    { timeout: 20_000 },
  );

  // The same time a day later: every day has the same slots.
  const start = new Date(`${key.split('/')[1]}:00Z`);
  start.setUTCDate(start.getUTCDate() + 1);
  const proposed = start.toISOString().slice(0, 16) + ':00';
  await counsellorActs(bookingId, { propose: { start: proposed } });
  await page.getByTestId('sync-now').click();
  const accept = page.getByTestId('accept-proposal');
  await accept.waitFor({ timeout: 20_000 });
  assert.match(await booked.textContent(), /咨询师建议改为/);
  await accept.click();
  await booking(page, 'cancelled').waitFor({ timeout: 20_000 });
  assert.match(await booking(page, 'cancelled').textContent(), /已改到新的时间/);
  const moved = booking(page, 'confirmed');
  assert.equal(await moved.getAttribute('data-id') === bookingId, false, 'a new booking holds the new time');
  await context.close();
});

test('no time suits: a student joins the waitlist, is told of the time a cancellation freed, and books it in one tap', async () => {
  // Someone holds a time tomorrow.
  const holder = await studentWithSchedule('T-3002');
  const nextDay = holder.page.getByTestId('slot-day').nth(1);
  await nextDay.locator('summary').click();
  const slot = nextDay.locator('[data-testid=slot]').first();
  const key = await slot.getAttribute('data-key');
  await slot.locator('input').check();
  await holder.page.getByTestId('phone').fill('138 0000 0009');
  await holder.page.getByTestId('book-submit').click();
  await booking(holder.page, 'confirmed').waitFor({ timeout: 20_000 });

  // The student waits for 孙老师, any way of meeting; a bad phone is said
  // next to its field.
  const waiter = await studentWithSchedule('2021-0311');
  const p = waiter.page;
  const card = p.getByTestId('waitlist');
  await card.getByRole('heading', { name: 'Waitlist' }).waitFor();
  await card.getByTestId('waitlist-counsellor').selectOption({ label: '孙老师' });
  await card.getByLabel('Contact phone').fill('call me');
  await card.getByTestId('waitlist-join').click();
  await card.locator('[data-field=waitlist_phone] .field-error').getByText(/5 to 20 digits/).waitFor();
  await card.getByLabel('Contact phone').fill('138 0000 0004');
  await card.getByTestId('waitlist-join').click();
  await card.getByTestId('waitlist-waiting').getByText('You are waiting for: 孙老师 · Any way').waitFor();
  await card.getByTestId('waitlist-no-offer').waitFor();

  // The holder cancels: on the student's next sync, the time is offered.
  const held = booking(holder.page, 'confirmed');
  await held.getByTestId('cancel').click();
  await held.getByTestId('change-reason').fill('Exam moved to that day');
  await held.getByTestId('confirm-change').click();
  await booking(holder.page, 'cancelled').waitFor({ timeout: 20_000 });
  await p.reload();
  await waitForApp(p);
  const offer = p.locator(`[data-testid=waitlist-offer][data-slot="${key}"]`);
  await offer.waitFor({ timeout: 20_000 });
  await offer.getByRole('button', { name: 'Book this time' }).click();
  await booking(p, 'confirmed').waitFor({ timeout: 20_000 });
  await p.getByTestId('waitlist-closed').getByText('You booked a time: your wait is over.').waitFor({ timeout: 20_000 });
  const width = await p.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the page is ${width}px wide`);
  await holder.context.close();
  await waiter.context.close();
});
