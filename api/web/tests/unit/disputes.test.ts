import { describe, expect, it } from 'vitest'
import { disputeTimeline, nextSteps, stepBody, steps, urgency } from '@/lib/disputes'
import { fenFromYuan } from '@/lib/format'

describe('the steps a case can take next', () => {
  it('offers mediation steps to mediators, and arbitration only once mediation ran its 15 days', () => {
    expect(nextSteps({ stage: 'mediation', may_apply_for_arbitration: false }, false)).not.toContain('arbitration-application')
    expect(nextSteps({ stage: 'mediation', may_apply_for_arbitration: true }, false)).toContain('arbitration-application')
    expect(nextSteps({ stage: 'mediation', may_apply_for_arbitration: true }, true))
      .toEqual(['mediation-sessions', 'mediation-settlement', 'mediation-failure'])
    expect(nextSteps({ stage: 'mediation_settled', may_apply_for_arbitration: false }, true)).toEqual(['payments'])
    expect(nextSteps({ stage: 'arbitration', may_apply_for_arbitration: false }, true)).toEqual([])
    expect(nextSteps({ stage: 'arbitration', may_apply_for_arbitration: false }, false)[0]).toBe('tribunal')
    expect(nextSteps({ stage: 'closed', may_apply_for_arbitration: false }, false)).toEqual([])
  })
})

describe('a step form as a request body', () => {
  it('turns yuan into fen, names into a list, and leaves out an empty optional field', () => {
    expect(stepBody(steps.award, { date: '2026-11-02', granted_fen: ['9000', '0.5'] }, fenFromYuan))
      .toEqual({ date: '2026-11-02', granted_fen: [900000, 50] })
    expect(stepBody(steps.tribunal, { date: '2026-09-16', members: '王仲裁员，李仲裁员、张三' }, fenFromYuan))
      .toEqual({ date: '2026-09-16', members: ['王仲裁员', '李仲裁员', '张三'] })
    expect(stepBody(steps['mediation-sessions'], { date: '2026-09-03', mediator: '李芳', note: '' }, fenFromYuan))
      .toEqual({ date: '2026-09-03', mediator: '李芳' })
    expect(stepBody(steps['mediation-settlement'], { date: '2026-09-05', mediator: '李芳', agreement: [{ yuan: '6000', due_on: '2026-09-30' }] }, fenFromYuan))
      .toEqual({ date: '2026-09-05', mediator: '李芳', agreement: [{ amount_fen: 600000, due_on: '2026-09-30' }] })
    // An amount that is not whole fen is sent as such, for the server to name the field.
    expect(stepBody(steps.payments, { date: '2026-09-28', amount_fen: '1.234' }, fenFromYuan)).toEqual({ date: '2026-09-28', amount_fen: undefined })
    expect(stepBody(steps.extension, { date: '2026-10-01', days: 15, approved_by: '主任' }, fenFromYuan))
      .toEqual({ date: '2026-10-01', days: 15, approved_by: '主任' })
  })
})

describe('how urgent a deadline is', () => {
  it('is overdue past its day, soon within three days, done once met', () => {
    expect(urgency('2026-11-20', 'overdue', '2026-11-28')).toBe('overdue')
    expect(urgency('2026-11-30', 'pending', '2026-11-28')).toBe('soon')
    expect(urgency('2026-12-01', 'pending', '2026-11-28')).toBe('soon')
    expect(urgency('2026-12-02', 'pending', '2026-11-28')).toBe('later')
    expect(urgency('2026-11-20', 'met_late', '2026-11-28')).toBe('done')
    expect(urgency(undefined, 'pending', '2026-11-28')).toBe('done')
  })
})

describe('the case record', () => {
  it('lists the steps newest first with their business dates', () => {
    const entries = disputeTimeline([
      { version: 1, type: 'dispute.filed', actor: { user: 'cw' }, data: { filed_on: '2026-09-01' } },
      { version: 2, type: 'dispute.mediation_failed', actor: { user: 'cw' }, data: { date: '2026-09-08', reason: '拒绝调解' } },
      { version: 3, type: 'dispute.hearing_scheduled', actor: { user: 'arb' }, data: { notified_on: '2026-09-28', hearing_on: '2026-10-12' } },
    ])
    expect(entries.map((e) => e.type)).toEqual(['hearing_scheduled', 'mediation_failed', 'filed'])
    expect(entries[0]).toEqual({ type: 'hearing_scheduled', date: '2026-09-28', by: 'arb', detail: '→ 2026-10-12' })
    expect(entries[1].detail).toBe('拒绝调解')
  })
})
