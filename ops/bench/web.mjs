// Web application figures for BENCHMARKS.md: the bytes the first screen transfers, the time to
// the zero-employment board's first render and the household page's time to interactive, each
// unthrottled and on Chrome DevTools' "Slow 3G" profile (2,000 ms latency, 50 KB/s each way),
// cold (a new browser profile) and warm (files kept by the service worker and the HTTP cache).
//   node ops/bench/web.mjs            (XINGFULI=path/to/xingfuli; default: the test build)
// Runs against a fresh server on loopback; Debian's Chromium through playwright-core.
import { chromium } from '../../api/web/node_modules/playwright-core/index.mjs'
import { call, signIn, startServer } from '../../api/web/tests/e2e/server.mjs'

const kSlow3G = { offline: false, latency: 2000, downloadThroughput: 50 * 1024, uploadThroughput: 50 * 1024 }
const runs = Number(process.env.RUNS ?? 3)

const server = await startServer()
const token0 = await signIn(server.base, 'admin', server.initialPassword)
await call(server.base, 'POST', '/users/admin/password', { password: 'bench-password-1', current_password: server.initialPassword }, token0)
const token = await signIn(server.base, 'admin', 'bench-password-1')
const household = await call(server.base, 'POST', '/households', { region: '530502001002', address: '王官社区3组12号' }, token)
await call(server.base, 'POST', `/households/${household.body.id}/members`, { name: '张三', resident_id: '530502198001010017', sex: 'male', birth_date: '1980-01-01', labour_capacity: true, wants_work: true }, token)

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] })

async function measure(path, ready, throttle) {
  // Cold: nothing loaded before, signed in by the token alone.
  const context = await browser.newContext({ locale: 'zh-CN' })
  await context.addInitScript((t) => localStorage.setItem('xingfuli.token', t), token)
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  const timings = []
  for (const round of ['cold', 'warm']) {
    if (throttle) await cdp.send('Network.emulateNetworkConditions', kSlow3G)
    const start = Date.now()
    await page.goto(`${server.base}${path}`, { waitUntil: 'commit', timeout: 120000 })
    await page.locator(ready).first().waitFor({ timeout: 120000 })
    timings.push(Date.now() - start)
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
    if (round === 'cold') {
      await page.evaluate(() => navigator.serviceWorker.ready)
      await page.goto('about:blank')
    }
  }
  await context.close()
  return timings
}

async function firstScreenBytes() {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(`${server.base}/signin`, { waitUntil: 'networkidle' })
  const bytes = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0]
    const resources = performance.getEntriesByType('resource').filter((r) => !r.name.includes('/api/') && !r.name.includes('sw.js') && r.initiatorType !== 'fetch')
    return { files: resources.length + 1, transferred: nav.transferSize + resources.reduce((n, r) => n + r.transferSize, 0), decoded: nav.decodedBodySize + resources.reduce((n, r) => n + r.decodedBodySize, 0) }
  })
  await context.close()
  return bytes
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const bytes = await firstScreenBytes()
console.log(`first screen (sign-in): ${bytes.files} files, ${(bytes.transferred / 1024).toFixed(0)} KiB transferred (gzip), ${(bytes.decoded / 1024).toFixed(0)} KiB decoded`)
for (const [name, path, ready] of [
  ['zero-employment board, first render', '/board/530502000000', '[data-testid=board-open]'],
  ['household page, time to interactive', `/households/${household.body.id}`, 'button:has-text("入户摸排"):not([disabled])'],
]) {
  for (const throttle of [false, true]) {
    const cold = []
    const warm = []
    for (let i = 0; i < runs; i++) {
      const [c, w] = await measure(path, ready, throttle)
      cold.push(c)
      warm.push(w)
    }
    console.log(`${name}, ${throttle ? 'Slow 3G' : 'unthrottled'}: cold median ${median(cold)} ms (${cold.join(', ')}), warm median ${median(warm)} ms (${warm.join(', ')})`)
  }
}
await browser.close()
await server.stop()
