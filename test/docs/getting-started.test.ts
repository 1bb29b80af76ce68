/**
 * docs/getting-started.md, run as a reader runs it. Its ```ts program=server blocks, joined in
 * order (the very text test/docs/snippets.test.ts compiles), are written to server.ts and run
 * with tsx; its page (the ```html block and the ```ts program=page block) is bundled by the
 * guide's own esbuild command into public/. Then real HTTP requests on 127.0.0.1 check what the
 * guide promises: 200 for an allowed user, 403 with the reason's code and the user's sentence,
 * the seat limit's refusal, the grant route, and a grant pushed over Server-Sent Events after
 * a seat is revoked, which a `createGuard` guard takes with `update` so that `can` flips.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGuard, type Guard } from '../../src/client/index.js'
import { conversations, createPolicy, describeDecision, type User } from '../../src/index.js'
import { markdownSnippets, type Program, programOf, read } from './_extract.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const GUIDE = 'docs/getting-started.md'
const guide = read(root, GUIDE)
const snippets = markdownSnippets(GUIDE, guide)
// Inside the repository, so that tsx and esbuild resolve `seatguard` to src by its tsconfig.
const dir = join(root, 'test/docs/.getting-started', String(process.pid))

const TRANSFER = 'conversations/my-work/transfer'
/** Advice only an administrator can follow, which the user's 403 body must never give. */
const ADMIN_ADVICE = /grant them|give them|grant the user|give the user|add the user/i
/** The tenant's roles as the guide makes them: Agent, and a copy of it without Transfer. */
const policy = createPolicy(conversations)
  .duplicateRole('agent', { id: 'junior-agent', name: 'Junior agent' })
  .updateRole('junior-agent', { remove: [TRANSFER] })
/** The sentence for `user` refused Transfer, worded by the library itself. */
const sentence = (user: User): string => describeDecision(policy.explain(user, TRANSFER), { audience: 'user' })

/** The one fenced block of the guide in `lang` (a ```html page, say). */
function block(lang: string): string {
  const found = [...guide.matchAll(new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))]
  expect(found, `${GUIDE} has one \`\`\`${lang} block`).toHaveLength(1)
  return found[0]?.[1] ?? ''
}

/** The arguments of the guide's `npx esbuild …` command line. */
function esbuildArgs(): string[] {
  const line = guide.split('\n').find((l) => l.startsWith('npx esbuild '))
  if (line === undefined) throw new Error(`${GUIDE} has no npx esbuild command`)
  return line.replace(/#.*$/, '').trim().split(/\s+/).slice(2)
}

/** Resolves after `ms`, or rejects with `what` if `work` has not settled by then. */
function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)
  })
  return Promise.race([work, late]).finally(() => clearTimeout(timer))
}

/** A push stream as the page's EventSource reads it: each `data:` message, parsed. */
interface Events {
  next(): Promise<unknown>
  /** Resolves once the server has ended the stream. */
  readonly ended: Promise<void>
  close(): void
}

async function events(url: string, user: string): Promise<Events> {
  const abort = new AbortController()
  const res = await fetch(url, { headers: { cookie: `user=${user}` }, signal: abort.signal })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('text/event-stream')
  const reader = (res.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  const queue: unknown[] = []
  const waiting: ((value: unknown) => void)[] = []
  let buffer = ''
  const ended = (async () => {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      buffer += decoder.decode(value, { stream: true })
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const message = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const data = message
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice('data: '.length))
          .join('\n')
        const parsed: unknown = JSON.parse(data)
        const take = waiting.shift()
        if (take) take(parsed)
        else queue.push(parsed)
      }
    }
  })().catch((error: unknown) => {
    if (!abort.signal.aborted) throw error
  })
  return {
    next: () =>
      within(
        10_000,
        `a message on ${url}`,
        queue.length > 0 ? Promise.resolve(queue.shift()) : new Promise((take) => waiting.push(take)),
      ),
    ended,
    close: () => abort.abort(),
  }
}

