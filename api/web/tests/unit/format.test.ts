import { describe, expect, it } from 'vitest'
import { chineseDate, chineseDateTime, daysBetween, fenFromYuan, todayInChina, yuanFromFen } from '@/lib/format'

describe('money', () => {
  it('shows fen as 元 with two decimals and thousands grouped', () => {
    expect(yuanFromFen(0)).toBe('0.00 元')
    expect(yuanFromFen(5)).toBe('0.05 元')
    expect(yuanFromFen(250000)).toBe('2,500.00 元')
    expect(yuanFromFen(-123456789)).toBe('-1,234,567.89 元')
    expect(yuanFromFen(undefined)).toBe('—')
  })
  it('reads typed yuan into fen exactly (no floating point)', () => {
    expect(fenFromYuan('12.5')).toBe(1250)
    expect(fenFromYuan('0.07')).toBe(7)
    expect(fenFromYuan('3000')).toBe(300000)
    expect(fenFromYuan('1.005')).toBeUndefined()
    expect(fenFromYuan('-1')).toBeUndefined()
    expect(fenFromYuan('十元')).toBeUndefined()
  })
})

describe('dates', () => {
  it('writes dates the Chinese way, instants in UTC+8', () => {
    expect(chineseDate('2026-11-27')).toBe('2026年11月27日')
    expect(chineseDate('2026-11-27T17:30:00Z')).toBe('2026年11月28日')
    expect(chineseDateTime('2026-11-27T06:05:00Z')).toBe('2026年11月27日 14:05')
    expect(chineseDate('')).toBe('—')
  })
  it('knows the day in Baoshan whatever the phone says', () => {
    expect(todayInChina(new Date('2026-11-27T16:00:00Z'))).toBe('2026-11-28')
    expect(todayInChina(new Date('2026-11-27T15:59:59Z'))).toBe('2026-11-27')
    expect(daysBetween('2026-02-27', '2026-03-01')).toBe(2)
  })
})
