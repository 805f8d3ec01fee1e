import { describe, expect, it } from 'vitest'
import { caseTimeline, type HistoryEvent } from '@/lib/timeline'

const event = (version: number, type: string, data: Record<string, unknown>): HistoryEvent => ({ version, type, actor: { user: 'cw' }, data })

describe('the casework timeline', () => {
  it('keeps the casework, newest first, and leaves the rest to the history', () => {
    const entries = caseTimeline([
      event(1, 'household.registered', { address: 'x' }),
      event(2, 'household.member_added', { name: '张三' }),
      event(3, 'household.visit_recorded', { date: '2026-11-02', members: [{}, {}] }),
      event(4, 'household.zero_employment_flagged', { since: '2026-11-02' }),
      event(5, 'household.plan_opened', { date: '2026-11-03', measures: ['job_referral'] }),
      event(6, 'household.assistance_recorded', { date: '2026-11-05', kind: 'job_referral', outcome: '面试' }),
      event(7, 'household.zero_employment_cleared', { date: '2026-11-20', reason: 'member_employed' }),
      event(8, 'household.visit_recorded', { date: '2026-11-01', members: [{}], corrects_visit: 'v1' }),
    ])
    expect(entries.map((e) => e.kind)).toEqual(['cleared', 'action', 'plan', 'flagged', 'visit', 'visit'])
    expect(entries[0]).toEqual({ kind: 'cleared', date: '2026-11-20', reason: 'member_employed' })
    expect(entries[3]).toEqual({ kind: 'flagged', date: '2026-11-02' })
    expect(entries[4]).toMatchObject({ kind: 'visit', members: 2 }) // same day: the later event first
    expect(entries[5]).toMatchObject({ kind: 'visit', corrects: 'v1', members: 1 })
  })
})
