// The 18-character resident ID (GB 11643-1999): 6-digit division, birth date, sequence whose
// last digit is odd for men and even for women, and an ISO 7064 MOD 11-2 check character.
// Checked as the caseworker types, so a mistyped digit is caught in the village, not later.

const kWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const kCheckCharacters = '10X98765432'

export type ResidentIdProblem =
  | 'length'
  | 'characters'
  | 'birth_date'
  | 'check_character'
  | 'sex_mismatch'
  | 'birth_date_mismatch'

export interface ResidentIdFacts {
  birthDate: string // YYYY-MM-DD
  sex: 'male' | 'female'
}

export function checkCharacter(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * kWeights[i]
  return kCheckCharacters[sum % 11]
}

function validDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day))
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day
}

// The facts an ID states, or the first problem with it. `today` bounds the birth date.
export function parseResidentId(
  raw: string,
  today: Date = new Date(),
): { ok: true; facts: ResidentIdFacts } | { ok: false; problem: ResidentIdProblem } {
  const id = raw.trim().toUpperCase()
  if (id.length !== 18) return { ok: false, problem: 'length' }
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'characters' }
  const year = Number(id.slice(6, 10))
  const month = Number(id.slice(10, 12))
  const day = Number(id.slice(12, 14))
  const birth = Date.UTC(year, month - 1, day)
  if (year < 1900 || !validDate(year, month, day) || birth > today.getTime()) {
    return { ok: false, problem: 'birth_date' }
  }
  if (checkCharacter(id) !== id[17]) return { ok: false, problem: 'check_character' }
  return {
    ok: true,
    facts: {
      birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    },
  }
}

// The ID against the sex and birth date typed beside it.
export function residentIdProblem(
  raw: string,
  sex: string | undefined,
  birthDate: string | undefined,
  today: Date = new Date(),
): ResidentIdProblem | undefined {
  const parsed = parseResidentId(raw, today)
  if (!parsed.ok) return parsed.problem
  if (sex && sex !== parsed.facts.sex) return 'sex_mismatch'
  if (birthDate && birthDate !== parsed.facts.birthDate) return 'birth_date_mismatch'
  return undefined
}
