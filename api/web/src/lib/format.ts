// Amounts and dates as Chinese readers write them: 元 with two decimals from fen, 2026年11月27日.

export function yuanFromFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—'
  const negative = fen < 0
  const abs = Math.abs(Math.round(fen))
  const yuan = Math.floor(abs / 100)
  const cents = String(abs % 100).padStart(2, '0')
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${negative ? '-' : ''}${grouped}.${cents} 元`
}

// "12.5" or "12.50" yuan typed in a form → fen; undefined when it is not an amount.
export function fenFromYuan(text: string): number | undefined {
  const match = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(text)
  if (!match) return undefined
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}

// Calendar dates are Baoshan's (UTC+8) whatever the phone's time zone.
const kChinaOffsetMs = 8 * 3600 * 1000

function chinaParts(instant: Date) {
  const shifted = new Date(instant.getTime() + kChinaOffsetMs)
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  }
}

// "2026-11-27" or an RFC 3339 instant → 2026年11月27日 (instants in UTC+8).
export function chineseDate(value: string | null | undefined): string {
  if (!value) return '—'
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (date) return `${Number(date[1])}年${Number(date[2])}月${Number(date[3])}日`
  const instant = new Date(value)
  if (Number.isNaN(instant.getTime())) return value
  const p = chinaParts(instant)
  return `${p.year}年${p.month}月${p.day}日`
}

// An RFC 3339 instant → 2026年11月27日 14:05 (UTC+8).
export function chineseDateTime(value: string | null | undefined): string {
  if (!value) return '—'
  const instant = new Date(value)
  if (Number.isNaN(instant.getTime())) return value
  const p = chinaParts(instant)
  const hh = String(p.hour).padStart(2, '0')
  const mm = String(p.minute).padStart(2, '0')
  return `${p.year}年${p.month}月${p.day}日 ${hh}:${mm}`
}

// Today in Baoshan as YYYY-MM-DD.
export function todayInChina(now: Date = new Date()): string {
  const p = chinaParts(now)
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`
}

// Whole days from `from` to `to` (YYYY-MM-DD).
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000)
}
