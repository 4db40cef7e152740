// Anxin's service worker. scripts/post-build.mjs fills in the build id
// and the file list after each release build; this template is not served.
//
// - Precaches every file of one build under a cache named after the build,
//   so two builds never mix: a page keeps the files of the build it loaded
//   with until the person reloads into the new one.
// - Serves page navigations from the cached index.html (deep links offline).
// - Never caches or answers /api/: the app's sync engine owns delivery.
// - Deletes other builds' caches when it activates.
const BUILD_ID = '__BUILD_ID__';
const CACHE = `anxin-${BUILD_ID}`;
const FILES = __FILES__;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // cache: 'reload' skips the HTTP cache so the files are this build's.
      cache.addAll(FILES.map((path) => new Request(path, { cache: 'reload' }))),
    ),
  );
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
