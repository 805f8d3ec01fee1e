// The demand side as the server shows it: employers, postings, placements, and the codes their
// forms choose from (labels in `enums.<name>.<code>`).
import { get } from './api'

export interface EmployerListing { id: string; name: string; kind: string; industry: string; region: string; status: string }
export interface Employer extends EmployerListing {
  credit_code: string; address: string; contact_name: string; contact_phone: string; closed_on?: string; visits: number; version: number
}
export interface Visit {
  visit_id: string; date: string; visitor: string; seasonal_demand: string; difficulties: string
  services: string[]; vacancies: { trade: string; headcount: number; season: string; posting_id?: string }[]
}
export interface Posting {
  id: string; employer_id: string; employer_name: string; title: string; trade: string; region: string; term: string
  wage_fen: number; wage_unit: string; start_date: string; end_date?: string; headcount: number; filled: number; status: string
}
export interface Placement {
  id: string; household_id: string; person_id: string; person_name: string; kind: string; schedule: string; status: string
  start_date: string; ended_on?: string; employer_name?: string; posting_id?: string; flags: string[]; household_zero_employment: boolean
}

export const employerKinds = ['company', 'cooperative', 'farm', 'individual_business', 'labour_platform', 'public_institution']
export const employerServices = ['policy_startup_loans', 'policy_training_subsidy', 'policy_social_insurance_subsidy', 'vacancy_collection', 'recruitment_fair_invitation', 'other']
export const wageUnits = ['hour', 'day', 'month', 'piece']
export const terms = ['long_term', 'seasonal', 'gig']
export const provisions = ['meals', 'lodging', 'transport', 'work_injury_insurance']
export const placementKinds = ['posting', 'employer', 'public_welfare', 'self_employed', 'flexible', 'migrant']
export const schedules = ['full_time', 'seasonal', 'gig']
export const postTypes = ['road_maintenance', 'sanitation', 'forest_ranger', 'village_assistant', 'water_management', 'elderly_care', 'security', 'other']
export const endReasons = ['contract_ended', 'season_over', 'quit', 'dismissed', 'other']

// The trade catalogue, fetched once per page load: code → Chinese name.
let trades: Promise<Record<string, string>> | null = null
export function tradeNames(): Promise<Record<string, string>> {
  trades ??= get<{ trades: { code: string; name: string }[] }>('/trades')
    .then((r) => Object.fromEntries(r.trades.map((x) => [x.code, x.name])))
    .catch((e) => {
      trades = null
      throw e
    })
  return trades
}

// The county (12 digits) a region lies in.
export function countyOf(region: string): string {
  return region.slice(0, 6) + '000000'
}

// A wage as people say it: 120.00 元/天.
export function wageText(fen: number, unit: string, unitLabel: (u: string) => string): string {
  return `${(fen / 100).toFixed(2)} 元/${unitLabel(unit)}`
}
