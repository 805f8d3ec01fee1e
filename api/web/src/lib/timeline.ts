// A household's casework as a caseworker reads it — visits, the zero-employment flag and its
// clearing, plans and actions — from its history, newest first.
export interface HistoryEvent {
  version: number
  type: string
  actor: { user: string }
  data: Record<string, unknown>
}

export type CaseEntry =
  | { kind: 'visit'; date: string; by: string; members: number; corrects?: string }
  | { kind: 'flagged'; date: string }
  | { kind: 'cleared'; date: string; reason: string }
  | { kind: 'plan'; date: string; by: string; measures: string[] }
  | { kind: 'action'; date: string; by: string; action: string; outcome: string }

const text = (v: unknown) => (typeof v === 'string' ? v : '')

function entryOf(e: HistoryEvent): CaseEntry | null {
  const d = e.data
  switch (e.type) {
    case 'household.visit_recorded':
      return { kind: 'visit', date: text(d.date), by: e.actor.user, members: Array.isArray(d.members) ? d.members.length : 0,
        corrects: text(d.corrects_visit) || undefined }
    case 'household.zero_employment_flagged':
      return { kind: 'flagged', date: text(d.since) }
    case 'household.zero_employment_cleared':
      return { kind: 'cleared', date: text(d.date), reason: text(d.reason) }
    case 'household.plan_opened':
      return { kind: 'plan', date: text(d.date), by: e.actor.user, measures: Array.isArray(d.measures) ? d.measures.map(text) : [] }
    case 'household.assistance_recorded':
      return { kind: 'action', date: text(d.date), by: e.actor.user, action: text(d.kind), outcome: text(d.outcome) }
    default:
      return null
  }
}

export function caseTimeline(events: HistoryEvent[]): CaseEntry[] {
  return events
    .map((e) => ({ version: e.version, entry: entryOf(e) }))
    .filter((x): x is { version: number; entry: CaseEntry } => x.entry !== null)
    .sort((a, b) => b.entry.date.localeCompare(a.entry.date) || b.version - a.version)
    .map((x) => x.entry)
}
