import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { conversations, createPolicy, createUserIndex, SeatguardError, type User } from '../../src/index.js'

const policy = createPolicy(conversations)
  .duplicateRole('agent', { id: 'agent-lite', name: 'Agent lite' })
  .updateRole('agent-lite', { permissions: ['contact-center/conversations/view', 'conversations/my-work/transfer'] })
  .createRole({ id: 'downloader', name: 'Downloader', permissions: ['conversations/my-work/download-conversation'] })
const roleIds = [...policy.roles.map((r) => r.id), 'ghost']
const permissionIds = [...conversations.permissions.map((p) => p.id), 'not/a-permission', '__proto__']

describe('createUserIndex', () => {
  it('R1-R7: answers by id exactly as the policy answers on the user objects', () => {
    const users = fc.uniqueArray(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 6 }),
        roles: fc.array(fc.constantFrom(...roleIds), { maxLength: 4 }),
        seat: fc.constantFrom(true, false, undefined),
      }),
      { selector: (u) => u.id, maxLength: 30 },
    )
    fc.assert(
      fc.property(users, (list) => {
        const index = createUserIndex(policy, list)
        expect(index.size).toBe(list.length)
        for (const user of list) {
          expect(index.user(user.id)).toBe(user)
          expect(index.access(user.id)).toEqual(policy.access(user))
          for (const p of permissionIds) {
            expect(index.can(user.id, p)).toBe(policy.can(user, p))
            expect(index.explain(user.id, p)).toEqual(policy.explain(user, p))
          }
        }
        expect(index.seatReport()).toEqual(policy.seatReport(list))
      }),
      { numRuns: 200 },
    )
  })

  it('R13: an unknown user is denied, explained as a user with no roles, never a throw', () => {
    const index = createUserIndex(policy, [{ id: 'ana', roles: ['agent'], seat: true }])
    expect(index.can('nobody', 'contact-center/conversations/view')).toBe(false)
    expect(index.explain('nobody', 'contact-center/conversations/view')).toMatchObject({
      allowed: false,
      reason: 'not-granted',
    })
    expect(index.access('nobody')).toMatchObject({ mode: 'none', permissions: [] })
    expect(index.user('nobody')).toBeUndefined()
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (id, permission) => {
        expect(typeof index.can(id as string, permission as string)).toBe('boolean')
        expect(index.explain(id as string, permission as string).allowed).toBe(false)
        expect(['full', 'viewer', 'none']).toContain(index.access(id as string).mode)
      }),
      { numRuns: 500 },
    )
  })

  it('refuses malformed users and repeated ids together, as data/invalid, before indexing anything', () => {
    try {
      createUserIndex(policy, [
        { id: 'a', roles: ['agent'] },
        { id: 'a', roles: [] },
        { id: 'b', roles: 'agent' } as never,
        null as never,
      ])
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(SeatguardError)
      expect(err).toMatchObject({ code: 'data/invalid' })
      expect((err as SeatguardError).problems.map((p) => p.message)).toEqual([
        'User #1 repeats the id "a"',
        expect.stringContaining('User #2 is malformed'),
        expect.stringContaining('User #3 is malformed'),
      ])
    }
    expect(() => createUserIndex({} as never, [])).toThrow(expect.objectContaining({ code: 'data/invalid' }))
  })

  it('refuses a users argument that is not iterable, or whose iteration throws, as data/invalid', () => {
    const broken = {
      [Symbol.iterator]: () => {
        throw new Error('boom')
      },
    }
    for (const users of [null, undefined, 42, broken]) {
      expect(() => createUserIndex(policy, users as never)).toThrow(SeatguardError)
      expect(() => createUserIndex(policy, users as never)).toThrow(expect.objectContaining({ code: 'data/invalid' }))
    }
  })

  it('is a snapshot: later changes to the policy or the input list do not leak in', () => {
    const list: User[] = [{ id: 'ana', roles: ['agent-lite'], seat: true }]
    const index = createUserIndex(policy, list)
    list.push({ id: 'ben', roles: ['agent'], seat: true })
    expect(index.size).toBe(1)
    expect(index.can('ben', 'conversations/my-work/transfer')).toBe(false)
    expect(index.can('ana', 'conversations/my-work/transfer')).toBe(true)
    expect(Object.isFrozen(index)).toBe(true)
  })

  it('is a snapshot of each user too: can, explain, access and seatReport keep agreeing after a record is changed in place', () => {
    const ana = { id: 'ana', roles: ['agent'], seat: true as boolean }
    const index = createUserIndex(policy, [ana, { id: 'ben', roles: ['viewer'] }])
    const before = { explain: index.explain('ana', 'conversations/my-work/transfer'), report: index.seatReport() }
    ana.seat = false // the app revokes the seat on its own object, and has not rebuilt the index yet
    ana.roles.push(7 as never)
    expect(index.can('ana', 'conversations/my-work/transfer')).toBe(true)
    expect(index.explain('ana', 'conversations/my-work/transfer')).toEqual(before.explain)
    expect(index.explain('ana', 'conversations/my-work/transfer').allowed).toBe(true)
    expect(index.access('ana').mode).toBe('full')
    expect(index.seatReport()).toEqual(before.report)
  })

  it('shares one slot per (roles, seat) combination, whatever the role order', () => {
    const index = createUserIndex(policy, [
      { id: 'a', roles: ['agent', 'analytics'], seat: true },
      { id: 'b', roles: ['analytics', 'agent', 'agent'], seat: true },
    ])
    expect(index.access('a')).toBe(index.access('b'))
  })
})
