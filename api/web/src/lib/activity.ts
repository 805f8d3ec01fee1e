// The activity an inspector reviews (OpenAPI: ActivityPage), and where each entry's record is.

// The attention flags the server gives an entry (and takes in ?flag=).
export const attentionFlags = ['correction', 'backdated', 'after_hours', 'burst', 'after_deadline'] as const

export interface ActivityEntry {
  position: number
  recorded_at: string
  stream: string
  version: number
  type: string
  user: string
  role: string
  grant_region: string
  region: string
  business_date?: string
  reason?: string
  flags: { flag: (typeof attentionFlags)[number]; why: string }[]
}

// The history page of the record a stream holds ("household-h1" → /history/household/h1), for
// the kinds the history page shows; undefined for the others.
const historyKinds = ['household', 'employer', 'posting', 'dispute', 'finding', 'inspection', 'region'] as const
export function historyLink(stream: string): string | undefined {
  const dash = stream.indexOf('-')
  if (dash < 0) return undefined
  const kind = stream.slice(0, dash)
  return (historyKinds as readonly string[]).includes(kind) ? `/history/${kind}/${stream.slice(dash + 1)}` : undefined
}

// The stream of the record a history page shows: the inverse of historyLink.
export function historyStream(kind: string, id: string): string | undefined {
  return (historyKinds as readonly string[]).includes(kind) ? `${kind}-${id}` : undefined
}
