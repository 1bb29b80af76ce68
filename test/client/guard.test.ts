import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createGuard, GrantError } from '../../src/client/index.js'
import {
  conversations,
  createGrant,
  createPolicy,
  type Grant,
  type PermissionOf,
  type Policy,
  SeatguardError,
} from '../../src/index.js'
import { ASSIGN, TRANSFER, VIEW } from '../_fixtures.js'

const CATALOGUE = { id: conversations.id, version: conversations.version }
const OPTIONS = { catalogue: CATALOGUE }
const base = createPolicy(conversations).createRole({ id: 'assigner', name: 'Assigner', permissions: [ASSIGN] })
/** What the browser receives: the grant after a trip through JSON. */
const wire = (grant: Grant): Record<string, unknown> => JSON.parse(JSON.stringify(grant)) as Record<string, unknown>
const agentNoSeat = wire(createGrant(base, { id: 'ana', roles: ['agent'] }))
const agentSeat = wire(createGrant(base, { id: 'ana', roles: ['agent'], seat: true }))

/** Expects a refusal with the stable code and the given problem; returns the message. */
function grantRefusal(grant: unknown, problem: GrantError['problem'], options = OPTIONS): string {
  try {
    createGuard(grant, options)
  } catch (err) {
    expect(err).toBeInstanceOf(GrantError)
    expect(err).toBeInstanceOf(SeatguardError) // SPEC section 3: every thrown error is a SeatguardError
    expect(err).toMatchObject({ name: 'GrantError', code: 'data/invalid', problem })
    return (err as GrantError).message
  }
  throw new Error(`expected the grant to be refused (${problem}): ${JSON.stringify(grant)}`)
}

describe('createGuard', () => {
  it('R5: an agent without a seat may view but not transfer, and is told it is the seat', () => {
    const guard = createGuard(agentNoSeat, OPTIONS)
    expect(guard).toMatchObject({ user: 'ana', mode: 'viewer', permissions: [VIEW] })
    expect(guard.can(VIEW)).toBe(true)
    expect(guard.can(TRANSFER)).toBe(false)
    // R35: a sentence for the user, with the display name the grant carries, not the id.
    expect(guard.explain(TRANSFER)).toEqual({
      allowed: false,
      permission: TRANSFER,
      name: 'Transfer conversations',
      reason: 'no-seat',
      message: "Transfer conversations isn't available to you: you have no seat. Ask your administrator.",
    })
    expect(guard.explain(VIEW)).toMatchObject({
      allowed: true,
      reason: 'granted',
      message: 'View conversations is available to you.',
    })
  })

  it('R4: the same agent with a seat may transfer', () => {
    const guard = createGuard(agentSeat, OPTIONS)
    expect(guard.mode).toBe('full')
    expect(guard.can(TRANSFER)).toBe(true)
    expect(guard.explain('conversations/setup/routing')).toMatchObject({ allowed: false, reason: 'not-granted' })
  })

  it('R6: a permission held without basic access explains missing-prerequisite', () => {
    const guard = createGuard(wire(createGrant(base, { id: 'asa', roles: ['assigner'], seat: true })), OPTIONS)
    expect(guard.mode).toBe('none')
    expect(guard.explain(ASSIGN)).toMatchObject({ allowed: false, reason: 'missing-prerequisite' })
    expect(guard.explain(ASSIGN).message).toBe(
      "Assign conversations isn't available to you: it needs access you don't have. Ask your administrator.",
    )
  })

  it('R13: can and explain never throw, and unknown or odd ids (prototype names included) are not granted', () => {
    const guard = createGuard(agentSeat, OPTIONS)
    for (const odd of [
      '',
      'constructor',
      'toString',
      '__proto__',
      'hasOwnProperty',
      'conversations/allow-asignment',
      undefined,
      null,
      42,
      {},
    ]) {
      expect(guard.can(odd as string)).toBe(false)
      expect(guard.explain(odd as string)).toMatchObject({ allowed: false, reason: 'not-granted' })
    }
  })

  it('returns a frozen guard that later changes to the grant object cannot widen', () => {
    const grant = wire(createGrant(base, { id: 'vic', roles: ['viewer'] }))
    const guard = createGuard(grant, OPTIONS)
    ;(grant.permissions as string[]).push(TRANSFER)
    ;(grant.withheld as Record<string, string>)[TRANSFER] = 'no-seat'
    expect(guard.can(TRANSFER)).toBe(false)
    expect(guard.explain(TRANSFER).reason).toBe('not-granted')
    expect(guard.permissions).toEqual([VIEW])
    expect(Object.isFrozen(guard) && Object.isFrozen(guard.permissions) && Object.isFrozen(guard.explain(VIEW))).toBe(
      true,
    )
  })

  it('agrees with policy.can and policy.explain for every permission, on random custom roles and users', () => {
    const ids = conversations.permissions.map((p) => p.id)
    const world = fc.record({
      customs: fc.array(fc.uniqueArray(fc.constantFrom(...ids), { maxLength: 8 }), { maxLength: 4 }),
      roles: fc.array(
        fc.constantFrom('setup', 'agent', 'analytics', 'supervisor', 'viewer', 'c0', 'c1', 'c2', 'c3', 'ghost'),
        { maxLength: 4 },
      ),
      seat: fc.constantFrom(true, false, undefined),
    })
    fc.assert(
      fc.property(world, ({ customs, roles, seat }) => {
        let policy: Policy<PermissionOf<typeof conversations>, string> = createPolicy(conversations)
        customs.forEach((permissions, i) => {
          policy = policy.createRole({ id: `c${i}`, name: `C${i}`, permissions })
        })
        const user = { id: 'u-1', roles, seat }
        const guard = createGuard(wire(createGrant(policy, user)), OPTIONS)
        expect(guard.mode).toBe(policy.access(user).mode)
        for (const id of ids) {
          expect(guard.can(id), id).toBe(policy.can(user, id))
          expect(guard.explain(id).reason, id).toBe(policy.explain(user, id).reason)
        }
      }),
      { numRuns: 200 },
    )
  })
})

