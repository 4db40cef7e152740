// Signing in and filling the declaration like a person would: shared by
// the end-to-end tests and the save benchmark.
import { newPhone, waitForApp } from './browser.mjs';
import { issueCode } from './server.mjs';

export const WORDS = {
  'zh-CN': { signIn: '登录', setPassword: '设置密码并登录', submit: '提交今日申报', cough: '咳嗽', none: '无', someSymptoms: '有症状', correct: '更正今日申报', submitCorrection: '提交更正', history: '查看申报历史' },
  en: { signIn: 'Sign in', setPassword: 'Set password and sign in', submit: "Submit today's declaration", cough: 'Cough', none: 'None', someSymptoms: 'I have symptoms', correct: "Correct today's declaration", submitCorrection: 'Submit correction', history: 'See your history' },
};

/** The password the tests set (long enough, and not a common one). */
export const PASSWORD = 'green tea at dawn 2026';

/**
 * The first sign-in: a one-time code from the server (as the advisor would
 * give it), a new password chosen with it; waits for the declaration form
 * (the person declares) or the note for an account that does not.
 */
export async function signInFirstTime(page, server, w, personId = '2020-0101', password = PASSWORD, code = null) {
  await submitFirstSignIn(page, server, w, personId, password, code);
  await readNoticeIfShown(page);
}

/** The first sign-in's form filled and sent; nothing waited for after it. */
export async function submitFirstSignIn(page, server, w, personId = '2020-0101', password = PASSWORD, code = null) {
  await page.getByTestId('sign-in-form').waitFor();
  // A new phone leads with the code; one signed in on before, with the
  // password.
  if (!(await page.getByTestId('code').isVisible())) await page.getByTestId('sign-in-mode').click();
  await page.getByTestId('person_id').fill(personId);
  await page.getByTestId('code').fill(code ?? issueCode(server, personId));
  await page.getByTestId('new_password').fill(password);
  await page.getByTestId('repeat_password').fill(password);
  await page.getByRole('button', { name: w.setPassword }).click();
}

/**
 * Waits for Today after signing in: the declaration form, the note for an
 * account that does not declare, or the school's privacy notice, which a
 * person reads (and acknowledges) before their first declaration.
 */
export async function readNoticeIfShown(page) {
  const shown = page.locator('[data-testid=declaration-form], [data-testid=privacy-notice], [data-testid=no-declarant]:visible').first();
  await shown.waitFor();
  if ((await shown.getAttribute('data-testid')) === 'privacy-notice') {
    await page.getByTestId('notice-accept').click();
    await page.getByTestId('declaration-form').waitFor();
    // Online (as at a sign-in): read, and its record delivered, as a
    // person sees it before going on.
    await page.waitForFunction(() => document.querySelector('[data-testid=undelivered]')?.dataset.count === '0', null, { timeout: 20_000 });
  }
}

/**
 * Signing in with the password set before (after the session ended, the
 * id is already there and fixed).
 */
export async function signIn(page, personId = '2020-0101', password = PASSWORD) {
  const form = page.getByTestId('sign-in-form');
  await form.waitFor();
  if (!(await page.getByTestId('password').isVisible())) await page.getByTestId('sign-in-mode').click();
  const id = page.getByTestId('person_id');
  if ((await id.getAttribute('readonly')) === null) await id.fill(personId);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await form.waitFor({ state: 'hidden' });
}

/** A session of the person's own, straight from the API (for checks). */
export async function apiToken(server, personId = '2020-0101', password = PASSWORD) {
  const response = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ person_id: personId, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in for checks answered ${response.status}`);
  return (await response.json()).token;
}

/**
 * A phone that opened the app online, with the service worker in control
 * (so that it also works offline after this), in `lang` ('en' or 'zh-CN').
 */
export async function openOnline(browser, server, lang, options = {}) {
  const phone = await newPhone(browser);
  if (options.clock) await phone.page.clock.install({ time: options.clock });
  const { page } = phone;
  await page.goto(server.url);
  await waitForApp(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
  });
  if (lang === 'en') await page.getByRole('button', { name: 'English' }).first().click();
  return phone;
}

/**
 * A phone that loaded the app once online, signed in (first time, with a
 * one-time code) unless `options.signIn === false`, and is now offline
 * with the app reloaded from its service worker.
 */
/** Waits until the service worker keeps `bundle`'s page for this build. */
export async function bundleKept(page, bundle) {
  await page.waitForFunction(async (bundle) => {
    for (const name of await caches.keys()) {
      if (name.startsWith(`anxin-staff-${bundle}-`) && (await (await caches.open(name)).match(`/${bundle}/`))) return true;
    }
    return false;
  }, bundle, { timeout: 20_000, polling: 100 });
}

export async function openOfflineReady(browser, server, lang, options = {}) {
  const phone = await openOnline(browser, server, lang, options);
  const { page, context } = phone;
  if (options.signIn !== false) {
    await signInFirstTime(page, server, WORDS[lang], options.personId);
    // Signed in and synced, the phone keeps the booking page (a bundle of
    // its own) for offline use, as a real phone would have by now.
    await bundleKept(page, 'counselling');
  }
  await context.setOffline(true);
  await page.reload();
  await waitForApp(page);
  return phone;
}

export async function answerRest(page) {
  await page.fill('input[name=measured_at]', '00:00');
  await page.locator('[data-field=location] input').first().check();
  // Stayed in the province: the return question is not asked.
  await page.locator('[data-field=left_province] input').nth(1).check();
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

/**
 * A student's phone online, signed in, that has filed a normal day and
 * shows today's pass (as a student at the gate would).
 */
export async function studentWithPass(browser, server) {
  const w = WORDS['zh-CN'];
  const student = await openOnline(browser, server, 'zh-CN');
  await signInFirstTime(student.page, server, w);
  await fillNormal(student.page, w);
  await student.page.getByRole('button', { name: w.submit }).click();
  await student.page.getByTestId('today-state').getByText('已上报').waitFor({ timeout: 20_000 });
  await student.page.locator('nav.bottom-nav a[href="/pass"]').click();
  await student.page.getByTestId('pass').waitFor({ timeout: 20_000 });
  return student;
}
