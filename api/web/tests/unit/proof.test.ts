import { describe, expect, it } from 'vitest'
import { historyStream } from '@/lib/activity'
import { checkCommand, proofFileName } from '@/lib/proof'
import { coversCity } from '@/lib/session'

describe('a record proof', () => {
  it('is saved under the record\'s stream, and checked with the digest kept', () => {
    expect(proofFileName('household-h12ab')).toBe('household-h12ab.proof.json')
    expect(proofFileName('a/b c')).toBe('a_b_c.proof.json')
    expect(checkCommand('household-h1.proof.json', 'xfl-digest/2 5 2 2026-11-28T00:00:00Z ab'))
      .toBe("ops/check-record-proof.py household-h1.proof.json 'xfl-digest/2 5 2 2026-11-28T00:00:00Z ab'")
  })
  it('is of the stream a history page shows', () => {
    expect(historyStream('household', 'h1')).toBe('household-h1')
    expect(historyStream('dispute', 'd7')).toBe('dispute-d7')
    expect(historyStream('user', 'cw.walk')).toBeUndefined()
  })
  it('is for inspectors and admins of the whole city only', () => {
    const me = (role: 'inspector' | 'caseworker', region: string) => ({ username: 'u', grants: [{ role, region }], must_change_password: false })
    expect(coversCity(me('inspector', '530500000000'), 'inspector', 'admin')).toBe(true)
    expect(coversCity(me('inspector', '530502000000'), 'inspector', 'admin')).toBe(false)
    expect(coversCity(me('caseworker', '530500000000'), 'inspector', 'admin')).toBe(false)
    expect(coversCity(null, 'inspector')).toBe(false)
  })
})
