// The one way the application talks to the server: JSON over /api/v1 with the session's token,
// and every error as an ApiError carrying the server's code, message and the field it names.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly currentVersion?: number,
    readonly body?: unknown, // the whole error body (a refused ledger's report of rows)
  ) {
    super(message)
  }
  // No answer at all: offline, or the server unreachable.
  get offline(): boolean {
    return this.status === 0
  }
}

export interface Reply<T> {
  data: T
  etag?: string
  status: number
}

export interface RequestOptions {
  method?: string
  body?: unknown
  rawBody?: string | Blob
  contentType?: string
  ifMatch?: string
  idempotencyKey?: string
  query?: Record<string, string | number | boolean | undefined>
}

const kTokenKey = 'xingfuli.token'

export const tokenStore = {
  get(): string | null {
    return localStorage.getItem(kTokenKey)
  },
  set(token: string | null) {
    if (token) localStorage.setItem(kTokenKey, token)
    else localStorage.removeItem(kTokenKey)
  },
}

// Called on a 401 for a signed-in request: the session ended (expired, or signed out elsewhere).
let onSessionEnded: () => void = () => {}
export function whenSessionEnds(handler: () => void) {
  onSessionEnded = handler
}

export function url(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== '') params.set(k, String(v))
  }
  const qs = params.toString()
  return `/api/v1${path}${qs ? `?${qs}` : ''}`
}

export async function errorFrom(response: Response): Promise<ApiError> {
  try {
    const body = await response.json()
    const e = body?.error
    if (e && typeof e.code === 'string') {
      return new ApiError(response.status, e.code, e.message ?? e.code, e.field, e.current_version, body)
    }
  } catch {
    // not JSON: a proxy's page
  }
  return new ApiError(response.status, 'http_' + response.status, response.statusText)
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = {}
  const token = tokenStore.get()
  if (token) headers.Authorization = `Bearer ${token}`
  if (options.ifMatch) headers['If-Match'] = options.ifMatch
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey
  let body: BodyInit | undefined
  if (options.rawBody !== undefined) {
    body = options.rawBody
    headers['Content-Type'] = options.contentType ?? 'text/plain'
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body)
    headers['Content-Type'] = 'application/json'
  }
  let response: Response
  try {
    response = await fetch(url(path, options.query), {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
    })
  } catch {
    throw new ApiError(0, 'offline', 'no connection to the server')
  }
  if (!response.ok) {
    const error = await errorFrom(response)
    if (response.status === 401 && token) {
      tokenStore.set(null)
      onSessionEnded()
    }
    throw error
  }
  const type = response.headers.get('Content-Type') ?? ''
  const data = (type.includes('json') ? await response.json() : await response.text()) as T
  return { data, etag: response.headers.get('ETag') ?? undefined, status: response.status }
}

export async function get<T>(path: string, query?: RequestOptions['query']): Promise<T> {
  return (await request<T>(path, { query })).data
}

// A fresh Idempotency-Key. crypto.randomUUID needs a secure context; getRandomValues does not.
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
