import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { conversations, createGrant, createPolicy } from '../../src/index.js'
import { MANAGE, ROUTING, TRANSFER, VIEW, WORK } from '../_fixtures.js'

const policy = createPolicy(conversations)

describe('createGrant carries the reach of each granted scoped permission (R25)', () => {
  it('R20, R25: an agent in billing: view reaches the queue, work-assigned her items, the inheriting ones both', () => {
    const grant = createGrant(policy, {
      id: 'ana',
      roles: ['agent'],
      seat: true,
      queues: ['sales', 'billing', 'sales'],
    })
    expect(grant.reach[VIEW]).toEqual({ q: ['billing', 'sales'] })
    expect(grant.reach[WORK]).toEqual({ a: true })
    expect(grant.reach[TRANSFER]).toEqual({ q: ['billing', 'sales'], a: true })
    expect(Object.keys(grant.reach)).toEqual(grant.permissions) // every agent permission is scoped
  })

  it('R20, R25: a permission that reaches every item has no entry: manage-all, what inherits it, unscoped setup', () => {
    const bo = createGrant(policy, { id: 'bo', roles: ['supervisor', 'setup'], seat: true, queues: ['billing'] })
    expect(Object.keys(bo.reach)).toEqual([VIEW, WORK]) // declared queue and assigned: still scoped
    expect(bo.reach[MANAGE]).toBeUndefined()
    expect(bo.reach[TRANSFER]).toBeUndefined()
    expect(bo.reach[ROUTING]).toBeUndefined()
  })

  it('R25: a scoped permission that reaches no item has an empty entry, and withheld permissions none', () => {
    const ben = createGrant(policy, { id: 'ben', roles: ['agent'] }) // no seat, no queues
    expect(ben.reach).toEqual({ [VIEW]: {} })
    expect(ben.withheld[TRANSFER]).toBe('no-seat')
  })

  it('R25: the grant names the user’s queues only where a granted permission reaches them (not a setup user’s)', () => {
    const sol = createGrant(policy, { id: 'sol', roles: ['setup'], seat: true, queues: ['billing'] })
    expect(sol.reach).toEqual({})
    expect(JSON.stringify(sol)).not.toContain('billing')
  })

  it('R23, R25: every entry is policy.reach without its kind, for random users; all-reaching ones have none', () => {
    const ids = conversations.permissions.map((p) => p.id)
    const user = fc.record({
      id: fc.constant('u-1'),
      roles: fc.uniqueArray(fc.constantFrom('setup', 'agent', 'analytics', 'supervisor', 'viewer', 'ghost'), {
        maxLength: 3,
      }),
      seat: fc.boolean(),
      queues: fc.array(fc.constantFrom('billing', 'sales', 'support'), { maxLength: 4 }),
    })
    fc.assert(
      fc.property(user, (u) => {
        const grant = createGrant(policy, u)
        expect(JSON.parse(JSON.stringify(grant))).toEqual(grant)
        for (const id of ids) {
          const reach = policy.reach(u, id)
          const entry = grant.reach[id]
          if (reach.kind !== 'some') expect(entry, id).toBeUndefined()
          else {
            expect(entry, id).toEqual({
              ...(reach.queues.length > 0 ? { q: reach.queues } : {}),
              ...(reach.assignee !== null ? { a: true } : {}),
            })
            expect(Object.isFrozen(entry) && (entry?.q === undefined || Object.isFrozen(entry.q))).toBe(true)
          }
        }
        expect(Object.isFrozen(grant.reach)).toBe(true)
      }),
      { numRuns: 200 },
    )
  })
})