describe('docs/getting-started.md, run: the server its blocks make and the page it bundles', () => {
  let server: Program
  let child: ChildProcess
  let stdout = ''
  let stderr = ''
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  let base = ''

  async function call(method: string, path: string, user?: string): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${base}${path}`, { method, headers: user === undefined ? {} : { cookie: `user=${user}` } })
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    return { status: res.status, body: await res.json() }
  }

  beforeAll(async () => {
    server = programOf(snippets, GUIDE, 'server')
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(join(dir, 'public'), { recursive: true })
    writeFileSync(join(dir, 'server.ts'), `${server.code.join('\n')}\n`)
    writeFileSync(join(dir, 'page.ts'), `${programOf(snippets, GUIDE, 'page').code.join('\n')}\n`)
    writeFileSync(join(dir, 'public/index.html'), block('html'))
    execFileSync(join(root, 'node_modules/.bin/esbuild'), esbuildArgs(), { cwd: dir, stdio: 'pipe' })

    // `npx tsx server.ts`, as the guide says, on a port the OS picks.
    child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
      cwd: dir,
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })))
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk)
    })
    const port = await within(
      45_000,
      'the server to listen',
      new Promise<string>((listening, failed) => {
        child.stdout?.on('data', (chunk) => {
          stdout += String(chunk)
          const found = /Listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)
          if (found?.[1]) listening(found[1])
        })
        void exited.then(({ code }) =>
          failed(new Error(`server.ts exited with ${code} before listening:\n${stdout}${stderr}`)),
        )
      }),
    )
    base = `http://127.0.0.1:${port}`
  }, 60_000)

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
      await exited
    }
    rmSync(dir, { recursive: true, force: true })
  })

  it('is the whole service: every step of the guide is in the program the test runs', () => {
    const code = server.code.join('\n')
    for (const step of [
      'createAccessControl(',
      'ac.duplicateRole(',
      'ac.updateRole(',
      'remove: [',
      'ac.setSeatLimit(',
      'ac.setUser(',
      'ac.grantSeat(',
      "describeDecision(decision, { audience: 'user' })",
      'ac.grant(',
      'text/event-stream',
      'ac.close()',
    ])
      expect(code, `server.ts has ${step}`).toContain(step)
    expect(server.parts.length).toBeGreaterThanOrEqual(8)
  })

  it('R15: at startup the fourth seat is refused with seat/limit-reached, and the service still starts', () => {
    expect(stdout.split('\n')[0]).toBe('seat/limit-reached')
  })

  it('R4: an agent with a seat transfers (200)', async () => {
    expect(await call('POST', '/conversations/c-1/transfer', 'ana')).toEqual({
      status: 200,
      body: { transferred: 'c-1' },
    })
  })

  it('R4, R35: a seatless agent is refused with 403, the no-seat code and a sentence for them', async () => {
    const answer = await call('POST', '/conversations/c-1/transfer', 'cy')
    const message = "Transfer conversations isn't available to you: you have no seat. Ask your administrator."
    expect(answer).toEqual({ status: 403, body: { code: 'no-seat', message } })
    expect(message).toBe(sentence({ id: 'cy', roles: ['agent'] }))
    expect(guide, 'the guide quotes the sentence the server sends').toContain(message)
    expect(JSON.stringify(answer.body)).not.toMatch(ADMIN_ADVICE)
  })

  it('R2, R3, R35: the duplicated role without Transfer is refused with not-granted, seat or not', async () => {
    const answer = await call('POST', '/conversations/c-1/transfer', 'ben')
    expect(answer).toEqual({
      status: 403,
      body: { code: 'not-granted', message: sentence({ id: 'ben', roles: ['junior-agent'], seat: true }) },
    })
    expect(guide).toContain((answer.body as { message: string }).message)
  })

  it('R13: nobody signed in is 401; an unknown user is denied with not-granted, not an error', async () => {
    expect(await call('POST', '/conversations/c-1/transfer')).toMatchObject({
      status: 401,
      body: { code: 'unauthenticated' },
    })
    expect(await call('POST', '/conversations/c-1/transfer', 'mallory')).toMatchObject({
      status: 403,
      body: { code: 'not-granted' },
    })
    expect(await call('GET', '/grant')).toMatchObject({ status: 401 })
  })

  it('R15: the administrator is refused a seat beyond the limit (409 seat/limit-reached); an agent may not give seats', async () => {
    expect(await call('PUT', '/admin/users/cy/seat', 'sue')).toMatchObject({
      status: 409,
      body: { code: 'seat/limit-reached' },
    })
    expect(await call('PUT', '/admin/users/cy/seat', 'ana')).toMatchObject({
      status: 403,
      body: { code: 'not-granted' },
    })
    expect(await call('PUT', '/admin/users/nobody/seat', 'sue')).toMatchObject({
      status: 404,
      body: { code: 'store/not-found' },
    })
  })

  it("R36: GET /grant serves the user's grant, which createGuard reads", async () => {
    const { status, body } = await call('GET', '/grant', 'ana')
    expect(status).toBe(200)
    const guard = createGuard<typeof conversations>(body, { catalogue: { id: 'conversations', version: '1.0.0' } })
    expect([guard.user, guard.mode, guard.can(TRANSFER)]).toEqual(['ana', 'full', true])
    const cy = createGuard((await call('GET', '/grant', 'cy')).body, {
      catalogue: { id: 'conversations', version: '1.0.0' },
    })
    expect([cy.mode, cy.explain(TRANSFER).reason]).toEqual(['viewer', 'no-seat'])
  })

  it('R36: revoking her seat pushes her new grant; guard.update takes it, can flips, subscribe is told, the server refuses too', async () => {
    const catalogue = { id: 'conversations', version: '1.0.0' }
    const guard: Guard<string> = createGuard((await call('GET', '/grant', 'ana')).body, { catalogue })
    let told = 0
    guard.subscribe(() => told++)
    const stream = await events(`${base}/grants`, 'ana')
    try {
      guard.update(await stream.next()) // the current grant first
      expect([guard.can(TRANSFER), told]).toEqual([true, 1])

      expect(await call('DELETE', '/admin/users/ana/seat', 'sue')).toMatchObject({
        status: 200,
        body: { id: 'ana', seat: false },
      })
      guard.update(await stream.next())
      expect([guard.mode, guard.can(TRANSFER), guard.explain(TRANSFER).reason, told]).toEqual([
        'viewer',
        false,
        'no-seat',
        2,
      ])
      expect(guard.explain(TRANSFER).message).toBe(sentence({ id: 'ana', roles: ['agent'] }))
      expect(await call('POST', '/conversations/c-1/transfer', 'ana')).toMatchObject({
        status: 403,
        body: { code: 'no-seat' },
      })

      // The freed seat can go to cy now; ana's page is sent nothing for it. Her seat back is pushed.
      expect(await call('PUT', '/admin/users/cy/seat', 'sue')).toMatchObject({ status: 200, body: { seat: true } })
      expect(await call('PUT', '/admin/users/cy/seat', 'sue')).toMatchObject({ status: 200 }) // held already: no-op
      expect(await call('DELETE', '/admin/users/cy/seat', 'sue')).toMatchObject({ status: 200 })
      expect(await call('PUT', '/admin/users/ana/seat', 'sue')).toMatchObject({ status: 200, body: { seat: true } })
      guard.update(await stream.next())
      expect([guard.mode, guard.can(TRANSFER), told]).toEqual(['full', true, 3])
    } finally {
      stream.close()
    }
  }, 30_000)

  it('serves the page: public/index.html and page.ts as bundled by the guide’s esbuild command', async () => {
    const page = await fetch(`${base}/`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<script type="module" src="/page.js"></script>')
    const script = await fetch(`${base}/page.js`)
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/)
    const served = await script.text()
    expect(served).toBe(readFileSync(join(dir, 'public/page.js'), 'utf8'))
    // The guard's code is bundled in; the catalogue, imported as a type only, is not.
    expect(served).toContain('seatguard.grant')
    expect(served).not.toContain('Listen in on calls while they happen.')
  })

  it('R28: on SIGTERM it ends the open streams, closes the server and the service, and exits 0', async () => {
    const stream = await events(`${base}/grants`, 'ana')
    await stream.next()
    child.kill('SIGTERM')
    await within(10_000, 'the open stream to end', stream.ended)
    expect(await within(15_000, 'server.ts to exit', exited)).toEqual({ code: 0, signal: null })
    expect(stderr).toBe('')
  }, 30_000)
})
