import { describe, expect, it } from 'vitest'
import { checkCharacter, parseResidentId, residentIdProblem } from '@/lib/residentId'

const today = new Date('2026-11-27T00:00:00Z')

describe('resident ID', () => {
  it('computes the MOD 11-2 check character, X included', () => {
    expect(checkCharacter('53050219800101001')).toBe('7')
    expect(checkCharacter('11010519491231002')).toBe('X')
  })
  it('states birth date and sex', () => {
    expect(parseResidentId('530502198503150028', today)).toEqual({ ok: true, facts: { birthDate: '1985-03-15', sex: 'female' } })
    expect(parseResidentId(' 11010519491231002x ', today)).toEqual({ ok: true, facts: { birthDate: '1949-12-31', sex: 'female' } })
  })
  it('names the first problem', () => {
    expect(parseResidentId('53050219800101001', today)).toEqual({ ok: false, problem: 'length' })
    expect(parseResidentId('53050219800101001A', today)).toEqual({ ok: false, problem: 'characters' })
    expect(parseResidentId('530502198002300017', today)).toEqual({ ok: false, problem: 'birth_date' })
    expect(parseResidentId('530502203001010017', today)).toEqual({ ok: false, problem: 'birth_date' })
    expect(parseResidentId('530502198001010018', today)).toEqual({ ok: false, problem: 'check_character' })
  })
  it('checks the sex and birth date typed beside it', () => {
    expect(residentIdProblem('530502198001010017', 'male', '1980-01-01', today)).toBeUndefined()
    expect(residentIdProblem('530502198001010017', 'female', '', today)).toBe('sex_mismatch')
    expect(residentIdProblem('530502198001010017', 'male', '1980-01-02', today)).toBe('birth_date_mismatch')
  })
})
