import { afterEach, describe, expect, it, vi } from 'vitest'
import { conversations, createMemoryStore, createTenants, type PolicyStore } from '../../src/index.js'
import { ASSIGN, codeOf, errorOf, rejectionCode } from '../_fixtures.js'

/** A memory store counting loads per tenant; `failLoads` fails the next loads of a tenant, `holdWrites` holds its transactions. */
function counted() {
  const inner = createMemoryStore()
  const loads = new Map<string, number>()
  const failLoads = new Map<string, number>()
  const held: (() => void)[] = []
  const holding = new Set<string>()
  const store: PolicyStore = {
    load: async (t) => {
      loads.set(t, (loads.get(t) ?? 0) + 1)
      const failing = failLoads.get(t) ?? 0
      if (failing > 0) {
        failLoads.set(t, failing - 1)
        throw new Error(`load of ${t} failed`)
      }
      return inner.load(t)
    },
    audit: (t, q) => inner.audit(t, q),
    transaction: async (t, w) => {
      if (holding.has(t)) await new Promise<void>((resolve) => held.push(resolve))
      return inner.transaction(t, w)
    },
    watch: (l) => inner.watch?.(l) ?? Promise.resolve(async () => undefined),
  }
  return {
    store,
    loads: (t: string) => loads.get(t) ?? 0,
    failNextLoad: (t: string) => failLoads.set(t, 1),
    hold: (t: string) => holding.add(t),
    release: () => {
      holding.clear()
      for (const resolve of held.splice(0)) resolve()
    },
  }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('createTenants (R30)', () => {
  it('R30: concurrent gets of one tenant share one load', async () => {
    const c = counted()
    const tenants = createTenants({ catalogue: conversations, store: c.store })
    const [a, b, d] = await Promise.all([tenants.get('acme'), tenants.get('acme'), tenants.get('acme')])
    expect(c.loads('acme')).toBe(1)
    await a.setUser({ id: 'ana', roles: ['agent'], seat: true })
    expect(await b.can('ana', ASSIGN)).toBe(true)
    expect(d.tenant).toBe('acme')
    await tenants.get('acme')
    expect(c.loads('acme')).toBe(1)
    expect(tenants.size).toBe(1)
    await tenants.close()
  })

  it('R30: past maxOpen, closes the least recently used idle tenants', async () => {
    vi.useFakeTimers()
    const c = counted()
    const tenants = createTenants({ catalogue: conversations, store: c.store, maxOpen: 2, idleMs: 1000 })
    const a = await tenants.get('a')
    await tenants.get('b')
    await vi.advanceTimersByTimeAsync(500)
    await a.can('ana', ASSIGN) // a is used after b: b is the least recently used
    await vi.advanceTimersByTimeAsync(2000) // both idle now
    await tenants.get('c')
    expect(tenants.size).toBe(2)
    await tenants.get('a')
    expect(c.loads('a')).toBe(1) // kept
    await tenants.get('b')
    expect(c.loads('b')).toBe(2) // was closed, opened again
    // a, b and c were all used within idleMs: none is idle, so none is closed yet
    expect(tenants.size).toBe(3)
    await vi.advanceTimersByTimeAsync(2000)
    await tenants.get('d')
    expect(tenants.size).toBe(2)
    await tenants.close()
  })

  it('R30: never closes a tenant with a call in flight, however idle the rest', async () => {
    const c = counted()
    const tenants = createTenants({ catalogue: conversations, store: c.store, maxOpen: 1, idleMs: 0 })
    const a = await tenants.get('a')
    c.hold('a')
    const write = a.setUser({ id: 'ana', roles: ['agent'] })
    await new Promise((resolve) => setTimeout(resolve, 5))
    await tenants.get('b')
    expect(tenants.size).toBe(2) // a is in use: kept beyond maxOpen
    c.release()
    await expect(write).resolves.toMatchObject({ id: 'ana', version: 1 })
    expect(await a.user('ana')).toMatchObject({ id: 'ana' })
    await new Promise((resolve) => setTimeout(resolve, 5))
    await tenants.get('c')
    expect(tenants.size).toBe(1) // a and b idle (idleMs 0): closed; c just asked for: kept
    expect(c.loads('a')).toBe(1)
    await tenants.close()
  })

  it('R30: a handle kept after its tenant was closed opens it again on its next async call', async () => {
    const c = counted()
    const tenants = createTenants({ catalogue: conversations, store: c.store, maxOpen: 1, idleMs: 0 })
    const a = await tenants.get('a')
    await a.setUser({ id: 'ana', roles: ['agent'], seat: true })
    await new Promise((resolve) => setTimeout(resolve, 5))
    await tenants.get('b') // closes a
    expect(tenants.size).toBe(1)
    expect(codeOf(() => a.snapshotVersion())).toBe('store/unavailable') // a synchronous read cannot open it
    expect(await a.can('ana', ASSIGN)).toBe(true)
    expect(c.loads('a')).toBe(2)
    expect(a.snapshotVersion()).toBe(1)
    expect(a.status()).toMatchObject({ version: 1, stale: false })
    await tenants.close()
  })

  it('R30: a failed open is not kept: every get sharing it rejects, the next get loads again', async () => {
    const c = counted()
    const tenants = createTenants({ catalogue: conversations, store: c.store })
    c.failNextLoad('acme')
    const results = await Promise.allSettled([tenants.get('acme'), tenants.get('acme')])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(c.loads('acme')).toBe(1)
    expect(tenants.size).toBe(0)
    const ac = await tenants.get('acme')
    expect(ac.snapshotVersion()).toBe(0)
    expect(c.loads('acme')).toBe(2)
    await tenants.close()
  })

  it('R30: close() closes every tenant; later gets and handle calls are refused with store/unavailable', async () => {
    const c = counted()
    const tenants = createTenants({ catalogue: conversations, store: c.store })
    const a = await tenants.get('a')
    await tenants.close()
    expect(tenants.size).toBe(0)
    expect(await rejectionCode(tenants.get('a'))).toBe('store/unavailable')
    expect(await rejectionCode(a.can('ana', ASSIGN))).toBe('store/unavailable')
    await a.close() // a handle's close is harmless
    await tenants.close() // closing twice is fine
  })

  it('refuses bad options and bad tenant ids with data/invalid', async () => {
    const store = createMemoryStore()
    for (const bad of [
      { maxOpen: 0 },
      { maxOpen: 1.5 },
      { maxOpen: '10' },
      { idleMs: -1 },
      { idleMs: Number.NaN },
      { pollInterval: -1 },
      { pollInterval: 2 ** 31 },
      { store: {} },
    ]) {
      expect(codeOf(() => createTenants({ catalogue: conversations, store, ...bad } as never))).toBe('data/invalid')
    }
    expect(codeOf(() => createTenants(null as never))).toBe('data/invalid')
    expect(codeOf(() => createTenants({ catalogue: {}, store } as never))).toBe('catalogue/invalid')
    const tenants = createTenants({ catalogue: conversations, store })
    for (const id of ['', 'x'.repeat(257), 42, 'a\u0000b'])
      expect(await rejectionCode(tenants.get(id as never))).toBe('data/invalid')
    await tenants.close()
  })
})

describe('createTenants refusals', () => {
  it('R29: options or a store that throw while read are data/invalid, never a bare error', () => {
    const revoked = () => {
      const { proxy, revoke } = Proxy.revocable({}, {})
      revoke()
      return proxy
    }
    const throwing = {
      get catalogue(): never {
        throw new Error('boom')
      },
      store: createMemoryStore(),
    }
    for (const options of [revoked(), throwing, { catalogue: conversations, store: revoked() }]) {
      const err = errorOf(() => createTenants(options as never))
      expect(err.code).toBe('data/invalid')
    }
  })

  it('names createTenants in a refused option', () => {
    const err = errorOf(() => createTenants({ catalogue: conversations, store: createMemoryStore(), pollInterval: -1 }))
    expect(err.message).toMatch(/^createTenants: "pollInterval" must be/)
  })
})
