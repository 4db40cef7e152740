// Anxin's service worker. scripts/post-build.mjs fills in the build id
// and the file list after each release build; this template is not served.
//
// - Precaches every file of one build under a cache named after the build,
//   so two builds never mix: a page keeps the files of the build it loaded
//   with until the person reloads into the new one.
// - Serves page navigations from the cached index.html (deep links offline),
//   except the counselling desk (/counsellor, /desk/), a bundle of its own
//   that is online only and never cached here.
// - The daily report (/reports, its files under /reports/) is a staff
//   bundle of its own: never precached for everyone (students never
//   download it), but kept, from the network, for whoever opened it on this
//   device, so that their last figures and queued actions work offline;
//   a new build fetches it again only where it was kept before.
// - Never caches or answers /api/: the app's sync engine owns delivery.
// - Deletes other builds' caches when it activates.
const BUILD_ID = '__BUILD_ID__';
const CACHE = `anxin-${BUILD_ID}`;
// The reports bundle, for those who opened it here.
const STAFF = `anxin-staff-${BUILD_ID}`;
const REPORTS_PAGE = '/reports/';
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

const isReports = (path) => path === '/reports' || path.startsWith('/reports/');

/** The `/reports/…` files a reports page loads (its script, wasm, css, icon). */
function reportsFiles(html) {
  return [...new Set([...html.matchAll(/["'(](\/reports\/[^"'()\s]+)/g)].map((m) => m[1]))];
}

/** Keeps a reports page fetched just now, and drops files it no longer loads. */
async function keepReportsPage(cache, page) {
  const wanted = new Set(reportsFiles(await page.clone().text()));
  await cache.put(REPORTS_PAGE, page);
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path !== REPORTS_PAGE && !wanted.has(path)) await cache.delete(request);
  }
  return wanted;
}

/** Fetches the reports bundle whole into this build's staff cache. */
async function cacheReports() {
  const cache = await caches.open(STAFF);
  const page = await fetch(REPORTS_PAGE, { cache: 'reload' });
  if (!page.ok) throw new Error('no reports page');
  const files = await keepReportsPage(cache, page);
  await cache.addAll([...files].map((path) => new Request(path, { cache: HASHED.test(path) ? 'default' : 'reload' })));
}

/**
 * The reports bundle for this build, only where it was kept before (an
 * older build's staff cache) or where it is open now (its page registered
 * this worker). Best effort: the older copy is kept if the network fails.
 */
async function keepReportsIfOpened() {
  const older = (await caches.keys()).filter((n) => n.startsWith('anxin-staff-') && n !== STAFF);
  const open = (await self.clients.matchAll({ type: 'window', includeUncontrolled: true })).some((c) =>
    isReports(new URL(c.url).pathname),
  );
  if (!older.length && !open) return;
  try {
    await cacheReports();
  } catch {
    const cache = await caches.open(STAFF);
    for (const name of older) {
      const old = await caches.open(name);
      for (const request of await old.keys()) {
        const response = await old.match(request);
        if (response) await cache.put(request, response);
      }
    }
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(keepReportsIfOpened));
  // No skipWaiting here: a new build waits until the app says "reload".
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((n) => n.startsWith('anxin-') && n !== CACHE && n !== STAFF).map((n) => caches.delete(n)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

/** A reports page: from the network (kept for offline), else the kept one. */
async function reportsPage(request) {
  const cache = await caches.open(STAFF);
  try {
    const page = await fetch(request);
    if (page.ok) await keepReportsPage(cache, page.clone());
    return page;
  } catch {
    const kept = await cache.match(REPORTS_PAGE);
    // Never opened here: the app's page says it needs the network.
    return kept || (await caches.open(CACHE)).match('/index.html');
  }
}

/** A file of the reports bundle: kept, or fetched and kept. */
async function reportsFile(request) {
  const cache = await caches.open(STAFF);
  const kept = await cache.match(request, { ignoreSearch: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
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
  if (isReports(url.pathname)) {
    event.respondWith(request.mode === 'navigate' ? reportsPage(request) : reportsFile(request));
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
