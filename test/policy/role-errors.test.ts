import { describe, expect, it } from 'vitest'
import { conversations, createPolicy, createUserIndex } from '../../src/index.js'
import { errorOf } from '../_fixtures.js'

// SPEC section 3: every thrown error is a SeatguardError with a stable code and a message;
// a Problem is { code, severity, message, roles?, permissions? }. docs/customising-roles.md:
// the role/immutable message tells you to duplicate the role.
const TAGS = 'conversations/my-work/tags'
const base = createPolicy(conversations)

const thrown = errorOf

describe('role errors name what is wrong', () => {
  it('R2: editing or deleting a default role is role/immutable, naming the role and the way out', () => {
    for (const run of [() => base.updateRole('agent', { name: 'X' }), () => base.deleteRole('agent')]) {
      const err = thrown(run)
      expect(err.code).toBe('role/immutable')
      expect(err.message).toBe(
        'Role "agent" is a default role and cannot be changed; duplicate it and edit the copy (R2).',
      )
      expect(err.context).toEqual({ role: 'agent' })
    }
  })

  it('R3: a role that does not exist is role/unknown, naming it', () => {
    // A plain string, as an id from outside would be: a 'ghost' literal does not compile.
    const ghost: string = 'ghost'
    for (const run of [
      () => base.updateRole(ghost, {}),
      () => base.deleteRole(ghost),
      () => base.duplicateRole(ghost, { id: 'g2', name: 'G' }),
    ]) {
      const err = thrown(run)
      expect(err.code).toBe('role/unknown')
      expect(err.message).toBe('Role "ghost" does not exist in this policy.')
      expect(err.context).toEqual({ role: 'ghost' })
    }
  })

  it('R3: an invalid id is one role/invalid-id problem naming the id and the pattern', () => {
    const err = thrown(() => base.createRole({ id: 'Bad Id', name: 'Bad', permissions: [] }))
    expect(err.problems).toEqual([
      {
        code: 'role/invalid-id',
        severity: 'error',
        message:
          'Role "Bad Id" has an invalid id: use 1 to 64 lowercase letters, digits, ".", "_", ":" or "-", starting with a letter or digit.',
        roles: ['Bad Id'],
      },
    ])
  })

  it('R3: a taken id says whether a default role or another custom role holds it', () => {
    const policy = base.createRole({ id: 'tagger', name: 'Tagger', permissions: [TAGS] })
    expect(thrown(() => policy.createRole({ id: 'agent', name: 'A', permissions: [] })).problems).toEqual([
      {
        code: 'role/duplicate-id',
        severity: 'error',
        message: 'Role "agent" already exists as a default role; choose another id.',
        roles: ['agent'],
      },
    ])
    expect(thrown(() => policy.duplicateRole('agent', { id: 'tagger', name: 'T' })).problems).toEqual([
      {
        code: 'role/duplicate-id',
        severity: 'error',
        message: 'Role "tagger" already exists as another role; choose another id.',
        roles: ['tagger'],
      },
    ])
  })

  it('R3: stored roles are checked against the default ids and against each other when the policy is built', () => {
    const role = { id: 'tagger', name: 'Tagger', permissions: [TAGS] }
    expect(thrown(() => createPolicy(conversations, [{ ...role, id: 'supervisor' }])).code).toBe('role/duplicate-id')
    const twice = thrown(() => createPolicy(conversations, [role, role]))
    expect(twice.code).toBe('role/duplicate-id')
    expect(twice.problems).toEqual([
      expect.objectContaining({ message: 'Role "tagger" already exists as another role; choose another id.' }),
    ])
  })

  it('R3: unknown permissions are one role/unknown-permission problem listing each, once', () => {
    const err = thrown(() =>
      base.createRole({ id: 'x', name: 'X', permissions: [TAGS, 'nope/a', 'nope/b', 'nope/a'] as never }),
    )
    expect(err.problems).toEqual([
      {
        code: 'role/unknown-permission',
        severity: 'error',
        message: 'Role "x" names "nope/a", "nope/b", not in the Conversations catalogue; use catalogue permission ids.',
        permissions: ['nope/a', 'nope/b'],
      },
    ])
  })

  it('R3: a missing name, a non-string description and missing permissions are data/invalid, each said', () => {
    const err = thrown(() => base.createRole({ id: 'x', name: ' ', description: 3, permissions: 'all' } as never))
    expect(err.code).toBe('data/invalid')
    expect(err.problems).toEqual([
      { code: 'data/invalid', severity: 'error', message: 'Role "x" needs a non-empty "name".' },
      { code: 'data/invalid', severity: 'error', message: 'Role "x" has a "description" that is not a string.' },
      { code: 'data/invalid', severity: 'error', message: 'Role "x" needs "permissions", an array of permission ids.' },
    ])
  })

  it('R3: a stored derivedFrom that is not a default role is role/unknown', () => {
    const err = thrown(() =>
      createPolicy(conversations, [{ id: 'x', name: 'X', permissions: [], derivedFrom: 'ghost' }]),
    )
    expect(err.problems).toEqual([
      {
        code: 'role/unknown',
        severity: 'error',
        message: 'Role "x" is derived from "ghost", which is not a default role of the catalogue.',
      },
    ])
  })

  it('R3: role data that is not an object is data/invalid, saying what was given', () => {
    for (const run of [() => base.createRole('x' as never), () => base.duplicateRole('agent', 'x' as never)]) {
      expect(thrown(run).problems).toEqual([
        { code: 'data/invalid', severity: 'error', message: 'A custom role must be an object, got "x".' },
      ])
    }
    expect(thrown(() => createPolicy(conversations, [7 as never])).message).toBe(
      'A custom role must be an object, got 7.',
    )
  })

  it('R3: custom roles given as something other than an array (a Set, an object) are data/invalid', () => {
    const role = { id: 'tagger', name: 'Tagger', permissions: [TAGS] }
    for (const roles of [new Set([role]), { 0: role, length: 1 }]) {
      const err = thrown(() => createPolicy(conversations, roles as never))
      expect(err.code).toBe('data/invalid')
      expect(err.message).toBe('createPolicy: custom roles must be an array.')
    }
  })

  it('R13: stored roles that throw when read say which call could not read them', () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('boom')
        },
      },
    )
    const err = thrown(() => createPolicy(conversations, [hostile as never]))
    expect(err.code).toBe('data/invalid')
    expect(err.message).toBe(
      'createPolicy: custom roles: the data could not be read (reading one of its properties threw).',
    )
    for (const [what, run] of [
      ['createRole', () => base.createRole(hostile as never)],
      ['duplicateRole', () => base.duplicateRole('agent', hostile as never)],
      ['updateRole', () => base.createRole({ id: 'x', name: 'X', permissions: [] }).updateRole('x', hostile as never)],
    ] as const) {
      expect(thrown(run).message).toBe(`${what}: the data could not be read (reading one of its properties threw).`)
    }
  })

  it('R13: createUserIndex refuses a policy it did not see made, and users it cannot iterate, saying so', () => {
    expect(thrown(() => createUserIndex({ ...base } as never, [])).message).toBe(
      'createUserIndex: pass a policy made by createPolicy.',
    )
    expect(thrown(() => createUserIndex(null as never, [])).code).toBe('data/invalid')
    const err = thrown(() => createUserIndex(base, 5 as never))
    expect(err.message).toBe(
      'createUserIndex: pass an iterable of users (an array, a Set, a generator); iterating the value given failed.',
    )
    expect(err.cause).toBeInstanceOf(TypeError)
  })

  it('R13: createUserIndex lists malformed users and repeated ids as data/invalid errors', () => {
    const err = thrown(() =>
      createUserIndex(base, [
        { id: 'a', roles: [] },
        { id: '', roles: [] },
        { id: 'a', roles: ['agent'] },
      ]),
    )
    expect(err.problems).toEqual([
      { code: 'data/invalid', severity: 'error', message: 'User #1 is malformed ("id" must be a non-empty string)' },
      { code: 'data/invalid', severity: 'error', message: 'User #2 repeats the id "a"' },
    ])
  })
})
