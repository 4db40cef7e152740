// Anxin's service worker. scripts/post-build.mjs fills in the build id
// and the file list after each release build; this template is not served.
//
// - Precaches every file of one build under a cache named after the build,
//   so two builds never mix: a page keeps the files of the build it loaded
//   with until the person reloads into the new one.
// - Serves page navigations from the cached index.html (deep links offline),
//   except the counselling desk (/counsellor, /desk/), a bundle of its own
//   that is online only and never cached here.
// - Today's pass (/pass, its files under /pass/), the students' booking
//   page (/counselling, under /counselling/), the daily report (/reports,
//   under /reports/) and the gate (/gate, under /gate/) are bundles of
//   their own: never precached with the app (the first load does not
//   carry them), but kept on this device once wanted here: the pass when
//   the app says the phone's first pass arrived (a pass comes with a
//   sync, so the phone is online then), the booking page when the app
//   says the person synced, and each of them once opened, so that the
//   pass, booking, the last figures, the day's gate list and queued
//   records work offline (the crisis path is in the app itself). A kept bundle's page is served from the
//   cache first (at the gate a slow network must not hold the pass up); a
//   new build fetches a bundle again only where it was kept before.
// - Never caches or answers /api/: the app's sync engine owns delivery.
// - Deletes other builds' caches when it activates.
const BUILD_ID = '__BUILD_ID__';
const CACHE = `anxin-${BUILD_ID}`;
// The bundles kept where they are wanted, each in a cache of its own per
// build (named `anxin-staff-…` since the staff bundles came first: a phone
// updating keeps what it kept).
const KEPT_BUNDLES = ['pass', 'counselling', 'reports', 'gate'];
const keptCache = (bundle) => `anxin-staff-${bundle}-${BUILD_ID}`;
const pageOf = (bundle) => `/${bundle}/`;
const FILES = __FILES__;
// The build's entry script: the cached index.html must load this one.
const ENTRY = '__ENTRY__';
// Content-hashed names never change; everything else is fetched past the
// HTTP cache so that it is this build's copy.
const HASHED = /-[0-9a-f]{12,16}(_bg)?\.[a-z]+$/;

async function precache() {
  const cache = await caches.open(CACHE);
  // index.html first: if a newer deploy replaced it meanwhile, it names
  // another entry script, and this install fails rather than cache a mix
  // (the browser retries with the newer sw.js).
  const index = await fetch('/index.html', { cache: 'reload' });
  if (!index.ok || !(await index.clone().text()).includes(ENTRY)) {
    throw new Error('index.html is not of this build');
  }
  await cache.put('/index.html', index);
  const rest = FILES.filter((path) => path !== '/index.html');
  await cache.addAll(rest.map((path) => new Request(path, { cache: HASHED.test(path) ? 'default' : 'reload' })));
}

/** The kept bundle a path belongs to, if any. */
const bundleOf = (path) => KEPT_BUNDLES.find((b) => path === `/${b}` || path.startsWith(`/${b}/`));

/** The `/<bundle>/…` files a bundle's page loads (its script, wasm, css, icon). */
function bundleFiles(bundle, html) {
  const pattern = new RegExp(`["'(](/${bundle}/[^"'()\\s]+)`, 'g');
  return [...new Set([...html.matchAll(pattern)].map((m) => m[1]))];
}

/** Keeps a bundle's page fetched just now, and drops files it no longer loads. */
async function keepBundlePage(bundle, cache, page) {
  const wanted = new Set(bundleFiles(bundle, await page.clone().text()));
  await cache.put(pageOf(bundle), page);
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path !== pageOf(bundle) && !wanted.has(path)) await cache.delete(request);
  }
  return wanted;
}

/** Fetches a bundle whole into this build's cache of it. */
async function cacheBundle(bundle) {
  const cache = await caches.open(keptCache(bundle));
  const page = await fetch(pageOf(bundle), { cache: 'reload' });
  if (!page.ok) throw new Error(`no ${bundle} page`);
  const files = await keepBundlePage(bundle, cache, page);
  await cache.addAll([...files].map((path) => new Request(path, { cache: HASHED.test(path) ? 'default' : 'reload' })));
}

/** Keeps a bundle the app asked for, unless this build has it already. */
async function keepBundle(bundle) {
  const cache = await caches.open(keptCache(bundle));
  if (await cache.match(pageOf(bundle))) return;
  // Best effort: the app asks again on its next page load.
  await cacheBundle(bundle).catch(() => {});
}

/**
 * Each kept bundle for this build, only where it was kept before (an
 * older build's cache of it) or where it is open now (its page registered
 * this worker). Best effort: the older copy is kept if the network fails.
 */
async function keepBundlesIfOpened() {
  const names = await caches.keys();
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const bundle of KEPT_BUNDLES) {
    const older = names.filter((n) => n.startsWith(`anxin-staff-${bundle}-`) && n !== keptCache(bundle));
    const open = windows.some((c) => bundleOf(new URL(c.url).pathname) === bundle);
    if (!older.length && !open) continue;
    try {
      await cacheBundle(bundle);
    } catch {
      const cache = await caches.open(keptCache(bundle));
      for (const name of older) {
        const old = await caches.open(name);
        for (const request of await old.keys()) {
          const response = await old.match(request);
          if (response) await cache.put(request, response);
        }
      }
    }
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(keepBundlesIfOpened));
  // No skipWaiting here: a new build waits until the app says "reload".
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((n) => n.startsWith('anxin-') && n !== CACHE && !KEPT_BUNDLES.some((b) => n === keptCache(b)))
            .map((n) => caches.delete(n)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

/**
 * A kept bundle's page: the kept one (this build's), else from the network
 * (and kept from then on).
 */
async function bundlePage(bundle, request) {
  const cache = await caches.open(keptCache(bundle));
  const kept = await cache.match(pageOf(bundle));
  if (kept) return kept;
  try {
    const page = await fetch(request);
    if (page.ok) await keepBundlePage(bundle, cache, page.clone());
    return page;
  } catch {
    // Never kept here: the app's page says it needs the network.
    return (await caches.open(CACHE)).match('/index.html');
  }
}

/** A file of a kept bundle: kept, or fetched and kept. */
async function bundleFile(bundle, request) {
  const cache = await caches.open(keptCache(bundle));
  const kept = await cache.match(request, { ignoreSearch: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
  if (event.data && event.data.type === 'KEEP_BUNDLE' && KEPT_BUNDLES.includes(event.data.bundle)) {
    event.waitUntil(keepBundle(event.data.bundle));
  }
  if (event.data && event.data.type === 'GET_BUILD_ID') event.source?.postMessage({ type: 'BUILD_ID', buildId: BUILD_ID });
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return;

  // The counselling desk is a bundle of its own, online only: from the
  // network, and offline the app's page that says it needs the network.
  if (url.pathname === '/counsellor' || url.pathname === '/counsellor/' || url.pathname.startsWith('/desk/')) {
    if (request.mode === 'navigate') {
      event.respondWith(
        fetch(request).catch(() => caches.open(CACHE).then((cache) => cache.match('/index.html'))),
      );
    }
    return;
  }
  const bundle = bundleOf(url.pathname);
  if (bundle) {
    event.respondWith(request.mode === 'navigate' ? bundlePage(bundle, request) : bundleFile(bundle, request));
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        cache.match('/index.html').then((cached) => cached || fetch(request)),
      ),
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(request, { ignoreSearch: true }).then((cached) => cached || fetch(request)),
    ),
  );
});
