import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type Access,
  type AccessControl,
  conversations,
  createAccessControl,
  type PolicyStore,
  type StoreEvent,
  type TenantImpact,
} from '../../src/index.js'
import { ASSIGN, rejectionCode } from '../_fixtures.js'

let tenants = 0
const tenant = (): string => `dry-run-${process.pid}-${++tenants}`

/** Everything a tenant holds in the store, and its log: what a dry run must leave as it was. */
async function stateOf(store: PolicyStore, ac: AccessControl): Promise<unknown> {
  return { load: await store.load(ac.tenant), audit: await store.audit(ac.tenant), version: ac.snapshotVersion() }
}

/** A tenant with a copy of Agent held by three users, a supervisor and a viewer. */
async function desk(store: PolicyStore): Promise<AccessControl> {
  const ac = await createAccessControl({ catalogue: conversations, store, tenant: tenant(), pollInterval: 0 })
  await ac.duplicateRole('agent', { id: 'desk', name: 'Desk agent' })
  for (const id of ['ana', 'ben', 'cy']) await ac.setUser({ id, roles: ['desk'], seat: true, queues: ['billing'] })
  await ac.setUser({ id: 'bo', roles: ['supervisor'], seat: true })
  await ac.setUser({ id: 'vic', roles: ['viewer'] })
  return ac
}

/** Runs `write`, with every change event the store announces meanwhile (and a little after) collected. */
async function heard(store: PolicyStore, write: () => Promise<unknown>): Promise<StoreEvent[]> {
  const events: StoreEvent[] = []
  const unwatch = await store.watch?.((e) => events.push(e))
  await write()
  await new Promise((resolve) => setTimeout(resolve, 50))
  await unwatch?.()
  return events
}

/** The dry-run tests, on any store (the memory store, PGlite). */
export function dryRunSuite(name: string, makeStore: () => PolicyStore): void {
  describe(`R34: dry runs on the ${name} store`, () => {
    it('R34: deleting a role with unassign in a dry run lists its holders and writes nothing: audit, versions and events unchanged', async () => {
      const store = makeStore()
      const ac = await desk(store)
      const before = await stateOf(store, ac)
      let run: Awaited<ReturnType<typeof ac.deleteRole<{ unassign: true; dryRun: true }>>> | undefined
      const events = await heard(store, async () => {
        run = await ac.deleteRole('desk', { unassign: true, dryRun: true })
      })
      expect(run?.record).toMatchObject({ id: 'desk', version: 1 })
      expect(run?.impact.rows.map((r) => [r.userId, r.mode, r.membership])).toEqual([
        ['ana', ['full', 'none'], ['agent', 'inert']],
        ['ben', ['full', 'none'], ['agent', 'inert']],
        ['cy', ['full', 'none'], ['agent', 'inert']],
      ])
      expect(run?.impact.totals).toEqual({ users: 5, seatsNeeded: [4, 1], seatsHeld: [4, 4], capacity: [4, 1] })
      expect(events).toEqual([])
      expect(await stateOf(store, ac)).toEqual(before)
      expect(ac.policy().role('desk')).toBeDefined()
      // The real write afterwards does what the dry run said.
      await ac.deleteRole('desk', { unassign: true })
      expect((await ac.access('ana')).mode).toBe('none')
      await ac.close()
    })

    it('R34: removing allow-assignment from the copy of Agent in a dry run lists exactly its 3 holders as losing it', async () => {
      const store = makeStore()
      const ac = await desk(store)
      const role = ac.policy().role('desk')
      const permissions = (role?.permissions ?? []).filter((p) => p !== ASSIGN)
      const run = await ac.updateRole('desk', { permissions }, { dryRun: true, expectedVersion: 1 })
      expect(run.record).toMatchObject({ id: 'desk', version: 2 })
      expect(run.impact.rows.map((r) => [r.userId, r.lost, r.gained])).toEqual([
        ['ana', [ASSIGN], []],
        ['ben', [ASSIGN], []],
        ['cy', [ASSIGN], []],
      ])
      // The same edit as a change to the stored list (issue 12) says the same and writes nothing either.
      const before = await stateOf(store, ac)
      const removed = await ac.updateRole('desk', { remove: [ASSIGN] }, { dryRun: true, expectedVersion: 1 })
      expect(removed).toEqual(run)
      expect(await stateOf(store, ac)).toEqual(before)
      expect(await ac.can('ana', ASSIGN)).toBe(true)
      await ac.close()
    })

    it('R34, R15: lowering the seat limit below the seats held in a dry run reports the excess and keeps the limit', async () => {
      const store = makeStore()
      const ac = await desk(store)
      await ac.setSeatLimit(10)
      const run = await ac.setSeatLimit(2, { dryRun: true })
      expect(run.record).toEqual({ limit: 2, version: 2 })
      expect(run.impact.seats).toEqual({ limit: [10, 2], held: [4, 4], excess: 2 })
      expect(run.impact.rows).toEqual([])
      expect(await ac.seats()).toMatchObject({ limit: 10, limitVersion: 1 })
      await ac.close()
    })

    it('R34: every write takes dryRun and resolves to { record, impact } without writing', async () => {
      const store = makeStore()
      const ac = await desk(store)
      const before = await stateOf(store, ac)
      const dry = { dryRun: true } as const
      const runs: { record: unknown; impact: TenantImpact }[] = [
        await ac.createRole({ id: 'x', name: 'X', permissions: [ASSIGN] }, dry),
        await ac.duplicateRole('agent', { id: 'y', name: 'Y' }, dry),
        await ac.updateRole('desk', { name: 'Desk' }, dry),
        await ac.deleteRole('desk', { ...dry, unassign: true }),
        await ac.setUser({ id: 'new', roles: ['agent'] }, dry),
        await ac.grantSeat('vic', dry),
        await ac.revokeSeat('ana', dry),
        await ac.setSeatLimit(3, dry),
      ]
      expect(runs.map((r) => r.impact.rows.map((row) => row.userId))).toEqual([
        [],
        [],
        [],
        ['ana', 'ben', 'cy'],
        ['new'],
        ['vic'], // a seat for a viewer changes no permission, but takes a seat (R10: seat-unused)
        ['ana'],
        [],
      ])
      expect(runs[6]?.record).toMatchObject({ id: 'ana', seat: false, version: 2 })
      expect(runs[6]?.impact.seats.held).toEqual([4, 3])
      expect(await stateOf(store, ac)).toEqual(before)
      await ac.close()
    })

    it('R34: a dry run is refused exactly as the real write (R14, R15, R16), and dryRun must be a boolean', async () => {
      const store = makeStore()
      const ac = await desk(store)
      await ac.setSeatLimit(4)
      const dry = { dryRun: true } as const
      const pairs: [string, (o: { dryRun?: true }) => Promise<unknown>][] = [
        ['role/in-use', (o) => ac.deleteRole('desk', o)],
        ['seat/limit-reached', (o) => ac.grantSeat('vic', o)],
        ['store/conflict', (o) => ac.updateRole('desk', { name: 'D' }, { ...o, expectedVersion: 9 })],
        ['role/immutable', (o) => ac.updateRole('agent', { name: 'A' }, o)],
        ['assignment/exclusive-roles', (o) => ac.setUser({ id: 'z', roles: ['agent', 'supervisor'] }, o)],
        ['store/not-found', (o) => ac.revokeSeat('nobody', o)],
      ]
      for (const [code, write] of pairs) {
        expect(await rejectionCode(write(dry))).toBe(code)
        expect(await rejectionCode(write({}))).toBe(code)
      }
      expect(await rejectionCode(ac.setUser({ id: 'z', roles: [] }, { dryRun: 'yes' as never }))).toBe('data/invalid')
      await ac.close()
    })
  })
}

