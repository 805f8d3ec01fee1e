import { describe, expect, it } from 'vitest'
import { historyLink } from '@/lib/activity'

describe('an activity entry links to its record\'s history', () => {
  it('for the record kinds the history page shows, and nothing else', () => {
    expect(historyLink('household-h12ab')).toBe('/history/household/h12ab')
    expect(historyLink('finding-f1')).toBe('/history/finding/f1')
    expect(historyLink('access-household-h1')).toBeUndefined()
    expect(historyLink('integrity-signed-heads')).toBeUndefined()
    expect(historyLink('nodash')).toBeUndefined()
  })
})
