import { describe, expect, it } from 'vitest'
import { conversations, createPolicy, type Policy } from '../../src/index.js'
import { codeOf, TAGS, VIEW } from '../_fixtures.js'

const base = createPolicy(conversations)
const DEFAULTS = ['setup', 'agent', 'analytics', 'supervisor', 'viewer']

// Loose handles for calls the types forbid: the values come from outside at run time.
const loose = (policy: Policy): Record<string, (...args: unknown[]) => Policy> => policy as never

describe('deleteRole keeps everything else', () => {
  const three = base
    .createRole({ id: 'alpha', name: 'Alpha', permissions: [VIEW] })
    .duplicateRole('agent', { id: 'beta', name: 'Beta' })
    .createRole({ id: 'gamma', name: 'Gamma', permissions: [TAGS] })

  it('R2, R3: deleting one custom role keeps the other custom roles and every default role, in order', () => {
    const after = three.deleteRole('beta')
    expect(after.roles.map((r) => [r.id, r.kind])).toEqual([
      ...DEFAULTS.map((id) => [id, 'default']),
      ['alpha', 'custom'],
      ['gamma', 'custom'],
    ])
    expect(after.role('alpha')).toEqual(three.role('alpha'))
    expect(after.role('gamma')).toEqual(three.role('gamma'))
    expect(after.role('beta')).toBeUndefined()
    expect(after.toJSON().roles.map((r) => r.id)).toEqual(['alpha', 'gamma'])
  })

  it('R2: deleting the last custom role leaves exactly the default roles, which still grant', () => {
    const only = base.createRole({ id: 'solo', name: 'Solo', permissions: [VIEW] }).deleteRole('solo')
    expect(only.roles.map((r) => r.id)).toEqual(DEFAULTS)
    expect(only.roles.every((r) => r.kind === 'default')).toBe(true)
    expect(only.can({ id: 'ana', roles: ['agent'], seat: true }, TAGS)).toBe(true)
    expect(only.can({ id: 'ana', roles: ['solo'], seat: true }, VIEW)).toBe(false)
  })

  it('R1: after a delete, users of the remaining roles keep their permissions', () => {
    const after = three.deleteRole('alpha')
    expect(after.can({ id: 'gus', roles: ['gamma', 'viewer'], seat: true }, TAGS)).toBe(true)
    expect(after.access({ id: 'bea', roles: ['beta'], seat: true })).toEqual(
      three.access({ id: 'bea', roles: ['beta'], seat: true }),
    )
  })
})

