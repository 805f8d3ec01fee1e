// The service worker: keeps the application's files so that a caseworker can open it, and the
// households she looked at (kept by the application in IndexedDB), without a connection.
// API requests are never cached here: they go to the network, and the application decides.
// The build writes this file with the list of its files (vite.config.ts), so every build is a
// new worker: it keeps the new files, and drops the old build's once it takes over.
const kFiles = self.__PRECACHE_FILES__
const kShell = `xingfuli-${self.__BUILD__}`

async function precache() {
  const cache = await caches.open(kShell)
  await cache.addAll(['/', ...kFiles.map((f) => '/' + f)])
}

async function dropOldBuilds() {
  for (const name of await caches.keys()) {
    if (name.startsWith('xingfuli-') && name !== kShell) await caches.delete(name)
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(dropOldBuilds().then(() => self.clients.claim()))
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  const url = new URL(request.url)
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return
  if (request.mode === 'navigate') {
    // The kept page at once (on a slow line a round trip costs seconds), refreshed behind it
    // for the next time; the network when nothing is kept.
    const fresh = fetch(request).then((response) => {
      const copy = response.clone()
      if (response.ok) caches.open(kShell).then((c) => c.put('/', copy))
      return response
    })
    event.respondWith(caches.match('/').then((kept) => kept || fresh))
    event.waitUntil(fresh.catch(() => undefined))
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
