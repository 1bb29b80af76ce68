import { describe, expect, it } from 'vitest'
import {
  can,
  conversations,
  createPolicy,
  createUserIndex,
  explain,
  ForbiddenError,
  type User,
} from '../../src/index.js'
import { TAGS, VIEW } from '../_fixtures.js'

const policy = createPolicy(conversations).createRole({
  id: 'viewer-2',
  name: 'Viewer 2',
  permissions: ['contact-center/conversations/view'],
})
const NONE = { mode: 'none', permissions: [], consumesSeat: false, needsSeat: false, countsTowardCapacity: false }

const revoked = (): unknown => {
  const { proxy, revoke } = Proxy.revocable({ id: 'ana', roles: ['agent'], seat: true }, {})
  revoke()
  return proxy
}
const throwing = (): unknown =>
  Object.defineProperty({ id: 'ana', seat: true }, 'roles', {
    enumerable: true,
    get() {
      throw new Error('boom')
    },
  })

/** Malformed users, many of them with seat: true and roles that would grant a lot. */
const MALFORMED: [string, () => unknown][] = [
  ['null', () => null],
  ['undefined', () => undefined],
  ['a string', () => 'ana'],
  ['a number', () => 7],
  ['an array', () => [{ id: 'ana', roles: ['agent'], seat: true }]],
  ['{}', () => ({})],
  ['{} with seat', () => ({ seat: true })],
  ["id ''", () => ({ id: '', roles: ['agent'], seat: true })],
  ['id a number', () => ({ id: 7, roles: ['agent'], seat: true })],
  ['no id', () => ({ roles: ['supervisor'], seat: true })],
  ['roles a string', () => ({ id: 'ana', roles: 'agent', seat: true })],
  ['roles a Set', () => ({ id: 'ana', roles: new Set(['agent']), seat: true })],
  ['roles missing', () => ({ id: 'ana', seat: true })],
  ['a role that is not a string', () => ({ id: 'ana', roles: ['agent', 5], seat: true })],
  ['a hole in roles', () => ({ id: 'ana', roles: ['agent', , 'viewer'], seat: true })],
  ['seat a string', () => ({ id: 'ana', roles: ['viewer'], seat: 'true' })],
  ['seat 1', () => ({ id: 'ana', roles: ['viewer'], seat: 1 })],
  ['seat null', () => ({ id: 'ana', roles: ['viewer'], seat: null })],
  ['a throwing getter', throwing],
  ['a revoked proxy', revoked],
]

describe('R13: malformed and unknown users get exactly no access', () => {
  for (const [what, make] of MALFORMED) {
    it(`R13: access() of a malformed user (${what}) is exactly mode none, no permission, no seat facts`, () => {
      const user = make() as User
      expect(policy.access(user)).toEqual(NONE)
      expect(can(user, VIEW)).toBe(false)
      expect(policy.can(user, VIEW)).toBe(false)
      expect(policy.explain(user, VIEW)).toMatchObject({ allowed: false, reason: 'invalid-user', grantedBy: [] })
      expect(policy.check(user).map((p) => p.code)).toEqual(['data/invalid'])
    })
  }

  it('R13: a well-formed user holding only unknown roles, without a seat, has exactly no access', () => {
    for (const roles of [[], ['ghost'], ['ghost', 'Agent', 'agent ', '__proto__', 'constructor']]) {
      expect(policy.access({ id: 'gus', roles }), roles.join()).toEqual(NONE)
      expect(policy.access({ id: 'gus', roles, seat: false }), roles.join()).toEqual(NONE)
      expect(policy.can({ id: 'gus', roles, seat: true }, VIEW)).toBe(false)
    }
    expect(policy.explain({ id: 'gus', roles: ['ghost'] }, VIEW)).toMatchObject({
      reason: 'not-granted',
      grantedBy: [],
    })
  })

  it('R10: a well-formed user with unknown roles and a seat consumes it (held) but needs none', () => {
    expect(policy.access({ id: 'gus', roles: ['ghost'], seat: true })).toEqual({ ...NONE, consumesSeat: true })
    expect(policy.check({ id: 'gus', roles: ['ghost'], seat: true }).map((p) => p.code)).toEqual([
      'assignment/unknown-role',
      'seat/unused',
    ])
  })

  it('R13: an unknown role beside a known one grants nothing more and takes nothing away', () => {
    expect(policy.access({ id: 'v', roles: ['ghost', 'viewer'] })).toEqual(
      policy.access({ id: 'v', roles: ['viewer'] }),
    )
    expect(policy.access({ id: 'v', roles: ['viewer'] }).mode).toBe('viewer')
  })

  it('R13: createUserIndex answers exactly no access for an id it does not hold', () => {
    const index = createUserIndex(policy, [{ id: 'ana', roles: ['agent'], seat: true }])
    expect(index.access('nobody')).toEqual(NONE)
    expect(index.access('')).toEqual(NONE)
    expect(index.can('nobody', VIEW)).toBe(false)
    expect(index.explain('nobody', VIEW)).toMatchObject({ reason: 'not-granted', grantedBy: [] })
  })
})

describe('R13: a permission that is not a string is unknown, whatever it stringifies to', () => {
  const viewer = { id: 'vic', roles: ['viewer'] }
  const agent = { id: 'ana', roles: ['agent'], seat: true }
  const lookalikes: [string, (id: string) => unknown][] = [
    ['a one-element array', (id) => [id]],
    ['a nested array', (id) => [[id]]],
    ['an object with toString', (id) => ({ toString: () => id })],
    ['an object with valueOf and toString', (id) => ({ valueOf: () => id, toString: () => id })],
    ['a boxed string', (id) => new String(id)],
    ['an object with Symbol.toPrimitive', (id) => ({ [Symbol.toPrimitive]: () => id })],
  ]

  for (const [what, make] of lookalikes) {
    it(`R13: can(user, ${what} of a real permission id) is false, as explain says (unknown-permission)`, () => {
      for (const [user, id] of [
        [viewer, VIEW],
        [agent, TAGS],
      ] as const) {
        expect(policy.can(user, id)).toBe(true) // the string itself is granted
        const permission = make(id) as string
        expect(policy.can(user, permission)).toBe(false)
        expect(can(user, permission)).toBe(false)
        const decision = policy.explain(user, permission)
        expect(decision).toMatchObject({ allowed: false, reason: 'unknown-permission', grantedBy: [] })
        expect(explain(user, permission).reason).toBe('unknown-permission')
        expect(() => policy.assertCan(user, permission)).toThrow(ForbiddenError)
        const index = createUserIndex(policy, [user])
        expect(index.can(user.id, permission)).toBe(false)
        expect(index.explain(user.id, permission).reason).toBe('unknown-permission')
      }
    })
  }
})
