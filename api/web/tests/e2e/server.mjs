// A real `xingfuli serve` on a fresh data directory for the browser tests, and a small API
// client for their set-up. XINGFULI names the binary (default: the test build's), WEB_ROOT the
// built application (default: dist/).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const web = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const binary = process.env.XINGFULI ?? resolve(web, '../../build/test/tools/xingfuli')

export async function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'xfl-e2e-'))
  const webRoot = process.env.WEB_ROOT ?? join(web, 'dist') // another build, for comparisons
  const child = spawn(binary, ['serve', '--data-dir', dataDir, '--listen', '127.0.0.1:0', '--web-root', webRoot], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const port = await new Promise((resolvePort, reject) => {
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
      const match = /\(port (\d+)\)/.exec(out)
      if (match) resolvePort(Number(match[1]))
    })
    child.on('exit', (code) => reject(new Error(`xingfuli serve exited with ${code}: ${out}`)))
  })
  const base = `http://127.0.0.1:${port}`
  return {
    base,
    initialPassword: readFileSync(join(dataDir, 'initial-admin-password'), 'utf8').trim(),
    async stop() {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export async function call(base, method, path, body, token, headers = {}) {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const type = response.headers.get('content-type') ?? ''
  const text = await response.text()
  return { status: response.status, body: type.includes('json') && text ? JSON.parse(text) : text }
}

export async function signIn(base, username, password) {
  const reply = await call(base, 'POST', '/sessions', { username, password })
  if (reply.status !== 201) throw new Error(`sign-in of ${username}: ${JSON.stringify(reply.body)}`)
  return reply.body.token
}
