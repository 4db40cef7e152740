// Debian's Chromium, headless, driven by playwright-core (no browser
// download). Background networking is off: the machine has no internet.
import { chromium } from 'playwright-core';

/** Chromium's flags for tests and benchmarks (Lighthouse uses them too). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

const LAUNCH = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: CHROMIUM_FLAGS,
};

/** `extraArgs`: more flags (e.g. a fake camera's). */
export async function launchBrowser(extraArgs = []) {
  return chromium.launch({ ...LAUNCH, args: [...CHROMIUM_FLAGS, ...extraArgs] });
}

/**
 * A phone-sized browser with a real (not incognito) profile in a temp
 * folder, for what Chromium refuses in incognito (installing an app).
 */
export async function launchProfilePhone(userDataDir) {
  const context = await chromium.launchPersistentContext(userDataDir, {
    ...LAUNCH,
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/**
 * A phone-sized context (360 px wide) that records console errors: a
 * Chinese phone unless `options.locale` says otherwise (the app's first
 * visit follows the browser's language when it is English).
 */
export async function newPhone(browser, options = {}) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    ...options,
  });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return { context, page, errors };
}

/** Waits until the wasm app has replaced the static shell. */
export async function waitForApp(page) {
  await page.waitForSelector('[data-testid=online-indicator]', { timeout: 20_000 });
}
