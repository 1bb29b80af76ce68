import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type AccessControl,
  type AuditEntry,
  conversations,
  createAccessControl,
  createMemoryStore,
} from '../../src/index.js'
import { createPostgresStore } from '../../src/postgres/index.js'
import { uniquePrefix, usePglite } from './_db.js'

// Property: the same random sequence of service operations, applied to the memory store and
// to the Postgres store (on PGlite), gives the same outcome for every call (record or error
// code with its problems), the same records, the same audit log and the same decisions.

const USERS = ['ana', 'bo', 'cy', 'di']
const QUEUES = ['billing', 'sales']
const CUSTOM = ['r1', 'r2', 'r3']
const ROLES = [...CUSTOM, 'agent', 'supervisor', 'viewer', 'setup', 'ghost']
const PERMS = [
  'contact-center/conversations/view',
  'conversations/allow-assignment',
  'conversations/setup/tags',
  'conversations/analytics/reports',
  'conversations/supervision/reassign',
]

// Mostly no expectedVersion (else most writes would be conflicts), sometimes a right or wrong one.
const sometimes = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: arb, weight: 1 })
const opts = fc.record({ actor: sometimes(fc.constantFrom('alice', 'bob')), expectedVersion: sometimes(fc.nat(3)) })
const w = <T>(weight: number, fields: { [K in keyof T]: fc.Arbitrary<T[K]> }) => ({
  weight,
  arbitrary: fc.record(fields),
})
const op = fc.oneof(
  w(2, {
    kind: fc.constant('createRole' as const),
    id: fc.constantFrom(...CUSTOM, 'agent', 'Bad id'),
    name: fc.constantFrom('Role', 'Role', 'Role', ''),
    permissions: fc.subarray([...PERMS, 'no/such']),
    opts,
  }),
  w(2, {
    kind: fc.constant('duplicateRole' as const),
    source: fc.constantFrom(...ROLES),
    id: fc.constantFrom(...CUSTOM),
    opts,
  }),
  w(1, {
    kind: fc.constant('updateRole' as const),
    id: fc.constantFrom(...ROLES),
    name: fc.option(fc.constantFrom('Renamed', ''), { nil: undefined }),
    permissions: fc.option(fc.subarray(PERMS), { nil: undefined }),
    opts,
  }),
  w(1, { kind: fc.constant('deleteRole' as const), id: fc.constantFrom(...ROLES), unassign: fc.boolean(), opts }),
  w(4, {
    kind: fc.constant('setUser' as const),
    id: fc.constantFrom(...USERS),
    roles: fc.subarray(ROLES, { maxLength: 2 }),
    seat: fc.option(fc.boolean(), { nil: undefined }),
    // R25: absent (keep), a list with repeats or empty (clear), or a malformed one.
    queues: fc.option(
      fc.oneof(
        { weight: 5, arbitrary: fc.array(fc.constantFrom(...QUEUES), { maxLength: 3 }) },
        { weight: 1, arbitrary: fc.constant(['not a queue']) },
      ),
      { nil: undefined },
    ),
    opts,
  }),
  w(2, { kind: fc.constant('grantSeat' as const), id: fc.constantFrom(...USERS, 'nobody'), opts }),
  w(1, { kind: fc.constant('revokeSeat' as const), id: fc.constantFrom(...USERS, 'nobody'), opts }),
  // R15: the stored limit, raised, lowered below the seats held, removed, or a bad value.
  w(1, { kind: fc.constant('setSeatLimit' as const), limit: fc.constantFrom(null, 0, 1, 2, 3, -1), opts }),
)
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never

