import { describe, expectTypeOf, it } from 'vitest'
import {
  type AccessControl,
  conversations,
  createAccessControl,
  createMemoryStore,
  defineCatalogue,
  type StoredUser,
} from '../../src/index.js'

describe('AccessControl types', () => {
  it('checks permission literals against the catalogue, and accepts plain strings', async () => {
    const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
    expectTypeOf(ac.can('ana', 'conversations/allow-assignment')).toEqualTypeOf<Promise<boolean>>()
    // @ts-expect-error a typo in a permission id does not compile
    void ac.can('ana', 'conversations/allow-asignment')
    const fromOutside: string = 'conversations/allow-assignment'
    void ac.can('ana', fromOutside)
    // @ts-expect-error createRole checks permission literals too
    void ac.createRole({ id: 'x', name: 'X', permissions: ['no/such'] })
    expectTypeOf(ac.setUser({ id: 'ana', roles: ['agent'] })).toEqualTypeOf<Promise<StoredUser>>()
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
})
