// A household as the server shows it (GET /households/{id}).
export interface Member {
  person_id: string
  name: string
  resident_id: string
  sex: string
  birth_date: string
  age: number
  education: string
  skills: string[]
  skill_level: string
  categories: string[]
  labour_capacity: boolean
  wants_work: boolean
  status: string
  monthly_income_fen: number
  active: boolean
  entered_in_error?: string
  ledger_columns?: Record<string, string> // the survey ledger's own columns
}
export interface Household {
  id: string
  region: string
  address: string
  ledger_number?: string
  version: number
  zero_employment: boolean
  zero_employment_since?: string
  open_plan?: string
  members: Member[]
  placements?: { id: string; person_id: string; kind: string; start_date: string; status: string; ended_on?: string; employer_name?: string }[]
}

// An assistance plan with its actions (GET /households/{id}/plans).
export interface Plan {
  id: string
  caseworker: string
  date: string
  measures: string[]
  status: 'open' | 'closed'
  closed_on?: string
  actions: { kind: string; date: string; outcome: string }[]
}

export const educations = ['none', 'primary', 'junior_secondary', 'senior_secondary', 'vocational', 'college', 'bachelor', 'postgraduate']
export const skillLevels = ['none', 'junior', 'intermediate', 'senior', 'technician', 'senior_technician']
export const categories = ['urban_labour', 'rural_labour', 'registered_unemployed', 'unemployed_graduate', 'hard_to_employ', 'poverty_alleviated', 'surplus_labour_unable_to_migrate']
export const statuses = ['employed_local', 'employed_away', 'flexible', 'unemployed', 'not_in_labour_force', 'student']
export const departureReasons = ['moved_out', 'died', 'joined_other_household', 'left']
export const actionKinds = ['career_guidance', 'job_referral', 'training_referral', 'public_welfare_job', 'startup_support', 'social_insurance_subsidy', 'other']
