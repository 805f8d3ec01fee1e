import { describe, expect, it } from 'vitest'
import { countyOf, wageText } from '@/lib/employment'

describe('employment helpers', () => {
  it('finds the county of any region', () => {
    expect(countyOf('530502001002')).toBe('530502000000')
    expect(countyOf('530581000000')).toBe('530581000000')
  })
  it('says a wage in yuan per unit', () => {
    expect(wageText(12000, 'day', (u) => ({ day: '天' })[u] ?? u)).toBe('120.00 元/天')
    expect(wageText(405050, 'month', () => '月')).toBe('4050.50 元/月')
  })
})
