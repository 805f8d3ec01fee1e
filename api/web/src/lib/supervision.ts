// Supervision's records as the server sends them (OpenAPI: Finding, Inspection), and the codes
// their forms choose from.

export const findingCategories = ['data_quality', 'overdue_clearing', 'assistance_not_given', 'wage_arrears_not_followed', 'service_station_not_working', 'other'] as const
export const findingStatuses = ['open', 'answered', 'closed'] as const
export const sampleKinds = ['zero_employment_cleared', 'zero_employment_flagged', 'disputes'] as const
export const inspectionMethods = ['document_review', 'on_site_sampling', 'household_visits'] as const
export const unitKinds = ['region', 'office', 'operator'] as const
export const sampleResults = ['conforming', 'problem', 'not_reachable'] as const

export interface FindingRow {
  id: string
  region: string
  category: string
  description: string
  responsible_unit: string
  status: (typeof findingStatuses)[number]
  deadline: string
  overdue: boolean
  days_overdue: number
  opened_on: string
}

export interface Finding extends FindingRow {
  responsible_person?: string
  inspection_id?: string
  evidence: string[]
  opened_by: string
  answers: { kind: 'rectification' | 'reply'; text: string; date: string; by: string; evidence: string[] }[]
  rejections: { date: string; by: string; reason: string; new_deadline: string }[]
  accepted?: { date: string; by: string; note: string }
  version: number
}

export interface CountyFindings {
  county: string
  open: number
  answered: number
  closed: number
  overdue_count: number
  overdue: { id: string; region: string; category: string; responsible_unit: string; deadline: string; days_overdue: number }[]
}

export interface InspectionRow {
  id: string
  region: string
  unit_name: string
  starts_on: string
  ends_on: string
  sample_kind: string
  sample_size: number
  checked: number
  problems: number
  status: 'open' | 'closed'
}

export interface Inspection {
  id: string
  region: string
  unit_kind: string
  unit_name: string
  starts_on: string
  ends_on: string
  inspectors: string[]
  methods: string[]
  opened_by: string
  sample: { kind: string; from: string; to: string; drawn_at: string; seed: string; population: number; size: number; records: string[] }
  results: { record_id: string; result: string; note?: string; date?: string; by?: string; finding_id?: string }[]
  status: 'open' | 'closed'
  closed_on?: string
  summary?: string
  version: number
}

// Where a sampled record of `kind` is opened in the application.
export function sampledRecordPath(kind: string, id: string): string {
  return kind === 'disputes' ? `/disputes/${id}` : `/households/${id}`
}

// The tag colour of a finding: overdue red, waiting for an inspector orange, closed grey.
export function findingTag(f: Pick<FindingRow, 'status' | 'overdue'>): 'danger' | 'warning' | 'info' | 'primary' {
  if (f.overdue) return 'danger'
  if (f.status === 'answered') return 'warning'
  if (f.status === 'closed') return 'info'
  return 'primary'
}

// Evidence as typed: one item per line, blank lines dropped.
export function evidenceLines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0)
}

// What happened to a finding, in order: opened, then each answer and the rejection that followed
// it (an answer waits for a decision before the next), then the acceptance.
export type FindingStep =
  | { kind: 'opened'; date: string; by: string }
  | { kind: 'answer'; date: string; by: string; answer: Finding['answers'][number] }
  | { kind: 'rejected'; date: string; by: string; rejection: Finding['rejections'][number] }
  | { kind: 'accepted'; date: string; by: string; note: string }
export function findingProgress(f: Finding): FindingStep[] {
  const steps: FindingStep[] = [{ kind: 'opened', date: f.opened_on, by: f.opened_by }]
  f.answers.forEach((answer, i) => {
    steps.push({ kind: 'answer', date: answer.date, by: answer.by, answer })
    const rejection = f.rejections[i]
    if (rejection) steps.push({ kind: 'rejected', date: rejection.date, by: rejection.by, rejection })
  })
  if (f.accepted) steps.push({ kind: 'accepted', date: f.accepted.date, by: f.accepted.by, note: f.accepted.note })
  return steps
}
