import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { ApiError } from '@/lib/api'
import { Outbox, type QueuedCommand } from '@/lib/outbox'

let dbCounter = 0
function box(send: (c: QueuedCommand) => Promise<void>) {
  return new Outbox(`test-${dbCounter++}`, send)
}
const visit = (n: number) => ({ path: `/households/h${n}/visits`, body: { n }, label: `visit ${n}`, household: `h${n}` })

describe('the outbox', () => {
  it('sends in order, each with its own key, and forgets what was accepted', async () => {
    const sent: QueuedCommand[] = []
    const outbox = box(async (c) => void sent.push(c))
    await outbox.add(visit(1))
    await outbox.add(visit(2))
    const report = await outbox.sync()
    expect(report).toEqual({ sent: 2, waiting: 0, needsAttention: 0, offline: false })
    expect(sent.map((c) => c.body)).toEqual([{ n: 1 }, { n: 2 }])
    expect(new Set(sent.map((c) => c.key)).size).toBe(2)
    expect(await outbox.list()).toEqual([])
  })

  it('keeps everything while offline and resends with the same key when back', async () => {
    let online = false
    const keys: string[] = []
    const outbox = box(async (c) => {
      keys.push(c.key)
      if (!online) throw new ApiError(0, 'offline', 'no connection')
    })
    const first = await outbox.add(visit(1))
    await outbox.add(visit(2))
    expect(await outbox.sync()).toMatchObject({ sent: 0, waiting: 2, offline: true })
    expect(keys).toEqual([first.key]) // nothing after the first while offline
    online = true
    expect(await outbox.sync()).toMatchObject({ sent: 2, waiting: 0 })
    expect(keys[1]).toBe(first.key) // a lost answer is answered again by the server, not appended
  })

  it('survives a reopened browser (a new Outbox on the same database)', async () => {
    const name = `test-${dbCounter++}`
    await new Outbox(name, async () => { throw new ApiError(0, 'offline', '') }).add(visit(7))
    const sent: unknown[] = []
    const reopened = new Outbox(name, async (c) => void sent.push(c.body))
    expect((await reopened.list()).map((c) => c.label)).toEqual(['visit 7'])
    await reopened.sync()
    expect(sent).toEqual([{ n: 7 }])
  })

  it('holds a conflict or a refusal for the caseworker and sends the rest', async () => {
    const outbox = box(async (c) => {
      const n = (c.body as { n: number }).n
      if (n === 1) throw new ApiError(409, 'conflict', 'changed', undefined, 4)
      if (n === 2) throw new ApiError(422, 'rule_violated', 'under 16', 'members[0].note')
    })
    await outbox.add(visit(1))
    await outbox.add(visit(2))
    await outbox.add(visit(3))
    expect(await outbox.sync()).toMatchObject({ sent: 1, needsAttention: 2 })
    const left = await outbox.list()
    expect(left.map((c) => [c.label, c.state, c.error?.field])).toEqual([
      ['visit 1', 'conflict', undefined],
      ['visit 2', 'rejected', 'members[0].note'],
    ])
    // Resolved elsewhere, then sent again: a held command is not sent until retried.
    expect(await outbox.sync()).toMatchObject({ sent: 0, needsAttention: 2 })
    await outbox.retry(left[0].key)
    expect((await outbox.list())[0].state).toBe('waiting')
  })

  it('waits on a server error without reordering', async () => {
    const calls: number[] = []
    const outbox = box(async (c) => {
      calls.push((c.body as { n: number }).n)
      throw new ApiError(503, 'unavailable', 'busy')
    })
    await outbox.add(visit(1))
    await outbox.add(visit(2))
    expect(await outbox.sync()).toMatchObject({ sent: 0, waiting: 2, offline: false })
    expect(calls).toEqual([1])
  })
})