async function apply(ac: AccessControl, o: Op): Promise<unknown> {
  try {
    switch (o.kind) {
      case 'createRole':
        return await ac.createRole({ id: o.id, name: o.name, permissions: o.permissions }, o.opts)
      case 'duplicateRole':
        return await ac.duplicateRole(o.source, { id: o.id, name: `Copy of ${o.source}` }, o.opts)
      case 'updateRole':
        return await ac.updateRole(
          o.id,
          {
            ...(o.name !== undefined ? { name: o.name } : {}),
            ...(o.permissions ? { permissions: o.permissions } : {}),
          },
          o.opts,
        )
      case 'deleteRole':
        return await ac.deleteRole(o.id, { ...o.opts, unassign: o.unassign })
      case 'setUser':
        return await ac.setUser(
          {
            id: o.id,
            roles: o.roles,
            ...(o.seat !== undefined ? { seat: o.seat } : {}),
            ...(o.queues !== undefined ? { queues: o.queues } : {}),
          },
          o.opts,
        )
      case 'grantSeat':
        return await ac.grantSeat(o.id, o.opts)
      case 'revokeSeat':
        return await ac.revokeSeat(o.id, o.opts)
      case 'setSeatLimit':
        return await ac.setSeatLimit(o.limit, o.opts)
    }
  } catch (err) {
    const e = err as { code?: string; problems?: readonly { code: string }[] }
    return { error: e.code, problems: e.problems?.map((p) => p.code) }
  }
}

const withoutTime = (log: readonly AuditEntry[]): unknown[] => log.map(({ at: _at, tenant: _tenant, ...rest }) => rest)

async function decisions(ac: AccessControl): Promise<unknown[]> {
  const out: unknown[] = []
  for (const user of [...USERS, 'nobody']) {
    out.push((await ac.access(user)).mode)
    for (const p of PERMS) {
      out.push((await ac.explain(user, p)).reason, await ac.reach(user, p))
      for (const queue of QUEUES) out.push((await ac.explain(user, p, { queue, assignee: 'ana' })).reason)
    }
  }
  out.push(await ac.queueReport(), await ac.seats(), (await ac.seatReport()).totals)
  return out
}

describe('memory store and Postgres store agree', () => {
  const db = usePglite()
  const prefix = uniquePrefix('equiv')
  let run = 0

  it('R14–R17/R25: a random sequence of operations (users with queues, the stored seat limit too) yields the same outcomes, records, audit and decisions', async () => {
    let operations = 0
    let written = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 8, maxLength: 30 }),
        fc.constantFrom(undefined, 0, 1, 2),
        async (ops, initialLimit) => {
          const tenant = `${prefix}${++run}`
          const memStore = createMemoryStore()
          const mem = await createAccessControl({
            catalogue: conversations,
            store: memStore,
            tenant,
            pollInterval: 0,
          })
          const pgStore = createPostgresStore({ client: db() })
          const sql = await createAccessControl({
            catalogue: conversations,
            store: pgStore,
            tenant,
            pollInterval: 0,
          })
          try {
            if (initialLimit !== undefined)
              await Promise.all([mem.setSeatLimit(initialLimit), sql.setSeatLimit(initialLimit)])
            for (const o of ops) {
              const [a, b] = [await apply(mem, o), await apply(sql, o)]
              expect(b, JSON.stringify(o)).toEqual(a)
              expect(sql.snapshotVersion()).toBe(mem.snapshotVersion())
              operations++
              if (!(a as { error?: unknown }).error) written++
            }
            expect(await sql.users()).toEqual(await mem.users())
            expect(sql.policy().toJSON()).toEqual(mem.policy().toJSON())
            expect(withoutTime(await sql.audit())).toEqual(withoutTime(await mem.audit()))
            expect(await decisions(sql)).toEqual(await decisions(mem))
            // The stores themselves hold the same state, in the same order, as a fresh load shows.
            expect(await pgStore.load(tenant)).toEqual(await memStore.load(tenant))
            const late = await createAccessControl({
              catalogue: conversations,
              store: pgStore,
              tenant,
              pollInterval: 0,
            })
            expect(late.policy().toJSON()).toEqual(mem.policy().toJSON())
            await late.close()
          } finally {
            await Promise.all([mem.close(), sql.close(), pgStore.close()])
          }
        },
      ),
      { numRuns: 60 },
    )
    // The runs did real work: many calls, a good share of them successful writes.
    expect(operations).toBeGreaterThan(500)
    expect(written).toBeGreaterThan(200)
  }, 60_000)
})
