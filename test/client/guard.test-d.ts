import { useSyncExternalStore } from 'react'
import { describe, expectTypeOf, it } from 'vitest'
import {
  type WorkItem as ClientWorkItem,
  createGuard,
  type Guard,
  type GuardDecision,
  type GuardReason,
  type PermissionIn,
} from '../../src/client/index.js'
import {
  type conversations,
  createGrant,
  type Grant,
  type GrantReach,
  type PermissionOf,
  type Policy,
  type WorkItem,
} from '../../src/index.js'

type ConversationsPermission = PermissionOf<typeof conversations>
declare const grant: unknown
const options = { catalogue: { id: 'conversations', version: '1.0.0' } }
const fromOutside: string = 'conversations/allow-assignment'

describe('seatguard/client types', () => {
  it('a catalogue type gives the guard its permission ids; a misspelt literal is a compile error, plain string is accepted', () => {
    const guard = createGuard<typeof conversations>(grant, options)
    expectTypeOf(guard).toEqualTypeOf<Guard<ConversationsPermission>>()
    guard.can('conversations/allow-assignment')
    guard.explain('contact-center/conversations/view')
    // @ts-expect-error a typo in a permission id
    guard.can('conversations/allow-asignment')
    // @ts-expect-error a typo in a permission id
    guard.explain('conversations/my-work/transfers')
    guard.can(fromOutside)
    guard.explain(fromOutside)
    expectTypeOf(guard.can('conversations/allow-assignment')).toEqualTypeOf<boolean>()
    expectTypeOf(guard.explain('conversations/allow-assignment')).toEqualTypeOf<
      GuardDecision<ConversationsPermission>
    >()
    expectTypeOf(guard.permissions).toEqualTypeOf<readonly ConversationsPermission[]>()
  })

  it('PermissionIn reads a catalogue type, takes a union of ids as is, and falls back to string', () => {
    expectTypeOf<PermissionIn<typeof conversations>>().toEqualTypeOf<ConversationsPermission>()
    expectTypeOf<PermissionIn<'a' | 'b'>>().toEqualTypeOf<'a' | 'b'>()
    expectTypeOf<PermissionIn<unknown>>().toEqualTypeOf<string>()
    const untyped = createGuard(grant, options)
    expectTypeOf(untyped).toEqualTypeOf<Guard<string>>()
    untyped.can('anything/at-all')
    const small = createGuard<'a' | 'b'>(grant, options)
    small.can('a')
    // @ts-expect-error not one of the ids given
    small.can('c')
  })

  it('the options require the catalogue id and version', () => {
    // @ts-expect-error the expected catalogue is required
    createGuard(grant, {})
    // @ts-expect-error the version is required
    createGuard(grant, { catalogue: { id: 'conversations' } })
  })

  it('decisions and modes are closed unions', () => {
    expectTypeOf<GuardReason>().toEqualTypeOf<
      'granted' | 'not-granted' | 'no-seat' | 'missing-prerequisite' | 'invalid-item' | 'out-of-reach'
    >()
    expectTypeOf<Guard['mode']>().toEqualTypeOf<'full' | 'viewer' | 'none'>()
  })

  it('R21: can and explain take an optional work item of the core’s WorkItem shape; a wrong field type is a compile error', () => {
    const guard = createGuard<typeof conversations>(grant, options)
    expectTypeOf(guard.can('conversations/my-work/transfer', { queue: 'billing' })).toEqualTypeOf<boolean>()
    guard.explain('conversations/my-work/transfer', { assignee: 'ana' })
    guard.can('conversations/my-work/transfer', {})
    // @ts-expect-error queue is a string
    guard.can('conversations/my-work/transfer', { queue: 1 })
    // The client's WorkItem and the core's are the same shape, both ways.
    expectTypeOf<ClientWorkItem>().toEqualTypeOf<WorkItem>()
  })

  it('R36: update takes untrusted data, subscribe returns an unsubscribe, revision is a readonly number', () => {
    const guard = createGuard<typeof conversations>(grant, options)
    expectTypeOf(guard.update).toEqualTypeOf<(grant: unknown) => void>()
    guard.update(JSON.parse('{}'))
    expectTypeOf(guard.subscribe).toEqualTypeOf<(listener: () => void) => () => void>()
    // @ts-expect-error a listener takes no argument: read the guard itself
    guard.subscribe((next: Guard) => next)
    expectTypeOf(guard.revision).toEqualTypeOf<number>()
    // @ts-expect-error the revision is the guard's to change
    guard.revision = 1
    // @ts-expect-error so are user, mode and permissions
    guard.mode = 'full'
    // React's hook takes the guard's subscribe and revision as they are.
    expectTypeOf(useSyncExternalStore(guard.subscribe, () => guard.revision)).toEqualTypeOf<number>()
  })

  it('createGrant keeps the catalogue’s permission ids in the grant', () => {
    const policy = {} as Policy<ConversationsPermission, 'agent'>
    const made = createGrant(policy, { id: 'ana', roles: ['agent'] })
    expectTypeOf(made).toEqualTypeOf<Grant<ConversationsPermission>>()
    expectTypeOf(made.permissions).toEqualTypeOf<readonly ConversationsPermission[]>()
    // @ts-expect-error withheld is keyed by permission ids
    made.withheld['conversations/allow-asignment']
    expectTypeOf(made.reach['conversations/my-work/transfer']).toEqualTypeOf<GrantReach | undefined>()
    // @ts-expect-error reach is keyed by permission ids
    made.reach['conversations/allow-asignment']
  })
})
