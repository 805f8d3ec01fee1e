// The outbox: survey visits and assistance actions are written here first (IndexedDB, so they
// survive a closed browser), then sent in order. Each carries its own Idempotency-Key from the
// moment it is written, so a command whose answer was lost is sent again and the server answers
// it without appending twice. A conflict (409) or a refusal (4xx) stays for the caseworker to
// resolve; no connection leaves it waiting for the next try.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb'
import { ApiError, newIdempotencyKey, request } from './api'

export interface QueuedCommand {
  key: string // the Idempotency-Key
  path: string
  body: unknown
  label: string // what the caseworker sees: "走访 · 王官社区3组12号"
  household?: string
  queued_at: string
  seq: number
  state: 'waiting' | 'conflict' | 'rejected'
  error?: { status: number; code: string; message: string; field?: string }
}

export interface CachedHousehold {
  id: string
  data: unknown
  etag?: string
  cached_at: string
}

interface Schema extends DBSchema {
  outbox: { key: string; value: QueuedCommand }
  households: { key: string; value: CachedHousehold }
}

export type Send = (command: QueuedCommand) => Promise<void>

export interface SyncReport {
  sent: number
  waiting: number
  needsAttention: number
  offline: boolean
}

const sendOverHttp: Send = async (command) => {
  await request(command.path, { body: command.body, idempotencyKey: command.key })
}

export class Outbox {
  private db: Promise<IDBPDatabase<Schema>>
  private syncing: Promise<SyncReport> | null = null
  private listeners = new Set<() => void>()
  private seq = 0

  constructor(name = 'xingfuli', private readonly send: Send = sendOverHttp) {
    this.db = openDB<Schema>(name, 1, {
      upgrade(db) {
        db.createObjectStore('outbox', { keyPath: 'key' })
        db.createObjectStore('households', { keyPath: 'id' })
      },
    })
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private changed() {
    for (const l of this.listeners) l()
  }

  async add(command: Pick<QueuedCommand, 'path' | 'body' | 'label' | 'household'>) {
    const now = new Date()
    const queued: QueuedCommand = {
      ...command,
      key: newIdempotencyKey(),
      queued_at: now.toISOString(),
      seq: now.getTime() * 1000 + (this.seq++ % 1000),
      state: 'waiting',
    }
    await (await this.db).put('outbox', queued)
    this.changed()
    return queued
  }

  async list(): Promise<QueuedCommand[]> {
    const all = await (await this.db).getAll('outbox')
    return all.sort((a, b) => a.seq - b.seq)
  }

  async remove(key: string) {
    await (await this.db).delete('outbox', key)
    this.changed()
  }

  // Sends it again as it was (same key): after the caseworker resolved why it was refused.
  async retry(key: string) {
    const db = await this.db
    const command = await db.get('outbox', key)
    if (!command) return
    await db.put('outbox', { ...command, state: 'waiting', error: undefined })
    this.changed()
  }

  // One sync at a time; a call during one waits for it.
  sync(): Promise<SyncReport> {
    if (!this.syncing) {
      this.syncing = this.syncOnce().finally(() => {
        this.syncing = null
        this.changed()
      })
    }
    return this.syncing
  }

  private async syncOnce(): Promise<SyncReport> {
    const report: SyncReport = { sent: 0, waiting: 0, needsAttention: 0, offline: false }
    const db = await this.db
    let stopped = false // keep the order: nothing is sent after one that must wait
    for (const command of await this.list()) {
      if (command.state !== 'waiting' || stopped) {
        if (command.state === 'waiting') report.waiting++
        else report.needsAttention++
        continue
      }
      try {
        await this.send(command)
        await db.delete('outbox', command.key)
        report.sent++
      } catch (e) {
        const error = e instanceof ApiError ? e : new ApiError(0, 'offline', String(e))
        // Offline, a server error or an ended session: the command is fine, try again later.
        if (error.offline || error.status >= 500 || error.status === 401 || error.status === 429) {
          report.offline = error.offline
          report.waiting++
          stopped = true
          continue
        }
        await db.put('outbox', {
          ...command,
          state: error.status === 409 ? 'conflict' : 'rejected',
          error: { status: error.status, code: error.code, message: error.message, field: error.field },
        })
        report.needsAttention++
      }
    }
    return report
  }

  async cacheHousehold(id: string, data: unknown, etag?: string) {
    await (await this.db).put('households', { id, data, etag, cached_at: new Date().toISOString() })
  }

  async cachedHousehold(id: string): Promise<CachedHousehold | undefined> {
    return (await this.db).get('households', id)
  }

  async recentHouseholds(limit = 10): Promise<CachedHousehold[]> {
    const all = await (await this.db).getAll('households')
    return all.sort((a, b) => b.cached_at.localeCompare(a.cached_at)).slice(0, limit)
  }
}

let shared: Outbox | null = null
export function outbox(): Outbox {
  shared ??= new Outbox()
  return shared
}
