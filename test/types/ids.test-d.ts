import { describe, expectTypeOf, it } from 'vitest'
import {
  type Access,
  can,
  conversations,
  createPolicy,
  createUserIndex,
  type Decision,
  defineCatalogue,
  explain,
  type PermissionOf,
  type Policy,
  type RoleOf,
} from '../../src/index.js'

const user = { id: 'u', roles: ['agent'], seat: true }
const fromOutside: string = 'conversations/allow-assignment'

describe('typed ids', () => {
  it('infers permission and role ids from the built-in catalogue', () => {
    expectTypeOf<PermissionOf<typeof conversations>>().toExtend<string>()
    expectTypeOf<'conversations/allow-assignment'>().toExtend<PermissionOf<typeof conversations>>()
    expectTypeOf<RoleOf<typeof conversations>>().toEqualTypeOf<
      'setup' | 'agent' | 'analytics' | 'supervisor' | 'viewer'
    >()
  })

  it('a misspelt permission is a compile error; plain string is accepted', () => {
    const policy = createPolicy(conversations)
    policy.can(user, 'conversations/allow-assignment')
    // @ts-expect-error a typo in a permission id
    policy.can(user, 'conversations/allow-asignment')
    // @ts-expect-error a typo in a permission id
    can(user, 'conversations/allow-asignment')
    // @ts-expect-error a typo in a permission id
    explain(user, 'contact-center/conversations/veiw')
    // @ts-expect-error a typo in a permission id
    policy.assertCan(user, 'conversations/my-work/tag')
    policy.can(user, fromOutside)
    can(user, fromOutside)
    expectTypeOf(policy.explain(user, fromOutside)).toEqualTypeOf<Decision<PermissionOf<typeof conversations>>>()
    expectTypeOf(policy.access(user)).toEqualTypeOf<Access<PermissionOf<typeof conversations>>>()
  })

  it('a misspelt role id is a compile error; created roles join the known ids', () => {
    const policy = createPolicy(conversations)
    policy.role('agent')
    // @ts-expect-error a typo in a role id
    policy.role('agnet')
    // @ts-expect-error a typo in a role id
    policy.duplicateRole('supervisr', { id: 'x', name: 'X' })
    const next = policy.duplicateRole('agent', { id: 'junior', name: 'Junior' })
    next.updateRole('junior', { name: 'Junior agent' })
    next.deleteRole('junior')
    // @ts-expect-error a typo in a permission id inside a role
    policy.createRole({ id: 'r', name: 'R', permissions: ['conversations/setup/tag'] })
    policy.createRole({ id: 'r', name: 'R', permissions: [fromOutside] })
    policy.role(fromOutside)
    // @ts-expect-error a typo in a permission id inside a role patch
    next.updateRole('junior', { permissions: ['conversations/setup/tag'] })
    next.updateRole('junior', { permissions: ['conversations/setup/tags', fromOutside] })
    next.updateRole('junior', {
      add: ['conversations/setup/tags', fromOutside],
      remove: ['conversations/allow-assignment'],
    })
    // @ts-expect-error a typo in a permission id to add
    next.updateRole('junior', { add: ['conversations/setup/tag'] })
    // @ts-expect-error a typo in a permission id to remove
    next.updateRole('junior', { remove: ['conversations/allow-asignment'] })
    policy.createRole({
      id: 'r',
      name: 'R',
      // @ts-expect-error a typo among correct ids, in a const list
      permissions: ['conversations/setup/tags', 'conversations/setup/tag'] as const,
    })
    // Policies loaded from stored roles and created roles keep the permission check.
    // @ts-expect-error a typo in a permission id
    createPolicy(conversations, []).can(user, 'conversations/setup/tag')
    next
      .createRole({ id: 'r', name: 'R', permissions: ['conversations/setup/tags'] })
      // @ts-expect-error a typo in a permission id
      .explain(user, 'conversations/setup/tag')
    // @ts-expect-error a typo in a permission id, checked by id through a user index
    createUserIndex(policy, [user]).can('u', 'conversations/setup/tag')
  })

  it('a typed policy is assignable to the plain Policy type', () => {
    const typed = createPolicy(conversations)
    const plain: Policy = typed
    expectTypeOf(plain.can).parameter(1).toEqualTypeOf<string>()
    const loaded = createPolicy(conversations, [])
    expectTypeOf(loaded).toEqualTypeOf<Policy<PermissionOf<typeof conversations>, string>>()
  })

  it('defineCatalogue checks references to permissions and roles', () => {
    const ok = defineCatalogue({
      id: 'c',
      name: 'C',
      version: '1',
      permissions: {
        a: { name: 'A', description: 'A.', group: 'g' },
        b: { name: 'B', description: 'B.', group: 'g', requires: ['a'] },
      },
      roles: { one: { name: 'One', permissions: ['a', 'b'] }, two: { name: 'Two', permissions: ['a'] } },
      exclusive: [{ roles: ['one', 'two'], reason: 'R.' }],
      capacity: ['b'],
    })
    expectTypeOf<PermissionOf<typeof ok>>().toEqualTypeOf<'a' | 'b'>()
    expectTypeOf<RoleOf<typeof ok>>().toEqualTypeOf<'one' | 'two'>()
    defineCatalogue({
      id: 'c',
      name: 'C',
      version: '1',
      permissions: { a: { name: 'A', description: 'A.', group: 'g' } },
      // @ts-expect-error a role naming an unknown permission
      roles: { one: { name: 'One', permissions: ['z'] } },
    })
    defineCatalogue({
      id: 'c',
      name: 'C',
      version: '1',
      permissions: { a: { name: 'A', description: 'A.', group: 'g' } },
      roles: { one: { name: 'One', permissions: ['a'] } },
      // @ts-expect-error an exclusive pair naming an unknown role
      exclusive: [{ roles: ['one', 'nobody'], reason: 'R.' }],
    })
  })
})
