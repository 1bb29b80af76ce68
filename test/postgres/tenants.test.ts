import { describe, expect, it } from 'vitest'
import { conversations, createTenants } from '../../src/index.js'
import { createPostgresStore } from '../../src/postgres/index.js'
import { ASSIGN } from '../_fixtures.js'
import { usePglite } from './_db.js'

const db = usePglite()

describe('createTenants on PostgreSQL (PGlite)', () => {
  it('R30: opens a few tenants on one store, keeps them apart, closes idle ones past maxOpen and reopens them', async () => {
    const store = createPostgresStore({ client: db() })
    const tenants = createTenants({ catalogue: conversations, store, maxOpen: 2, idleMs: 0 })
    const [acme, acmeAgain, globex] = await Promise.all([
      tenants.get('acme'),
      tenants.get('acme'),
      tenants.get('globex'),
    ])
    expect(tenants.size).toBe(2)
    await acme.setUser({ id: 'ana', roles: ['agent'], seat: true }, { actor: 'admin' })
    expect(await acmeAgain.can('ana', ASSIGN)).toBe(true)
    expect(await globex.can('ana', ASSIGN)).toBe(false) // R18: another tenant
    await globex.setUser({ id: 'ben', roles: ['viewer'] })

    // A second process's view of acme, written through the same database, reaches the open tenant.
    const otherStore = createPostgresStore({ client: db() })
    const other = createTenants({ catalogue: conversations, store: otherStore })
    await (await other.get('acme')).setUser({ id: 'cy', roles: ['agent'] })
    expect(await acme.refresh()).toBe(2)

    await tenants.get('initech') // past maxOpen: acme and globex are idle (idleMs 0), one of them closes
    expect(tenants.size).toBe(2)
    expect(await acme.user('cy')).toMatchObject({ id: 'cy' }) // a kept handle opens its tenant again
    expect(await globex.user('ben')).toMatchObject({ id: 'ben' })
    expect(acme.status()).toMatchObject({ version: 2, stale: false })

    await other.close()
    await otherStore.close?.()
    await tenants.close()
    await store.close?.()
  }, 60_000)
})
