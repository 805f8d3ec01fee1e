// The zero-employment board as the server reports it (GET /reports/zero-employment).
import { get } from './api'

// Where a listed household is and who heads it (the head's resident ID masked).
interface Listing {
  id: string
  region: string
  address: string
  head_name: string
  head_resident_id: string
  since: string
  flag_recorded_on: string // since is the day it is dated
  backdated: boolean
}
export interface BoardEntry extends Listing {
  days_open: number
  plan_due: string
  clear_due: string
  plan_opened?: string
  plan_opened_late_days?: number // the plan came this many days after plan_due
  plan_overdue: boolean
  clear_overdue: boolean
  overdue: boolean
}
export interface ClearedEntry extends Listing {
  cleared: string
  days_to_clear: number
  reason: string
  cause: string
}
export interface Board {
  region: string
  as_of: string
  valid_on?: string
  open: number
  backdated_open: number
  overdue: number
  plan_overdue: number
  clear_overdue: number
  cleared_count: number
  mean_days_to_clear?: number // absent until one is cleared
  list: 'open' | 'cleared'
  households: (BoardEntry | ClearedEntry)[]
  next_cursor?: string
}

export function board(region: string, options: { as_of?: string; valid_on?: string; list?: 'open' | 'cleared'; limit?: number; cursor?: string } = {}) {
  return get<Board>('/reports/zero-employment', { region, ...options })
}

// What falls due by `until` (YYYY-MM-DD) or is already late, soonest first.
export function dueBy(entries: BoardEntry[], until: string): { entry: BoardEntry; due: string; what: 'plan' | 'clear' }[] {
  const out: { entry: BoardEntry; due: string; what: 'plan' | 'clear' }[] = []
  for (const e of entries) {
    if (!e.plan_opened && e.plan_due <= until) out.push({ entry: e, due: e.plan_due, what: 'plan' })
    else if (e.clear_due <= until) out.push({ entry: e, due: e.clear_due, what: 'clear' })
  }
  return out.sort((a, b) => a.due.localeCompare(b.due))
}
