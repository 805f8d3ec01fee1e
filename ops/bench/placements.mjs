// The placement command under load: 16 clients place people who are out of work into open
// postings (POST /api/v1/placements: the seat in the posting, then the household's record and
// its zero-employment flag), and the postings query among the seeded postings.
// Usage: node ops/bench/placements.mjs BASE TOKEN [placements] [connections]
const [base, token, total = '2000', connections = '16'] = process.argv.slice(2)
const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }
const api = async (path, body) => {
  const r = await fetch(`${base}/api/v1${path}`, body ? { method: 'POST', headers, body: JSON.stringify(body) } : { headers })
  return { status: r.status, body: await r.json() }
}
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)

// People out of work: members of flagged households, found from the board of each county.
const people = []
for (const county of ['530502', '530521', '530523', '530524', '530581']) {
  let cursor
  do {
    const page = await api(`/reports/zero-employment?region=${county}&limit=500${cursor ? `&cursor=${cursor}` : ''}`)
    for (const h of page.body.households ?? []) people.push({ household: h.id, county })
    cursor = page.body.next_cursor
  } while (cursor && people.length < Number(total) * 2)
}
const candidates = []
for (const p of people.slice(0, Number(total) * 2)) {
  const h = await api(`/households/${p.household}`)
  const m = h.body.members.find((x) => x.active && x.status === 'unemployed' && x.age >= 18 && x.age <= 50)
  if (m) candidates.push({ ...p, person: m.person_id })
}
// Open postings of each county that have begun, with their free seats.
const seats = {}
for (const county of new Set(candidates.map((c) => c.county))) {
  seats[county] = []
  let cursor
  do {
    const page = await api(`/postings?region=${county}&open=true&date=${today}&limit=500${cursor ? `&cursor=${cursor}` : ''}`)
    for (const p of page.body.postings) for (let i = p.filled; i < p.headcount; ++i) seats[county].push(p.id)
    cursor = page.body.next_cursor
  } while (cursor && seats[county].length < Number(total))
}
// Caseworkers place into many postings at once: the seats in a random order (a fixed seed).
let state = 42
const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
for (const list of Object.values(seats)) {
  for (let i = list.length - 1; i > 0; --i) {
    const j = Math.floor(random() * (i + 1))
    ;[list[i], list[j]] = [list[j], list[i]]
  }
}
const work = candidates.filter((c) => seats[c.county].length > 0).slice(0, Number(total))
let next = 0
const latencies = []
const statuses = {}
const started = performance.now()
await Promise.all(Array.from({ length: Number(connections) }, async () => {
  while (next < work.length) {
    const c = work[next++]
    const posting = seats[c.county].pop()
    if (!posting) continue
    const t0 = performance.now()
    const r = await api('/placements', { household_id: c.household, person_id: c.person, kind: 'posting', posting_id: posting, start_date: today })
    latencies.push(performance.now() - t0)
    statuses[r.status] = (statuses[r.status] ?? 0) + 1
  }
}))
const seconds = (performance.now() - started) / 1000
latencies.sort((a, b) => a - b)
console.log(`placements: ${latencies.length} requests at ${connections} connections in ${seconds.toFixed(1)} s = ${(latencies.length / seconds).toFixed(0)}/s; ` +
  `p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms; statuses ${JSON.stringify(statuses)}`)
