// Wage disputes as officers work them: the case view and board rows the server answers with,
// the steps a case in each stage can take next (the server decides; this only offers them), the
// fields each step's form asks for, and how urgent a deadline is.
import { daysBetween } from './format'

export interface Clock {
  name: string
  starts_on: string
  state: 'met' | 'met_late' | 'pending' | 'overdue' | 'not_running' | 'missed'
  days_late: number
  due?: string
  met_on?: string
  problem?: string
}
export interface Claim { kind: string; amount_fen: number; period_from?: string; period_to?: string; granted_fen?: number }
export interface Dispute {
  id: string
  region: string
  stage: string
  first_stage: string
  filed_on: string
  claimant_name: string
  claimant_household_id?: string
  claimant_person_id?: string
  resident_id: string
  respondent_id: string
  respondent_name: string
  facts: string
  known_on: string
  still_employed: boolean
  claims: Claim[]
  claimed_fen: number
  due_fen: number
  recovered_fen: number
  limitation_ends: string
  may_apply_for_arbitration: boolean
  outcome?: string
  closed_on?: string
  final_for_employer?: boolean
  clocks: Clock[]
  version: number
}
export interface BoardRow {
  id: string
  region: string
  stage: string
  filed_on: string
  claimant_name: string
  respondent_name: string
  claimed_fen: number
  officer?: string
  next_clock?: string
  next_due?: string
  overdue?: boolean
  days_late?: number
}

export const stages = ['mediation', 'mediation_settled', 'mediation_failed', 'arbitration_applied', 'arbitration', 'awarded', 'settled', 'closed']
export const claimKinds = ['unpaid_wages', 'overtime_pay', 'economic_compensation', 'work_injury_costs', 'double_wages_no_contract', 'other']

// A form field of a step: `yuan` fields are entered in yuan and sent in fen.
export type FieldKind = 'date' | 'text' | 'longText' | 'names' | 'yuan' | 'days' | 'instalments' | 'granted'
export interface StepField { name: string; kind: FieldKind; optional?: boolean }
export interface Step { path: string; fields: StepField[]; mediators?: boolean }

const date: StepField = { name: 'date', kind: 'date' }
const reason: StepField = { name: 'reason', kind: 'longText' }
export const steps: Record<string, Step> = {
  'mediation-sessions': { path: 'mediation-sessions', mediators: true, fields: [date, { name: 'mediator', kind: 'text' }, { name: 'note', kind: 'longText', optional: true }] },
  'mediation-settlement': { path: 'mediation-settlement', mediators: true, fields: [date, { name: 'mediator', kind: 'text' }, { name: 'agreement', kind: 'instalments' }] },
  'mediation-failure': { path: 'mediation-failure', mediators: true, fields: [date, reason] },
  'arbitration-application': { path: 'arbitration-application', fields: [{ name: 'received_on', kind: 'date' }] },
  acceptance: { path: 'acceptance', fields: [date, { name: 'officer', kind: 'text' }] },
  refusal: { path: 'refusal', fields: [date, reason] },
  tribunal: { path: 'tribunal', fields: [date, { name: 'members', kind: 'names' }] },
  service: { path: 'service', fields: [date] },
  defence: { path: 'defence', fields: [date] },
  hearing: { path: 'hearing', fields: [{ name: 'notified_on', kind: 'date' }, { name: 'hearing_on', kind: 'date' }] },
  extension: { path: 'extension', fields: [date, { name: 'days', kind: 'days' }, { name: 'approved_by', kind: 'text' }] },
  suspension: { path: 'suspension', fields: [date, reason] },
  resumption: { path: 'resumption', fields: [date] },
  award: { path: 'award', fields: [date, { name: 'granted_fen', kind: 'granted' }] },
  settlement: { path: 'settlement', fields: [date, { name: 'amount_fen', kind: 'yuan' }] },
  withdrawal: { path: 'withdrawal', fields: [date, reason] },
  transfer: { path: 'transfer', fields: [date, reason] },
  enforcement: { path: 'enforcement', fields: [date, { name: 'court', kind: 'text' }] },
  payments: { path: 'payments', mediators: true, fields: [date, { name: 'amount_fen', kind: 'yuan' }] },
  'limitation-interruptions': { path: 'limitation-interruptions', fields: [date, reason] },
  'limitation-suspensions': { path: 'limitation-suspensions', fields: [date, { name: 'until', kind: 'date' }, reason] },
}

