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
  // The body as the server sent it, byte for byte (a download: decoding it as text would drop a
  // CSV's byte-order mark, which Chinese Excel needs to read UTF-8).
  blob?: boolean
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

// A 401 to a signed-in request: the session ended (expired, or signed out elsewhere).
function endSessionOn(error: ApiError, token: string | null) {
  if (error.status === 401 && token) {
    tokenStore.set(null)
    onSessionEnded()
  }
}

export function url(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== '') params.set(k, String(v))
  }
  const qs = params.toString()
  return `/api/v1${path}${qs ? `?${qs}` : ''}`
}

export function errorFromBody(status: number, statusText: string, text: string): ApiError {
  try {
    const body = JSON.parse(text)
    const e = body?.error
    if (e && typeof e.code === 'string') {
      return new ApiError(status, e.code, e.message ?? e.code, e.field, e.current_version, body)
    }
  } catch {
    // not JSON: a proxy's page
  }
  return new ApiError(status, 'http_' + status, statusText)
}

export async function errorFrom(response: Response): Promise<ApiError> {
  return errorFromBody(response.status, response.statusText, await response.text())
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
    endSessionOn(error, token)
    throw error
  }
  if (options.blob) {
    return { data: (await response.blob()) as T, etag: undefined, status: response.status }
  }
  const type = response.headers.get('Content-Type') ?? ''
  const text = await response.text() // empty on a 204
  const data = (type.includes('json') && text ? JSON.parse(text) : text) as T
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

// A file (or a form holding one) sent with its progress reported (fetch cannot report an
// upload's progress), e.g. a township's survey ledger of many megabytes over a weak line. A form
// goes as multipart/form-data, its boundary set by the browser.
export function upload<T>(
  path: string,
  body: Blob | FormData,
  contentType: string | undefined,
  query: RequestOptions['query'],
  onProgress: (fraction: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url(path, query))
    const token = tokenStore.get()
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`)
    if (contentType) xhr.setRequestHeader('Content-Type', contentType)
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total)
    xhr.onerror = () => reject(new ApiError(0, 'offline', 'no connection to the server'))
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve(JSON.parse(xhr.responseText) as T)
      const error = errorFromBody(xhr.status, xhr.statusText, xhr.responseText)
      endSessionOn(error, token)
      reject(error)
    }
    xhr.send(body)
  })
}

// A CSV the server makes (a report, a template), saved as `fileName` by the browser.
export async function downloadCsv(path: string, query: RequestOptions['query'], fileName: string) {
  const reply = await request<Blob>(path, { query, blob: true })
  const link = document.createElement('a')
  link.href = URL.createObjectURL(reply.data)
  link.download = fileName
  link.click()
  URL.revokeObjectURL(link.href)
}
