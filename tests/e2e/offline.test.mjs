// Installable offline app: service worker, offline reloads, updates,
// no-service-worker browsers, the static shell without JavaScript.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser, launchProfilePhone, newPhone, waitForApp } from './support/browser.mjs';
import { deploy, FIRST_BUILD, hashedFiles, newDeployFolder, NEXT_BUILD } from './support/deploy.mjs';
import { startServer } from './support/server.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function withServer(fn) {
  const folder = newDeployFolder();
  const server = await startServer({ dist: folder });
  try {
    await fn(server, folder);
  } finally {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

async function waitForServiceWorkerControl(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
}

test('after one visit the app opens offline, at the root and on a deep link', async () => {
  await withServer(async (server) => {
    const { context, page, errors } = await newPhone(browser);
    await page.goto(server.url);
    await waitForApp(page);
    await waitForServiceWorkerControl(page);

    await context.setOffline(true);
    await page.reload();
    await waitForApp(page);
    await page.getByRole('heading', { name: '今日健康申报' }).waitFor();
    assert.match(await page.textContent('[data-testid=online-indicator]'), /离线/);

    await page.goto(`${server.url}/counselling`);
    await waitForApp(page);
    await page.getByRole('heading', { name: '心理咨询预约' }).waitFor();
    // Never kept here (nobody signed in): the first load's crisis path.
    await page.getByTestId('counselling-first-load').getByTestId('counselling-offline').waitFor();
    await page.getByTestId('crisis-panel').locator('a[href="tel:12356"]').waitFor();
    const hrefs = await page.$$eval('[data-testid=hotline-bar] a', (links) => links.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.includes('tel:12356') && hrefs.includes('tel:120') && hrefs.includes('tel:110'), hrefs.join());

    // The worker never answers the API: offline, an API call fails.
    const api = await page.evaluate(() => fetch('/api/health').then(() => 'answered', () => 'failed'));
    assert.equal(api, 'failed');
    const offlineErrors = errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED') && !e.includes('Failed to fetch'));
    assert.deepEqual(offlineErrors, []);
    await context.close();
  });
});

test('a new build shows the update prompt and reloads into it, with no old file', async () => {
  await withServer(async (server, folder) => {
    const { context, page } = await newPhone(browser);
    await page.goto(`${server.url}/settings`);
    await waitForApp(page);
    await waitForServiceWorkerControl(page);
    const firstVersion = await page.textContent('[data-testid=build-version]');
    assert.doesNotMatch(firstVersion, /next/);
    assert.equal(await page.isVisible('[data-testid=update-banner]'), false);

    // Deploy the next build while the page is open, and let the app check.
    deploy(NEXT_BUILD, folder);
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    await page.getByTestId('update-banner').waitFor({ timeout: 20_000 });
    assert.match(await page.textContent('[data-testid=update-banner]'), /新版本已就绪/);

    const requested = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname.slice(1)));
    await Promise.all([
      page.waitForEvent('load'),
      page.getByTestId('update-banner').getByRole('button').click(),
    ]);
    await waitForApp(page);
    assert.match(await page.textContent('[data-testid=build-version]'), /\(next\)/);

    const oldFiles = hashedFiles(FIRST_BUILD).filter((name) => !hashedFiles(NEXT_BUILD).includes(name));
    assert.ok(oldFiles.length >= 2, 'the two builds differ in their wasm and js');
    assert.deepEqual(requested.filter((path) => oldFiles.includes(path)), [], 'no file of the old build is loaded');
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname.slice(1)));
    assert.deepEqual(loaded.filter((path) => oldFiles.includes(path)), []);
    const cacheNames = await page.evaluate(() => caches.keys());
    assert.equal(cacheNames.filter((n) => n.startsWith('anxin-')).length, 1, cacheNames.join());
    await context.close();
  });
});

test('without service workers the app works and says nothing alarming', async () => {
  await withServer(async (server) => {
    const { context, page, errors } = await newPhone(browser, { serviceWorkers: 'block' });
    await page.goto(`${server.url}/settings`);
    await waitForApp(page);
    await page.getByRole('heading', { name: '设置' }).waitFor();
    await page.getByRole('link', { name: '今日申报' }).click();
    await page.getByRole('heading', { name: '今日健康申报' }).waitFor();
    assert.equal(await page.isVisible('[data-testid=update-banner]'), false);
    assert.equal(await page.isVisible('[role=alert]'), false);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

test('the manifest makes the app installable', async () => {
  await withServer(async (server) => {
    const profile = mkdtempSync(join(tmpdir(), 'anxin-profile-'));
    const { context, page } = await launchProfilePhone(profile);
    await page.goto(server.url);
    await waitForApp(page);
    await waitForServiceWorkerControl(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, []);
    const manifest = await (await fetch(`${server.url}/manifest.webmanifest`)).json();
    assert.equal(manifest.display, 'standalone');
    assert.equal(manifest.short_name, '安心');
    const sizes = manifest.icons.map((i) => `${i.sizes}:${i.purpose}`);
    for (const want of ['192x192:any', '512x512:any', '192x192:maskable', '512x512:maskable']) assert.ok(sizes.includes(want), want);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });
});

test('the static shell shows the name and hotlines with JavaScript disabled', async () => {
  await withServer(async (server) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/counselling`);
    assert.match(await page.textContent('#static-shell .app-name'), /安心/);
    // The school's line and 120 at once; the rest behind "more", which
    // opens without JavaScript too.
    for (const number of ['089866000000', '120']) {
      assert.equal(await page.isVisible(`#static-shell a[href="tel:${number}"]`), true, number);
    }
    await page.click('#static-shell .hotline-more summary');
    for (const number of ['12356', '110']) {
      assert.equal(await page.isVisible(`#static-shell a[href="tel:${number}"]`), true, number);
    }
    assert.equal(await page.isVisible('#static-shell noscript, #static-shell .notice'), true);
    assert.equal(await page.isVisible('#static-shell .loading'), false, 'no endless "loading" without JavaScript');
    // The school line comes from the server's directory, not the build.
    assert.equal(await page.locator('#static-shell a[href="tel:089866000000"]').count(), 1);
    await context.close();
  });
});
