import { describe, expect, it } from 'vitest'
import { conversations, createAccessControl, createMemoryStore } from '../../src/index.js'
import { createPostgresStore } from '../../src/postgres/index.js'
import { usePglite } from './_db.js'

describe('PostgresStore.versions', () => {
  const db = usePglite()

  it('R30: answers the version of every listed tenant in one query; tenants never written are absent', async () => {
    let queries = 0
    const counting = {
      query: (text: string, params?: unknown[]) => {
        queries++
        return db().query(text, params)
      },
      transaction: db().transaction.bind(db()),
      listen: db().listen.bind(db()),
    }
    const store = createPostgresStore({ client: counting as never, autoMigrate: false })
    const ac = await createAccessControl({ catalogue: conversations, store, tenant: 'versions-a', pollInterval: 0 })
    await ac.setUser({ id: 'ana', roles: ['agent'] })
    await ac.setUser({ id: 'bo', roles: ['viewer'] })
    const other = await createAccessControl({ catalogue: conversations, store, tenant: 'versions-b', pollInterval: 0 })
    await other.setUser({ id: 'cy', roles: ['agent'] })
    await ac.close()
    await other.close()
    queries = 0
    const versions = await store.versions(['versions-a', 'versions-b', 'versions-none', 'with\u0000nul', ''])
    expect(queries).toBe(1)
    expect([...versions].sort()).toEqual([
      ['versions-a', 2],
      ['versions-b', 1],
    ])
    expect((await store.versions([])).size).toBe(0)
  })

  it('R29: refuses a tenant list that is not an array of strings with data/invalid, before any query', async () => {
    const store = createPostgresStore({ client: db(), autoMigrate: false })
    const revoked = Proxy.revocable([], {})
    revoked.revoke()
    const throwing = ['a']
    Object.defineProperty(throwing, 0, {
      get() {
        throw new Error('boom')
      },
    })
    const sparse = ['a', , 'b']
    for (const bad of ['acme', undefined, null, { 0: 'a', length: 1 }, [1], sparse, revoked.proxy, throwing]) {
      await expect(store.versions(bad as never)).rejects.toMatchObject({ code: 'data/invalid' })
    }
    await expect(store.versions(Array.from({ length: 100_001 }, () => 'a'))).rejects.toMatchObject({
      code: 'data/invalid',
    })
  })
})

describe('PostgresStore.versions and the memory store read a tenant list alike', () => {
  it('R29: the same list is refused with the same message by both stores', async () => {
    const postgres = createPostgresStore({ client: { query: async () => ({ rows: [] }) } as never, autoMigrate: false })
    const memory = createMemoryStore()
    for (const bad of [7, [1], Array.from({ length: 100_001 }, () => 'a')]) {
      const a = await postgres.versions(bad as never).catch((err: Error) => err.message)
      const b = await memory.versions?.(bad as never).catch((err: Error) => err.message)
      expect(a).toBe(b)
    }
  })

  it('R28: after close() it rejects at once with store/unavailable', async () => {
    const postgres = createPostgresStore({ client: { query: async () => ({ rows: [] }) } as never, autoMigrate: false })
    await postgres.close()
    await expect(postgres.versions(['acme'])).rejects.toMatchObject({ code: 'store/unavailable' })
  })
})
