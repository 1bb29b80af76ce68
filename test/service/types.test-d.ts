import { describe, expectTypeOf, it } from 'vitest'
import {
  type AccessControl,
  conversations,
  createAccessControl,
  createMemoryStore,
  createTenants,
  defineCatalogue,
  type Grant,
  type PermissionOf,
  type QueueReport,
  type Reach,
  type SeatUsage,
  type StoredSeatLimit,
  type StoredUser,
  type SyncStatus,
  type TenantSeatReport,
} from '../../src/index.js'

describe('AccessControl types', () => {
  it('R16: a stored user, version and all, is no setUser argument; its version goes in the options', async () => {
    const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
    const ana = await ac.setUser({ id: 'ana', roles: ['agent'] })
    // @ts-expect-error R16: the version would be ignored; pass it as { expectedVersion }
    void ac.setUser(ana)
    // @ts-expect-error R16: the same through a spread
    void ac.setUser({ ...ana, seat: true })
    const { version, ...user } = ana
    void ac.setUser({ ...user, seat: true }, { expectedVersion: version })
  })

  it('R15: the seat limit is no option; setSeatLimit, seats and the seat report are typed', async () => {
    const store = createMemoryStore()
    // @ts-expect-error the seat limit is the tenant's, kept in the store: call ac.setSeatLimit
    void createAccessControl({ catalogue: conversations, store, tenant: 'acme', seatLimit: 10 })
    const ac = await createAccessControl({ catalogue: conversations, store, tenant: 'acme' })
    expectTypeOf(ac.setSeatLimit(10)).toEqualTypeOf<Promise<StoredSeatLimit>>()
    void ac.setSeatLimit(null, { actor: 'billing', expectedVersion: 1 })
    // @ts-expect-error a limit is a number or null
    void ac.setSeatLimit('10')
    expectTypeOf(ac.seats()).toEqualTypeOf<Promise<SeatUsage>>()
    expectTypeOf<SeatUsage['available']>().toEqualTypeOf<number | null>()
    expectTypeOf(ac.seatReport()).toEqualTypeOf<Promise<TenantSeatReport>>()
    expectTypeOf<TenantSeatReport['totals']['overLimit']>().toEqualTypeOf<boolean>()
  })

  it('checks permission literals against the catalogue, and accepts plain strings', async () => {
    const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
    expectTypeOf(ac.can('ana', 'conversations/allow-assignment')).toEqualTypeOf<Promise<boolean>>()
    // @ts-expect-error a typo in a permission id does not compile
    void ac.can('ana', 'conversations/allow-asignment')
    const fromOutside: string = 'conversations/allow-assignment'
    void ac.can('ana', fromOutside)
    // @ts-expect-error createRole checks permission literals too
    void ac.createRole({ id: 'x', name: 'X', permissions: ['no/such'] })
    void ac.updateRole('x', {
      add: ['conversations/my-work/tags', fromOutside],
      remove: ['conversations/allow-assignment'],
    })
    // @ts-expect-error updateRole's add checks permission literals too
    void ac.updateRole('x', { add: ['conversations/my-work/tag'] })
    // @ts-expect-error and so does remove
    void ac.updateRole('x', { remove: ['conversations/allow-asignment'] })
    expectTypeOf(ac.setUser({ id: 'ana', roles: ['agent'] })).toEqualTypeOf<Promise<StoredUser>>()
  })

  it('R21/R23/R24: can and explain take a work item, reach and queueReport are typed, setUser takes queues', async () => {
    const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
    expectTypeOf(ac.can('ana', 'contact-center/conversations/view', { queue: 'billing' })).toEqualTypeOf<
      Promise<boolean>
    >()
    void ac.explain('ana', 'contact-center/conversations/view', { assignee: 'ana' })
    expectTypeOf(ac.reach('ana', 'contact-center/conversations/view')).toEqualTypeOf<Promise<Reach>>()
    expectTypeOf(ac.queueReport()).toEqualTypeOf<Promise<QueueReport>>()
    // @ts-expect-error reach checks permission literals too
    void ac.reach('ana', 'contact-center/conversations/veiw')
    // @ts-expect-error a work item's queue is a string
    void ac.can('ana', 'contact-center/conversations/view', { queue: 1 })
    void ac.setUser({ id: 'ana', roles: ['agent'], queues: ['billing'] })
    expectTypeOf<StoredUser['queues']>().toEqualTypeOf<readonly string[] | undefined>()
  })

  it('narrows to a custom catalogue', async () => {
    const helpdesk = defineCatalogue({
      id: 'helpdesk',
      name: 'Helpdesk',
      version: '1',
      permissions: { 'tickets/view': { name: 'View', description: 'Read tickets.', group: 'basic', seat: false } },
      roles: { reader: { name: 'Reader', permissions: ['tickets/view'] } },
    })
    const ac = await createAccessControl({ catalogue: helpdesk, store: createMemoryStore(), tenant: 't' })
    expectTypeOf(ac).toEqualTypeOf<AccessControl<'tickets/view'>>()
    // @ts-expect-error not a permission of this catalogue
    void ac.explain('ana', 'conversations/allow-assignment')
  })

  it('R36: ac.grant resolves to a grant keyed by the catalogue’s permission ids, through createTenants too', async () => {
    const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
    expectTypeOf(ac.grant('ana')).toEqualTypeOf<Promise<Grant<PermissionOf<typeof conversations>>>>()
    // @ts-expect-error the user id is a string
    void ac.grant(7)
    const tenants = createTenants({ catalogue: conversations, store: createMemoryStore() })
    expectTypeOf((await tenants.get('acme')).grant).returns.toEqualTypeOf<
      Promise<Grant<PermissionOf<typeof conversations>>>
    >()
  })

  it('R27/R30: status() is typed; createTenants hands out services typed by the catalogue', async () => {
    const tenants = createTenants({ catalogue: conversations, store: createMemoryStore() })
    const ac = await tenants.get('acme')
    expectTypeOf(ac.status()).toEqualTypeOf<SyncStatus>()
    expectTypeOf(ac.can('ana', 'conversations/allow-assignment')).toEqualTypeOf<Promise<boolean>>()
    // @ts-expect-error a typo in a permission id does not compile through createTenants either
    void ac.can('ana', 'conversations/allow-asignment')
    expectTypeOf(tenants.size).toEqualTypeOf<number>()
  })
})
