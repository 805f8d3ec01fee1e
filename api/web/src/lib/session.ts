// Who is signed in, and in which regions with which roles.
import { reactive } from 'vue'
import { get, request, tokenStore } from './api'

export interface Grant {
  role: 'admin' | 'caseworker' | 'arbitrator' | 'inspector'
  region: string
}
export interface Me {
  username: string
  grants: Grant[]
  must_change_password: boolean
}

export const roles: readonly Grant['role'][] = ['caseworker', 'arbitrator', 'inspector', 'admin']

export const session = reactive<{ me: Me | null }>({ me: null })

export async function signIn(username: string, password: string) {
  const reply = await request<{ token: string }>('/sessions', { body: { username, password } })
  tokenStore.set(reply.data.token)
  await loadMe()
}

// Who the token belongs to, as last answered: a screen can start from it at once (a round trip
// on a village line costs seconds) while loadMe() asks again. The server decides every request
// by the token alone, so this copy only chooses what to show.
const kMeKey = 'xingfuli.me'

export function rememberedMe(): Me | null {
  const token = tokenStore.get()
  try {
    const kept = JSON.parse(localStorage.getItem(kMeKey) ?? 'null')
    return token && kept?.token === token ? (kept.me as Me) : null
  } catch {
    return null
  }
}

export async function loadMe(): Promise<Me | null> {
  const token = tokenStore.get()
  if (!token) {
    session.me = null
    localStorage.removeItem(kMeKey)
    return null
  }
  session.me = await get<Me>('/sessions/current')
  localStorage.setItem(kMeKey, JSON.stringify({ token, me: session.me }))
  return session.me
}

export async function signOut() {
  try {
    await request('/sessions/current', { method: 'DELETE' })
  } finally {
    tokenStore.set(null)
    localStorage.removeItem(kMeKey)
    session.me = null
  }
}

export function hasRole(me: Me | null, ...roles: Grant['role'][]): boolean {
  return !!me && me.grants.some((g) => roles.includes(g.role))
}

// Whether a grant with one of `roles` covers the whole city (保山市): what the log's digest, its
// check and record proofs ask for.
export const cityCode = '530500000000'
export function coversCity(me: Me | null, ...roles: Grant['role'][]): boolean {
  return !!me && me.grants.some((g) => roles.includes(g.role) && g.region === cityCode)
}

// The region a user works in first: their first grant's.
export function homeRegion(me: Me | null): string | undefined {
  return me?.grants[0]?.region
}