describe('R3, R13: malformed role data is refused with a stable code', () => {
  it('R3: a numeric id is role/invalid-id', () => {
    expect(codeOf(() => loose(base).createRole?.({ id: 7, name: 'Seven', permissions: [] }))).toBe('role/invalid-id')
    expect(codeOf(() => loose(base).duplicateRole?.('agent', { id: 7, name: 'Seven' }))).toBe('role/invalid-id')
  })

  it('R3: a description that is not a string is data/invalid, on create, duplicate and update', () => {
    const withX = base.createRole({ id: 'x', name: 'X', permissions: [] })
    for (const description of [5, null, { text: 'd' }, ['d'], true]) {
      expect(codeOf(() => loose(base).createRole?.({ id: 'y', name: 'Y', description, permissions: [] }))).toBe(
        'data/invalid',
      )
      expect(codeOf(() => loose(base).duplicateRole?.('agent', { id: 'y', name: 'Y', description }))).toBe(
        'data/invalid',
      )
      expect(codeOf(() => loose(withX).updateRole?.('x', { description }))).toBe('data/invalid')
    }
  })

  it('R3: createRole refuses a caller-supplied derivedFrom instead of recording it (only a duplicate has one)', () => {
    for (const derivedFrom of ['agent', 'supervisor', 'nope', 5]) {
      expect(
        codeOf(() => loose(base).createRole?.({ id: 'fake', name: 'Fake', permissions: [TAGS], derivedFrom })),
      ).toBe('data/invalid')
    }
    // Were it recorded, R8 and R9 would treat a from-scratch role as a copy of Agent.
    const made = base.createRole({ id: 'fake', name: 'Fake', permissions: [TAGS] })
    expect(made.role('fake')?.derivedFrom).toBeUndefined()
    expect(made.toJSON().roles[0]).not.toHaveProperty('derivedFrom')
  })

  it('R3: duplicateRole records the real source, never a derivedFrom the caller passes', () => {
    const copy = loose(base).duplicateRole?.('agent', { id: 'copy', name: 'Copy', derivedFrom: 'setup' }) as Policy
    expect(copy.role('copy')?.derivedFrom).toBe('agent')
  })

  it('R13: an updateRole patch that is not an object (null, a string, an array, a number) is data/invalid', () => {
    const withX = base.createRole({ id: 'x', name: 'X', permissions: [VIEW] })
    for (const patch of [null, 'name', [TAGS], ['name', 'Y'], 5, true]) {
      expect(
        codeOf(() => loose(withX).updateRole?.('x', patch)),
        JSON.stringify(patch),
      ).toBe('data/invalid')
    }
    expect(withX.role('x')?.permissions).toEqual([VIEW])
  })

  it('R2 first: a non-object patch on a default role is role/immutable, on a missing role role/unknown', () => {
    expect(codeOf(() => loose(base).updateRole?.('agent', null))).toBe('role/immutable')
    expect(codeOf(() => loose(base).updateRole?.('ghost', 'x'))).toBe('role/unknown')
  })
})

describe('a policy is an immutable value', () => {
  const policy = base
    .createRole({ id: 'x', name: 'X', permissions: [VIEW] })
    .duplicateRole('agent', { id: 'y', name: 'Y' })

  it('the policy, its roles array and every role (and its permissions) are frozen', () => {
    expect(Object.isFrozen(policy)).toBe(true)
    expect(Object.isFrozen(policy.roles)).toBe(true)
    expect(policy.roles).toHaveLength(7)
    for (const role of policy.roles) {
      expect(Object.isFrozen(role), role.id).toBe(true)
      expect(Object.isFrozen(role.permissions), role.id).toBe(true)
    }
    for (const policyAfter of [policy.deleteRole('x'), policy.updateRole('y', { name: 'Why' })]) {
      expect(Object.isFrozen(policyAfter)).toBe(true)
      expect(Object.isFrozen(policyAfter.roles)).toBe(true)
      expect(policyAfter.roles.every((r) => Object.isFrozen(r) && Object.isFrozen(r.permissions))).toBe(true)
    }
  })

  it('writing to a role throws and changes nothing', () => {
    const role = policy.role('x') as unknown as { name: string; permissions: string[] }
    expect(() => {
      role.name = 'Hacked'
    }).toThrow(TypeError)
    expect(() => role.permissions.push(TAGS)).toThrow(TypeError)
    expect(policy.role('x')?.name).toBe('X')
    expect(policy.can({ id: 'u', roles: ['x'], seat: true }, TAGS)).toBe(false)
  })
})

describe('R3, R13: a role keeps the permissions that were validated', () => {
  it('reads a permissions array by its slots, not by an iterator of its own', () => {
    // The slots are validated; an iterator that yields something else must not be what is kept.
    const permissions = Object.assign([TAGS], {
      *[Symbol.iterator]() {
        yield VIEW
      },
    })
    const policy = createPolicy(conversations).createRole({ id: 'x', name: 'X', permissions })
    expect(policy.role('x')?.permissions).toEqual([TAGS])
    expect(policy.can({ id: 'u', roles: ['x'], seat: true }, TAGS)).toBe(false) // tags needs basic access (R6)
    expect(policy.explain({ id: 'u', roles: ['x'], seat: true }, TAGS).reason).toBe('missing-prerequisite')
  })
})