// The steps a case in `stage` may take next, the usual one first; a mediator (caseworker) only
// those of mediation.
export function nextSteps(d: Pick<Dispute, 'stage' | 'may_apply_for_arbitration'>, mediatorOnly: boolean): string[] {
  const byStage: Record<string, string[]> = {
    mediation: ['mediation-sessions', 'mediation-settlement', 'mediation-failure',
      ...(d.may_apply_for_arbitration ? ['arbitration-application'] : []), 'withdrawal', 'transfer',
      'limitation-interruptions', 'limitation-suspensions'],
    mediation_settled: ['payments', 'arbitration-application', 'withdrawal'],
    mediation_failed: ['arbitration-application', 'withdrawal', 'transfer'],
    arbitration_applied: ['acceptance', 'refusal', 'withdrawal', 'transfer'],
    arbitration: ['tribunal', 'service', 'defence', 'hearing', 'award', 'settlement', 'extension', 'suspension',
      'resumption', 'withdrawal', 'transfer'],
    awarded: ['payments', 'enforcement'],
    settled: ['payments', 'enforcement'],
  }
  const all = byStage[d.stage] ?? []
  return mediatorOnly ? all.filter((s) => steps[s].mediators && (d.stage === 'mediation' || d.stage === 'mediation_settled')) : all
}

// The request body of a step from what the form holds (yuan turned into fen; empty optional
// fields left out). Undefined for an amount that is not a whole number of fen: the form says so.
export function stepBody(step: Step, values: Record<string, unknown>, toFen: (yuan: string) => number | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const f of step.fields) {
    const v = values[f.name]
    if (f.optional && (v === '' || v === undefined)) continue
    switch (f.kind) {
      case 'yuan':
        body[f.name] = toFen(String(v ?? ''))
        break
      case 'granted':
        body[f.name] = ((v as string[]) ?? []).map((y) => toFen(y) ?? -1)
        break
      case 'instalments':
        body[f.name] = ((v as { yuan: string; due_on: string }[]) ?? []).map((i) => ({ amount_fen: toFen(i.yuan), due_on: i.due_on }))
        break
      case 'names':
        body[f.name] = String(v ?? '').split(/[,，、\s]+/).filter(Boolean)
        break
      case 'days':
        body[f.name] = Number(v)
        break
      default:
        body[f.name] = v ?? ''
    }
  }
  return body
}

// How a deadline looks on the board: missed (overdue), close (due within 3 days), or not yet.
export type Urgency = 'overdue' | 'soon' | 'later' | 'done'
export function urgency(due: string | undefined, state: string | undefined, today: string): Urgency {
  if (!due || (state && !['pending', 'overdue'].includes(state))) return 'done'
  if (state === 'overdue' || due < today) return 'overdue'
  return daysBetween(today, due) <= 3 ? 'soon' : 'later'
}
export const urgencyTag: Record<Urgency, 'danger' | 'warning' | 'success' | 'info'> = {
  overdue: 'danger', soon: 'warning', later: 'success', done: 'info',
}

// A step of the case's history as the case page lists it: what, on which business day, by whom.
export interface DisputeEntry { type: string; date: string; by: string; detail: string }
export function disputeTimeline(events: { version: number; type: string; actor: { user: string }; data: Record<string, unknown> }[]): DisputeEntry[] {
  const text = (v: unknown) => (typeof v === 'string' ? v : '')
  return events
    .map((e) => {
      const d = e.data
      const day = text(d.date) || text(d.received_on) || text(d.filed_on) || text(d.notified_on)
      const detail = text(d.reason) || text(d.mediator) || text(d.officer) || text(d.court) || text(d.approved_by) ||
        (text(d.hearing_on) ? `→ ${text(d.hearing_on)}` : '') || (Array.isArray(d.members) ? d.members.map(text).join('、') : '')
      return { version: e.version, entry: { type: e.type.replace(/^dispute\./, ''), date: day, by: e.actor.user, detail } }
    })
    .sort((a, b) => b.entry.date.localeCompare(a.entry.date) || b.version - a.version)
    .map((x) => x.entry)
}
