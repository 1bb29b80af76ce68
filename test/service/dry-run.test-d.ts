import { describe, expectTypeOf, it } from 'vitest'
import {
  type AccessControl,
  conversations,
  createAccessControl,
  createMemoryStore,
  createTenants,
  type DryRun,
  type StoredRole,
  type StoredSeatLimit,
  type StoredUser,
  type WriteOptions,
} from '../../src/index.js'

describe('R34: a dry run is typed apart from the real write', () => {
  it('R34: dryRun: true resolves to { record, impact }; no dryRun, or false, to the record; unknown to either', async () => {
    const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
    expectTypeOf(ac.setUser({ id: 'a', roles: [] })).resolves.toEqualTypeOf<StoredUser>()
    expectTypeOf(ac.setUser({ id: 'a', roles: [] }, { actor: 'x' })).resolves.toEqualTypeOf<StoredUser>()
    expectTypeOf(ac.setUser({ id: 'a', roles: [] }, { dryRun: false })).resolves.toEqualTypeOf<StoredUser>()
    const trial = await ac.setUser({ id: 'a', roles: [] }, { dryRun: true, actor: 'x' })
    expectTypeOf(trial.record).toEqualTypeOf<StoredUser>()
    expectTypeOf(trial.impact.seats.excess).toEqualTypeOf<number>()
    // @ts-expect-error a dry run resolves to { record, impact }, not to the record
    trial.version
    expectTypeOf(ac.deleteRole('r', { unassign: true, dryRun: true })).resolves.toMatchTypeOf<DryRun<StoredRole>>()
    expectTypeOf(ac.setSeatLimit(3, { dryRun: true })).resolves.toMatchTypeOf<DryRun<StoredSeatLimit>>()
    expectTypeOf(ac.grantSeat('a')).resolves.toEqualTypeOf<StoredUser>()
    const opts: WriteOptions = {}
    expectTypeOf(ac.revokeSeat('a', opts)).resolves.toMatchTypeOf<StoredUser | DryRun<StoredUser>>()
    // @ts-expect-error dryRun is a boolean
    ac.grantSeat('a', { dryRun: 'yes' })
  })

  it('R34: tenant handles forward dryRun with the same types', async () => {
    const tenants = createTenants({ catalogue: conversations, store: createMemoryStore() })
    const ac: AccessControl = await tenants.get('acme')
    expectTypeOf(ac.updateRole('r', { name: 'R' }, { dryRun: true })).resolves.toMatchTypeOf<DryRun<StoredRole>>()
  })
})
