import { describe, expect, it } from 'vitest'
import {
  type AccessControl,
  conversations,
  createAccessControl,
  createMemoryStore,
  type PolicyStore,
  SeatguardError,
} from '../../src/index.js'
import { deaf } from '../_fixtures.js'
import { policyFile, run } from '../cli/_run.js'

// Review of the bulk-write change (R38, issue 15): each test here fails on the reviewed code
// and proves one defect; none of them is fixed on this branch.

const open = (store: PolicyStore, tenant = 'acme'): Promise<AccessControl> =>
  createAccessControl({ catalogue: conversations, store, tenant, pollInterval: 0 })

/** The value a promise rejects with; fails the test when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`)
    },
    (e: unknown) => e,
  )
}

interface Finding {
  readonly severity: string
  readonly path: string
  readonly code: string
  readonly line?: number
}

/** `seatguard check p.json --users u.jsonl --json` on a policy without custom roles. */
async function checkUsers(jsonl: string): Promise<{ code: number; findings: Finding[]; stderr: string }> {
  const r = await run(['check', 'p.json', '--users', 'u.jsonl', '--json'], {
    'p.json': policyFile([]),
    'u.jsonl': jsonl,
  })
  const findings = r.stdout === '' ? [] : ((JSON.parse(r.stdout) as { findings: Finding[] }).findings ?? [])
  return { code: r.code, findings, stderr: r.stderr }
}

describe('rev2: importUsers', () => {
  it('R38: a user id given twice in one import is refused whatever the batch size (not "last one wins" across batches)', async () => {
    const users = [
      { id: 'ana', roles: ['agent'], seat: true },
      { id: 'ana', roles: ['viewer'], seat: false },
    ]
    // In one batch: refused, as docs/storage.md says ("the last one wins" would drop a change).
    const inOne = await rejection((await open(createMemoryStore())).importUsers(users, { batchSize: 2 }))
    expect((inOne as SeatguardError).code).toBe('data/invalid')
    // Across a batch boundary: the same stream is written, the first state silently overwritten.
    const store = createMemoryStore()
    const across = await (await open(store)).importUsers(users, { batchSize: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(across, `stored: ${JSON.stringify((await store.load('acme')).users)}`).toBeInstanceOf(SeatguardError)
  })

  it('R26/R38: a batch that committed is not reported as "not written" when the catch-up after it fails', async () => {
    const store = createMemoryStore()
    const other = await open(store)
    let down = false
    // The database answers the commit, then fails the audit read the writer needs to catch up.
    const flaky: PolicyStore = {
      ...deaf(store),
      audit: (t, q) => (down ? Promise.reject(new SeatguardError('store/unavailable', 'gone')) : store.audit(t, q)),
    }
    const ac = await open(flaky)
    await other.setUser({ id: 'theirs', roles: ['viewer'] }) // the writer's snapshot is one entry behind
    down = true
    const err = (await rejection(ac.importUsers([{ id: 'mine', roles: ['viewer'] }]))) as SeatguardError
    expect((await store.load('acme')).users.map((u) => u.id)).toEqual(['theirs', 'mine']) // batch 1 IS written
    // ...yet the error says it was not, counts no batch and tells the caller to resume from users[0].
    expect(err.message).not.toMatch(/batch 1 \(users\[0\] to users\[0\]\) was not written/)
    expect(err.context).toMatchObject({ batches: 1, written: 1 })
  })
})

describe('rev2: seatguard check --users checks what importUsers takes', () => {
  it('R38: a line with "expectedVersion" (a field of BatchUserInput that importUsers takes) is not an error', async () => {
    const line = JSON.stringify({ id: 'ana', roles: ['viewer'], expectedVersion: 0 })
    const totals = await (await open(createMemoryStore())).importUsers([JSON.parse(line)])
    expect(totals).toEqual({ written: 1, unchanged: 0, batches: 1 }) // the import takes the line as is
    const checked = await checkUsers(line)
    expect(checked.findings).toEqual([]) // got: data/invalid 'Unknown key "expectedVersion"' at line 1
    expect(checked.code).toBe(0)
  })

  it('R38/R29: a line whose id importUsers refuses (over 256 characters, a NUL, a lone surrogate) is an error', async () => {
    for (const id of ['x'.repeat(300), 'a\u0000b', 'a\ud800b']) {
      const line = JSON.stringify({ id, roles: ['viewer'] })
      const refused = await rejection((await open(createMemoryStore())).importUsers([JSON.parse(line)]))
      expect((refused as SeatguardError).code).toBe('data/invalid')
      const checked = await checkUsers(line)
      expect(checked.code, `id of ${id.length} characters`).toBe(1) // got 0: "No problems"
    }
  })

  it('R38: a deeply nested line (2 MB) is a finding at its line, not an internal error; the next line is still checked', async () => {
    const depth = 1_000_000
    const deep = `{"id":"a","roles":${'['.repeat(depth)}${']'.repeat(depth)}}`
    const checked = await checkUsers(`${deep}\n${JSON.stringify({ id: 'b', roles: ['ghost'] })}\n`)
    expect(checked.stderr).not.toMatch(/internal error/) // got: RangeError from JSON.stringify in brief()
    expect(checked.code).toBe(1)
    expect(checked.findings.map((f) => f.line)).toEqual([1, 2])
  })
})
