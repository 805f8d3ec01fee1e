// The service worker: keeps the application's files so that a caseworker can open it, and the
// households she looked at (kept by the application in IndexedDB), without a connection.
// API requests are never cached here: they go to the network, and the application decides.
const kShell = 'xingfuli-shell'

async function precache() {
  const response = await fetch('/precache-manifest.json', { cache: 'no-cache' })
  const files = await response.json()
  const cache = await caches.open(kShell)
  await cache.addAll(['/', ...files.map((f) => '/' + f)])
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim())
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  const url = new URL(request.url)
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return
  if (request.mode === 'navigate') {
    // The newest page when online; the kept one when not.
    event.respondWith(
      fetch(request)
        .then((response) => {
          const copy = response.clone()
          if (response.ok) caches.open(kShell).then((c) => c.put('/', copy))
          return response
        })
        .catch(() => caches.match('/')),
    )
    return
  }
  // Hashed files never change: the kept copy, else the network (and keep it).
  event.respondWith(
    caches.match(request).then(
      (kept) =>
        kept ||
        fetch(request).then((response) => {
          if (response.ok && url.pathname.startsWith('/assets/')) {
            const copy = response.clone()
            caches.open(kShell).then((c) => c.put(request, copy))
          }
          return response
        }),
    ),
  )
})
