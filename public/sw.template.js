// Anxin's service worker. scripts/post-build.mjs fills in the build id
// and the file list after each release build; this template is not served.
//
// - Precaches every file of one build under a cache named after the build,
//   so two builds never mix: a page keeps the files of the build it loaded
//   with until the person reloads into the new one.
// - Serves page navigations from the cached index.html (deep links offline),
//   except the counselling desk (/counsellor, /desk/), a bundle of its own
//   that is online only and never cached here.
// - Never caches or answers /api/: the app's sync engine owns delivery.
// - Deletes other builds' caches when it activates.
const BUILD_ID = '__BUILD_ID__';
const CACHE = `anxin-${BUILD_ID}`;
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

self.addEventListener('install', (event) => {
  event.waitUntil(precache());
  // No skipWaiting here: a new build waits until the app says "reload".
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((n) => n.startsWith('anxin-') && n !== CACHE).map((n) => caches.delete(n))),
      )
      .then(() => self.clients.claim()),
  );
});

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