describe('createGuard refuses a stale or tampered grant, never allowing anything', () => {
  it('refuses a grant made for another catalogue or another catalogue version (catalogue-mismatch)', () => {
    const message = grantRefusal(
      { ...agentSeat, catalogue: { id: 'conversations', version: '0.9.0' } },
      'catalogue-mismatch',
    )
    expect(message).toBe(
      'seatguard/client: grant is for conversations@0.9.0, not conversations@1.0.0; fetch a new one.',
    )
    grantRefusal({ ...agentSeat, catalogue: { id: 'helpdesk', version: '1.0.0' } }, 'catalogue-mismatch')
    grantRefusal(agentSeat, 'catalogue-mismatch', { catalogue: { id: 'conversations', version: '2.0.0' } })
    grantRefusal(agentSeat, 'catalogue-mismatch', {} as never)
    expect(() => createGuard(agentSeat, undefined as never)).toThrow(
      expect.objectContaining({ problem: 'catalogue-mismatch' }),
    )
  })

  it('refuses an unknown format version (unsupported-version)', () => {
    for (const v of [2, 0, '1', null]) grantRefusal({ ...agentSeat, v }, 'unsupported-version')
    // Values page code could build that have no string form: still a GrantError, not a TypeError.
    for (const v of [
      Object.create(null),
      Symbol('v'),
      {
        toString: () => {
          throw new Error('boom')
        },
      },
    ])
      grantRefusal({ ...agentSeat, v }, 'unsupported-version')
    expect(grantRefusal({ ...agentSeat, v: 2 }, 'unsupported-version')).toBe(
      'seatguard/client: grant version 2 is not 1.',
    )
    const { v: _v, ...noVersion } = agentSeat
    grantRefusal(noVersion, 'unsupported-version')
  })

  const malformed: [string, unknown][] = [
    ['not an object', 'seatguard.grant'],
    ['null', null],
    ['an array', [agentSeat]],
    ['no format', { ...agentSeat, format: undefined }],
    ['another format', { ...agentSeat, format: 'seatguard.policy' }],
    ['catalogue missing', { ...agentSeat, catalogue: undefined }],
    ['catalogue as a string', { ...agentSeat, catalogue: 'conversations@1.0.0' }],
    ['catalogue version a number', { ...agentSeat, catalogue: { id: 'conversations', version: 1 } }],
    ['user missing', { ...agentSeat, user: undefined }],
    ['user empty', { ...agentSeat, user: '' }],
    ['user a number', { ...agentSeat, user: 7 }],
    ['mode unknown', { ...agentSeat, mode: 'admin' }],
    ['mode none with permissions', { ...agentSeat, mode: 'none' }],
    ['mode full without permissions', { ...agentSeat, mode: 'full', permissions: [], withheld: {} }],
    ['permissions a string', { ...agentSeat, permissions: TRANSFER }],
    ['permissions an object', { ...agentSeat, permissions: { [TRANSFER]: true } }],
    ['a non-string permission', { ...agentSeat, permissions: [VIEW, 1] }],
    ['an empty permission id', { ...agentSeat, permissions: [VIEW, ''] }],
    ['a duplicate permission', { ...agentSeat, permissions: [VIEW, VIEW] }],
    ['withheld missing', { ...agentSeat, withheld: undefined }],
    ['withheld an array', { ...agentSeat, withheld: [TRANSFER] }],
    ['withheld with an unknown reason', { ...agentNoSeat, withheld: { [TRANSFER]: 'granted' } }],
    ['withheld with a non-string reason', { ...agentNoSeat, withheld: { [TRANSFER]: true } }],
    ['a permission both allowed and withheld', { ...agentNoSeat, withheld: { [VIEW]: 'no-seat' } }],
    ['no-seat withheld while mode is full', { ...agentSeat, withheld: { 'conversations/setup/routing': 'no-seat' } }],
    ['an empty withheld id', { ...agentNoSeat, withheld: { '': 'no-seat' } }],
    // R25: reach is required, so a grant made before reach existed is never read as reaching every item.
    ['R25: reach missing (a grant from before reach)', { ...agentSeat, reach: undefined }],
    ['R25: reach an array', { ...agentSeat, reach: [TRANSFER] }],
    ['R25: reach of a permission not allowed', { ...agentNoSeat, reach: { [TRANSFER]: { a: true } } }],
    [
      'R25: reach of a permission the grant does not name',
      { ...agentSeat, reach: { 'conversations/setup/routing': {} } },
    ],
  ]
  it.each(malformed)('refuses a malformed grant: %s', (_name, grant) => {
    expect(grantRefusal(grant, 'malformed')).toMatch(/^seatguard\/client: malformed grant: .+\.$/)
  })

  it('a "__proto__" key in withheld (as JSON.parse makes it) is data, not a prototype', () => {
    const grant = JSON.parse(`{"format":"seatguard.grant","v":1,"catalogue":{"id":"conversations","version":"1.0.0"},
      "user":"x","mode":"viewer","permissions":["${VIEW}"],"withheld":{"__proto__":"no-seat"},"reach":{}}`) as unknown
    const guard = createGuard(grant, OPTIONS)
    expect(guard.can('__proto__')).toBe(false)
    expect(guard.explain('__proto__').reason).toBe('no-seat')
    expect(({} as Record<string, unknown>).__proto__).toBe(Object.prototype)
  })

  it('refuses arbitrary JSON values: fuzzed input never yields a guard', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(() => createGuard(value, OPTIONS)).toThrow(GrantError)
      }),
      { numRuns: 500 },
    )
  })

  it('refuses a valid grant with one field replaced by a value of the wrong type', () => {
    const wrong = fc.oneof(
      fc.integer().filter((n) => n !== 1), // v: 1 is the valid value, not a wrong one
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer(), { minLength: 1 }),
      fc.constant({ x: 1 }),
    )
    fc.assert(
      fc.property(
        fc.constantFrom('format', 'v', 'catalogue', 'user', 'mode', 'permissions', 'withheld', 'reach'),
        wrong,
        (field, value) => {
          expect(() => createGuard({ ...agentNoSeat, [field]: value }, OPTIONS)).toThrow(GrantError)
        },
      ),
      { numRuns: 300 },
    )
  })
})
