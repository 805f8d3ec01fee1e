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

export const session = reactive<{ me: Me | null }>({ me: null })

export async function signIn(username: string, password: string) {
  const reply = await request<{ token: string }>('/sessions', { body: { username, password } })
  tokenStore.set(reply.data.token)
  await loadMe()
}

export async function loadMe(): Promise<Me | null> {
  if (!tokenStore.get()) {
    session.me = null
    return null
  }
  session.me = await get<Me>('/sessions/current')
  return session.me
}

export async function signOut() {
  try {
    await request('/sessions/current', { method: 'DELETE' })
  } finally {
    tokenStore.set(null)
    session.me = null
  }
}

export function hasRole(me: Me | null, ...roles: Grant['role'][]): boolean {
  return !!me && me.grants.some((g) => roles.includes(g.role))
}

// The region a user works in first: their first grant's.
export function homeRegion(me: Me | null): string | undefined {
  return me?.grants[0]?.region
}
