import { describe, expect, it } from 'vitest'
import { conversations, createPolicy, createUserIndex, defineCatalogue, type User } from '../../src/index.js'
import { VIEW } from '../_fixtures.js'

/**
 * Item checks, reach and access by user id where the index keeps more than the simple case:
 * several (roles, seat) slots whose effective permissions span two bitset words, users in
 * queues, and permissions or users the index does not know.
 */
const P = (i: number): string => `w/p${String(i).padStart(2, '0')}`
// 40 permissions: two words a slot. p00 reaches the user's queues, p01 their assigned items;
// p39, in the second word, has both as prerequisites and inherits the reach of each that is effective.
const wide = defineCatalogue({
  id: 'wide-reach',
  name: 'Wide reach',
  version: '1',
  permissions: Object.fromEntries(
    Array.from({ length: 40 }, (_, i) => [
      P(i),
      {
        name: `Perm ${i}`,
        description: `Permission ${i}.`,
        group: 'g',
        seat: false,
        ...(i === 0 ? { reach: 'queue' as const } : i === 1 ? { reach: 'assigned' as const } : {}),
        requires: i === 39 ? [P(0), P(1)] : [],
      },
    ]),
  ),
  roles: {
    queue: { name: 'Queue', permissions: [P(0), P(39)] },
    assigned: { name: 'Assigned', permissions: [P(1), P(39)] },
    both: { name: 'Both', permissions: [P(0), P(1), P(39)] },
  },
})

describe('R21, R23: item checks and reach by id over slots that span two bitset words', () => {
  const policy = createPolicy(wide)
  // Each user is a slot of their own; the slots after the first start past the first word.
  const users: User[] = [
    { id: 'qa', roles: ['queue'], queues: ['billing'] },
    { id: 'as', roles: ['assigned'], queues: ['billing'] },
    { id: 'bo', roles: ['both'], queues: ['sales'] },
  ]
  const index = createUserIndex(policy, users)
  const items = [{ queue: 'billing' }, { queue: 'sales' }, { assignee: 'as' }, { assignee: 'bo' }, {}]

  it('answers every (user, item) of the inheriting permission as the policy does', () => {
    for (const user of users)
      for (const item of items)
        expect(index.can(user.id, P(39), item), `${user.id} ${JSON.stringify(item)}`).toBe(
          policy.can(user, P(39), item),
        )
    expect(index.can('as', P(39), { assignee: 'as' })).toBe(true)
    expect(index.can('bo', P(39), { queue: 'sales' })).toBe(true)
    expect(index.can('bo', P(39), { assignee: 'bo' })).toBe(true)
    expect(index.can('bo', P(39), { queue: 'billing' })).toBe(false)
  })

  it('gives the reach the policy gives, for every user and permission', () => {
    for (const user of users)
      for (const p of [P(0), P(1), P(39)]) expect(index.reach(user.id, p)).toEqual(policy.reach(user, p))
    expect(index.reach('bo', P(39))).toEqual({ kind: 'some', queues: ['sales'], assignee: 'bo' })
  })
})

describe('R13, R23: reach by id of what the index does not know', () => {
  const policy = createPolicy(conversations)
  const ana: User = { id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] }
  const index = createUserIndex(policy, [ana])

  it('an unknown permission of a known user is unknown-permission, as the policy says', () => {
    expect(index.reach('ana', 'nope' as string)).toEqual({ kind: 'none', reason: 'unknown-permission' })
    expect(index.reach('ana', 'nope' as string)).toEqual(policy.reach(ana, 'nope' as string))
  })

  it('a permission that is not a string is unknown, even one whose text is a permission id', () => {
    const disguised = { toString: () => VIEW } as unknown as string
    expect(index.reach('ana', disguised)).toEqual({ kind: 'none', reason: 'unknown-permission' })
    expect(index.reach('ana', disguised)).toEqual(policy.reach(ana, disguised))
    expect(index.can('ana', disguised)).toBe(false)
    expect(index.can('ana', disguised, { queue: 'billing' })).toBe(false)
  })
})

describe('R19, R25: access by id carries the queues and the membership kind', () => {
  const policy = createPolicy(conversations)
  const users: User[] = [
    { id: 'ana', roles: ['agent'], seat: true, queues: ['billing', 'sales'] },
    { id: 'ben', roles: ['agent'], queues: ['billing'] },
    { id: 'sol', roles: ['setup'], seat: true, queues: ['billing'] },
    { id: 'bo', roles: ['supervisor'], seat: true },
    { id: 'al', roles: ['agent'], seat: true },
  ]
  const index = createUserIndex(policy, users)

  it('equals the policy for users in queues and users in none', () => {
    for (const user of users) expect(index.access(user.id), user.id).toEqual(policy.access(user))
    expect(index.access('ana')).toMatchObject({ queues: ['billing', 'sales'], membership: 'agent' })
    expect(index.access('ben')).toMatchObject({ queues: ['billing'], membership: 'viewer' })
    expect(index.access('sol')).toMatchObject({ queues: ['billing'], membership: 'inert' })
    expect(index.access('al')).not.toHaveProperty('membership')
  })
})
