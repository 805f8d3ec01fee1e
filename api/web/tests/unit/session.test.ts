import { afterEach, describe, expect, it, vi } from 'vitest'
import { tokenStore } from '@/lib/api'
import { loadMe, rememberedMe, session, signOut } from '@/lib/session'

const me = { username: 'cw.wangguan', grants: [{ role: 'caseworker', region: '530502001002' }], must_change_password: false }

function answer(status: number, body: unknown) {
  return vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), {
    status, headers: { 'Content-Type': 'application/json' },
  }))
}

afterEach(() => {
  vi.unstubAllGlobals()
  localStorage.clear()
  session.me = null
})

describe('the remembered session', () => {
  it('is the last answer for this token only', async () => {
    tokenStore.set('token-1')
    vi.stubGlobal('fetch', answer(200, me))
    await loadMe()
    expect(rememberedMe()).toEqual(me)
    tokenStore.set('token-2') // another sign-in: the copy is not theirs
    expect(rememberedMe()).toBeNull()
  })

  it('is forgotten on sign-out and when the server ends the session', async () => {
    tokenStore.set('token-1')
    vi.stubGlobal('fetch', answer(200, me))
    await loadMe()
    vi.stubGlobal('fetch', answer(204, undefined))
    await signOut()
    expect(rememberedMe()).toBeNull()
    expect(tokenStore.get()).toBeNull()

    tokenStore.set('token-3')
    vi.stubGlobal('fetch', answer(401, { error: { code: 'unauthenticated', message: 'session ended' } }))
    await expect(loadMe()).rejects.toMatchObject({ status: 401 })
    expect(tokenStore.get()).toBeNull()
    expect(rememberedMe()).toBeNull()
  })
})
