import { describe, expect, it } from 'vitest'
import {
  type AccessControl,
  conversations,
  createAccessControl,
  createMemoryStore,
  type PolicyStore,
  SeatguardError,
} from '../../src/index.js'
import { getterThrows, HOSTILE_WRITES, revoked, trapsThrow } from '../../src/testing/_hostile.js'
import { openService, VIEW } from '../_fixtures.js'

const USER = { id: 'cy', roles: ['agent'], seat: true }

const seeded = async (store: PolicyStore): Promise<AccessControl> => {
  const ac = await openService(store, { pollInterval: 0 })
  await ac.createRole({ id: 'mine', name: 'Mine', permissions: [VIEW] })
  await ac.setUser({ id: 'ana', roles: ['agent', 'mine'] })
  await ac.setUser({ id: 'ben', roles: ['agent'] })
  return ac
}

/** The error a promise rejects with; fails the test when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${String(value)}`)
    },
    (err: unknown) => err,
  )
}

describe('R29: hostile arguments to the service are refused with data/invalid and write nothing', () => {
  for (const [what, call] of HOSTILE_WRITES) {
    it(`R29: ${what}`, async () => {
      const store = createMemoryStore()
      const ac = await seeded(store)
      const before = { state: await store.load('acme'), audit: await store.audit('acme') }
      const err = await rejection(call(ac))
      expect(err).toBeInstanceOf(SeatguardError)
      expect((err as SeatguardError).code).toBe('data/invalid')
      expect({ state: await store.load('acme'), audit: await store.audit('acme') }).toEqual(before)
      await ac.close()
    }, 20_000)
  }

  it('R29: audit() with a throwing getter on after, or a revoked Proxy as query, is data/invalid', async () => {
    const ac = await seeded(createMemoryStore())
    for (const query of [getterThrows({}, 'after'), getterThrows({}, 'limit'), revoked({}), trapsThrow({})]) {
      const err = await rejection(ac.audit(query as never))
      expect(err).toBeInstanceOf(SeatguardError)
      expect((err as SeatguardError).code).toBe('data/invalid')
    }
    await ac.close()
  })

  it('R29: checks on hostile arguments deny or reject with a SeatguardError, never a bare error', async () => {
    const ac = await seeded(createMemoryStore())
    const odd = [revoked({}), trapsThrow({}), Symbol('ana'), 7, getterThrows({}, 'queue')]
    for (const value of odd) {
      for (const call of [
        () => ac.can(value as never, VIEW),
        () => ac.can('ana', value as never),
        () => ac.can('ana', VIEW, value as never),
        () => ac.explain('ana', VIEW, value as never),
        () => ac.explain(value as never, VIEW),
        () => ac.reach(value as never, VIEW),
        () => ac.access(value as never),
        () => ac.check(value as never),
        () => ac.user(value as never),
      ]) {
        const outcome = await call().then(
          (answer) => ({ answer }),
          (err: unknown) => ({ err }),
        )
        if ('err' in outcome) expect(outcome.err, String(call)).toBeInstanceOf(SeatguardError)
        else expect(JSON.stringify(outcome.answer) ?? 'undefined').not.toMatch(/"allowed":true|^true$/)
      }
    }
    await ac.close()
  })

  it('R29: createAccessControl with a revoked Proxy or a throwing getter as options is data/invalid', async () => {
    const store = createMemoryStore()
    const base = { catalogue: conversations, store, tenant: 'acme' }
    for (const options of [
      revoked(base),
      trapsThrow(base),
      getterThrows(base, 'tenant'),
      getterThrows(base, 'store'),
    ]) {
      const err = await rejection(createAccessControl(options as never))
      expect(err).toBeInstanceOf(SeatguardError)
      expect((err as SeatguardError).code).toBe('data/invalid')
    }
  })
})

describe('R29: an error a third-party store throws reaches the caller as a SeatguardError', () => {
  const boom = new TypeError('adapter bug')
  const failing = (store: PolicyStore, method: 'load' | 'audit' | 'transaction'): PolicyStore => ({
    load: (t) => store.load(t),
    audit: (t, q) => store.audit(t, q),
    transaction: (t, w) => store.transaction(t, w),
    [method]: () => Promise.reject(boom),
  })

  it('R29: a load that throws a plain error fails createAccessControl with store/unavailable, the error as cause', async () => {
    const err = await rejection(openService(failing(createMemoryStore(), 'load')))
    expect(err).toBeInstanceOf(SeatguardError)
    expect(err).toMatchObject({ code: 'store/unavailable', cause: boom })
  })

  it('R29: a transaction or audit that throws a plain error rejects with store/unavailable, the error as cause', async () => {
    const shared = createMemoryStore()
    const tx = await openService(failing(shared, 'transaction'), { pollInterval: 0 })
    expect(await rejection(tx.setUser(USER))).toMatchObject({ code: 'store/unavailable', cause: boom })
    const audit = await openService(failing(shared, 'audit'), { pollInterval: 0 })
    expect(await rejection(audit.audit())).toMatchObject({ code: 'store/unavailable', cause: boom })
    await Promise.all([tx.close(), audit.close()])
  })

  it('R26: a third-party store error carrying a driver code keeps it in context.driverCode, as the Postgres store does', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    const shared = createMemoryStore()
    const store: PolicyStore = {
      load: (t) => shared.load(t),
      audit: () => Promise.reject(refused),
      transaction: (t, w) => shared.transaction(t, w),
    }
    const ac = await openService(store, { pollInterval: 0 })
    const err = await rejection(ac.audit())
    expect(err).toMatchObject({ code: 'store/unavailable', cause: refused, context: { driverCode: 'ECONNREFUSED' } })
    expect((err as Error).message).toContain('ECONNREFUSED')
    await ac.close()
  })

  it('R29: a store method that throws synchronously is store/unavailable too; SeatguardErrors pass as they are', async () => {
    const shared = createMemoryStore()
    const sync: PolicyStore = {
      load: (t) => shared.load(t),
      audit: () => {
        throw boom
      },
      transaction: () => {
        throw new SeatguardError('store/conflict', 'adapter conflict')
      },
    }
    const ac = await openService(sync, { pollInterval: 0 })
    expect(await rejection(ac.audit())).toMatchObject({ code: 'store/unavailable', cause: boom })
    expect(await rejection(ac.setUser(USER))).toMatchObject({ code: 'store/conflict', message: 'adapter conflict' })
    await ac.close()
  })
})
