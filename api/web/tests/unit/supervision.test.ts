import { describe, expect, it } from 'vitest'
import { evidenceLines, findingProgress, findingTag, sampledRecordPath, type Finding } from '@/lib/supervision'

const finding: Finding = {
  id: 'f1', region: '530502001002', category: 'overdue_clearing', description: 'x', responsible_unit: '兰城街道',
  status: 'closed', deadline: '2026-12-31', overdue: false, days_overdue: 0, opened_on: '2026-11-01', evidence: [],
  opened_by: 'insp.a',
  answers: [
    { kind: 'rectification', text: '已补录', date: '2026-11-05', by: 'cw.a', evidence: [] },
    { kind: 'rectification', text: '已签字', date: '2026-11-20', by: 'cw.a', evidence: ['回访表.pdf'] },
  ],
  rejections: [{ date: '2026-11-10', by: 'insp.a', reason: '缺签字', new_deadline: '2026-12-31' }],
  accepted: { date: '2026-11-21', by: 'insp.b', note: '' },
  version: 5,
}

describe('a finding\'s progress', () => {
  it('puts each rejection after the answer it decided, and the acceptance last', () => {
    expect(findingProgress(finding).map((s) => `${s.kind}@${s.date}`)).toEqual([
      'opened@2026-11-01', 'answer@2026-11-05', 'rejected@2026-11-10', 'answer@2026-11-20', 'accepted@2026-11-21',
    ])
    expect(findingProgress({ ...finding, answers: [], rejections: [], accepted: undefined, status: 'open' })).toHaveLength(1)
  })
  it('colours overdue red, waiting for an inspector orange, closed grey', () => {
    expect(findingTag({ status: 'open', overdue: true })).toBe('danger')
    expect(findingTag({ status: 'answered', overdue: false })).toBe('warning')
    expect(findingTag({ status: 'closed', overdue: false })).toBe('info')
    expect(findingTag({ status: 'open', overdue: false })).toBe('primary')
  })
})

describe('evidence and sampled records', () => {
  it('reads evidence one item per line, dropping blank lines', () => {
    expect(evidenceLines(' /api/v1/households/h1 \n\n调解协议书.pdf\n')).toEqual(['/api/v1/households/h1', '调解协议书.pdf'])
  })
  it('opens a sampled household or case where the application shows it', () => {
    expect(sampledRecordPath('disputes', 'd1')).toBe('/disputes/d1')
    expect(sampledRecordPath('zero_employment_cleared', 'h1')).toBe('/households/h1')
  })
})