/** The writes the property draws from. */
type Step =
  | { kind: 'update'; permissions: string[] }
  | { kind: 'delete' }
  | { kind: 'user'; id: string; roles: string[]; seat: boolean }
  | { kind: 'seat'; id: string; seat: boolean }

const PERMISSIONS = conversations.permissions.map((p) => p.id as string)
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('update' as const), permissions: fc.subarray(PERMISSIONS, { maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const) }),
  fc.record({
    kind: fc.constant('user' as const),
    id: fc.constantFrom('ana', 'ben', 'new'),
    roles: fc.subarray(['desk', 'agent', 'viewer', 'setup', 'analytics'], { maxLength: 2 }),
    seat: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('seat' as const), id: fc.constantFrom('ana', 'bo', 'vic'), seat: fc.boolean() }),
)

function write(ac: AccessControl, step: Step, dryRun: boolean): Promise<unknown> {
  const o = { dryRun }
  if (step.kind === 'update') return ac.updateRole('desk', { permissions: step.permissions }, o)
  if (step.kind === 'delete') return ac.deleteRole('desk', { ...o, unassign: true })
  if (step.kind === 'user') return ac.setUser({ id: step.id, roles: step.roles, seat: step.seat }, o)
  return step.seat ? ac.grantSeat(step.id, o) : ac.revokeSeat(step.id, o)
}

async function accessAll(ac: AccessControl): Promise<Map<string, Access>> {
  const users = await ac.users()
  return new Map(users.map((u) => [u.id, ac.policy().access(u)]))
}

const NONE: Access = {
  mode: 'none',
  permissions: [],
  consumesSeat: false,
  needsSeat: false,
  countsTowardCapacity: false,
}

/** R34: a dry run followed by the real write leaves a state whose access is what the dry run predicted. */
export function dryRunProperty(name: string, makeStore: () => PolicyStore, numRuns: number): void {
  it(`R34: on the ${name} store, a dry run then the real write yields the record and the access changes it predicted`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 4 }), async (steps) => {
        const store = makeStore()
        const ac = await desk(store)
        for (const step of steps) {
          const before = await accessAll(ac)
          const dry = (await write(ac, step, true).catch((err: { code?: string }) => err.code)) as
            | string
            | { record: unknown; impact: TenantImpact }
          const real = await write(ac, step, false).catch((err: { code?: string }) => err.code)
          if (typeof dry === 'string') {
            expect(real).toBe(dry)
            continue
          }
          expect(dry.record).toEqual(real)
          const after = await accessAll(ac)
          const ids = new Set([...before.keys(), ...after.keys()])
          for (const id of ids) {
            const [x, y] = [before.get(id) ?? NONE, after.get(id) ?? NONE]
            const row = dry.impact.rows.find((r) => r.userId === id)
            const lost = x.permissions.filter((p) => !y.permissions.includes(p))
            const gained = y.permissions.filter((p) => !x.permissions.includes(p))
            expect(row?.lost ?? []).toEqual(lost)
            expect(row?.gained ?? []).toEqual(gained)
            expect(row?.mode ?? [x.mode, x.mode]).toEqual([x.mode, y.mode])
            expect(row?.needsSeat ?? [x.needsSeat, x.needsSeat]).toEqual([x.needsSeat, y.needsSeat])
          }
        }
        await ac.close()
      }),
      { numRuns },
    )
  }, 120_000)
}
