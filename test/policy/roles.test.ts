import { describe, expect, it } from 'vitest'
import { type CustomRoleData, conversations, createPolicy, type SeatguardError } from '../../src/index.js'
import { codeOf } from '../_fixtures.js'

const base = createPolicy(conversations)
// Ids read from outside are plain strings; literal typos are compile errors (see test/types).
const ghost: string = 'ghost'

describe('policy roles', () => {
  it('lists the default roles in catalogue order, then custom roles in the order added', () => {
    const policy = base
      .createRole({ id: 'zz', name: 'Z', permissions: [] })
      .duplicateRole('viewer', { id: 'aa', name: 'A' })
    expect(policy.roles.map((r) => [r.id, r.kind])).toEqual([
      ['setup', 'default'],
      ['agent', 'default'],
      ['analytics', 'default'],
      ['supervisor', 'default'],
      ['viewer', 'default'],
      ['zz', 'custom'],
      ['aa', 'custom'],
    ])
    expect(policy.role('agent')?.name).toBe('Agent for Conversations')
    expect(policy.role(ghost)).toBeUndefined()
  })

  it('is immutable: operations return a new policy and leave the old one as it was', () => {
    const next = base.createRole({ id: 'auditor', name: 'Auditor', permissions: ['conversations/analytics/reports'] })
    expect(next).not.toBe(base)
    expect(base.role('auditor' as string)).toBeUndefined()
    expect(Object.isFrozen(next.roles)).toBe(true)
    expect(Object.isFrozen(next.role('auditor'))).toBe(true)
    expect(() => (next.roles as unknown[]).push({})).toThrow(TypeError)
  })

  it('R2: default roles cannot be edited or deleted (role/immutable)', () => {
    expect(codeOf(() => base.updateRole('agent', { name: 'Changed' }))).toBe('role/immutable')
    expect(codeOf(() => base.deleteRole('supervisor'))).toBe('role/immutable')
    expect(base.role('agent')?.name).toBe('Agent for Conversations')
  })

  it('R2: a default role is changed by duplicating it and editing the copy', () => {
    const policy = base
      .duplicateRole('agent', { id: 'agent-no-assign', name: 'Agent without assignment' })
      .updateRole('agent-no-assign', {
        permissions: (base.role('agent')?.permissions ?? []).filter((p) => p !== 'conversations/allow-assignment'),
      })
    const user = { id: 'ana', roles: ['agent-no-assign'], seat: true }
    expect(policy.can(user, 'conversations/allow-assignment')).toBe(false)
    expect(policy.can(user, 'conversations/my-work/transfer')).toBe(true)
    expect(policy.can({ ...user, roles: ['agent'] }, 'conversations/allow-assignment')).toBe(true)
  })

  it('R3: a duplicate starts with the source permissions and records derivedFrom through chains of copies', () => {
    const policy = base
      .duplicateRole('supervisor', { id: 'sup-copy', name: 'Copy' })
      .duplicateRole('sup-copy', { id: 'sup-copy-2', name: 'Copy of copy', description: 'Twice removed.' })
      .createRole({ id: 'scratch', name: 'Scratch', permissions: ['conversations/setup/tags'] })
      .duplicateRole('scratch', { id: 'scratch-copy', name: 'Scratch copy' })
    expect(policy.role('sup-copy')).toMatchObject({
      kind: 'custom',
      derivedFrom: 'supervisor',
      permissions: base.role('supervisor')?.permissions,
    })
    expect(policy.role('sup-copy')?.description).toBe(base.role('supervisor')?.description)
    expect(policy.role('sup-copy-2')).toMatchObject({ derivedFrom: 'supervisor', description: 'Twice removed.' })
    expect(policy.role('scratch')?.derivedFrom).toBeUndefined()
    expect(policy.role('scratch-copy')).toMatchObject({ permissions: ['conversations/setup/tags'] })
    expect('derivedFrom' in (policy.role('scratch-copy') ?? {})).toBe(false)
  })

  it('R3: custom role ids must match the pattern (role/invalid-id)', () => {
    for (const id of ['', 'Agent', '-x', '.x', 'has space', 'a'.repeat(65), 'é']) {
      expect(
        codeOf(() => base.createRole({ id, name: 'X', permissions: [] })),
        JSON.stringify(id),
      ).toBe('role/invalid-id')
    }
    for (const id of ['a', '0', 'a.b_c:d-e', 'x'.repeat(64)]) {
      expect(base.createRole({ id, name: 'X', permissions: [] }).role(id)?.id).toBe(id)
    }
  })

  it('R3: ids already taken by a default or a custom role are refused (role/duplicate-id)', () => {
    expect(codeOf(() => base.createRole({ id: 'agent', name: 'X', permissions: [] }))).toBe('role/duplicate-id')
    const policy = base.createRole({ id: 'mine', name: 'Mine', permissions: [] })
    expect(codeOf(() => policy.createRole({ id: 'mine', name: 'Again', permissions: [] }))).toBe('role/duplicate-id')
    expect(codeOf(() => policy.duplicateRole('agent', { id: 'mine', name: 'Again' }))).toBe('role/duplicate-id')
    expect(
      codeOf(() =>
        createPolicy(conversations, [
          { id: 'x', name: 'X', permissions: [] },
          { id: 'x', name: 'Y', permissions: [] },
        ]),
      ),
    ).toBe('role/duplicate-id')
  })

  it('R3: a custom role may only name catalogue permissions (role/unknown-permission)', () => {
    const err = (() => {
      try {
        base.createRole({
          id: 'bad',
          name: 'Bad',
          permissions: ['conversations/setup/tags', 'made/up', '__proto__'] as string[],
        })
      } catch (e) {
        return e as SeatguardError
      }
    })()
    expect(err?.code).toBe('role/unknown-permission')
    expect(err?.problems[0]?.permissions).toEqual(['made/up', '__proto__'])
    expect(
      codeOf(() =>
        base.createRole({ id: 'x', name: 'X', permissions: [] }).updateRole('x', { permissions: ['nope'] as string[] }),
      ),
    ).toBe('role/unknown-permission')
  })

  it('R3: a permission list with holes is refused like one with a non-string element (data/invalid)', () => {
    const VIEW = 'contact-center/conversations/view'
    // eslint-disable-next-line no-sparse-arrays
    const holed = (): string[] => [VIEW, , VIEW] as string[]
    const lists: (() => string[])[] = [holed, () => new Array<string>(3), () => [VIEW, 7 as unknown as string]]
    const copy = base.createRole({ id: 'x', name: 'X', permissions: [] })
    for (const permissions of lists) {
      expect(codeOf(() => base.createRole({ id: 'x', name: 'X', permissions: permissions() }))).toBe('data/invalid')
      expect(codeOf(() => copy.updateRole('x', { permissions: permissions() }))).toBe('data/invalid')
      expect(codeOf(() => createPolicy(conversations, [{ id: 'x', name: 'X', permissions: permissions() }]))).toBe(
        'data/invalid',
      )
    }
    expect(copy.role('x')?.permissions).toEqual([])
  })

  it('lists every problem, coded by the first, and writes nothing', () => {
    try {
      createPolicy(conversations, [
        { id: 'Bad', name: '', permissions: ['nope'] },
        { id: 'ok', name: 'OK', permissions: [], derivedFrom: 'ghost' },
      ])
      expect.unreachable()
    } catch (e) {
      const err = e as SeatguardError
      expect(err.code).toBe('role/invalid-id')
      expect(err.problems.map((p) => p.code)).toEqual([
        'role/invalid-id',
        'data/invalid',
        'role/unknown-permission',
        'role/unknown',
      ])
      expect(err.message).toMatch(/and 3 more problems/)
    }
  })

  it('unknown roles: duplicating, updating or deleting one fails with role/unknown', () => {
    expect(codeOf(() => base.duplicateRole(ghost, { id: 'copy', name: 'Copy' }))).toBe('role/unknown')
    expect(codeOf(() => base.updateRole(ghost, { name: 'X' }))).toBe('role/unknown')
    expect(codeOf(() => base.deleteRole(ghost))).toBe('role/unknown')
  })

  it('updates and deletes custom roles; updates keep derivedFrom and position', () => {
    const policy = base
      .duplicateRole('agent', { id: 'a1', name: 'A1' })
      .createRole({ id: 'b1', name: 'B1', permissions: [] })
    const updated = policy.updateRole('a1', {
      name: 'Renamed',
      description: 'New.',
      permissions: ['contact-center/conversations/view'],
    })
    expect(updated.role('a1')).toEqual({
      id: 'a1',
      name: 'Renamed',
      description: 'New.',
      permissions: ['contact-center/conversations/view'],
      kind: 'custom',
      derivedFrom: 'agent',
    })
    expect(updated.roles.map((r) => r.id).slice(5)).toEqual(['a1', 'b1'])
    expect(codeOf(() => policy.updateRole('a1', { name: '' }))).toBe('data/invalid')
    const deleted = updated.deleteRole('a1')
    expect(deleted.role('a1')).toBeUndefined()
    expect(deleted.can({ id: 'u', roles: ['a1'], seat: true }, 'contact-center/conversations/view')).toBe(false)
  })

  it('normalises permissions: deduplicated, in catalogue order', () => {
    const policy = base.createRole({
      id: 'mix',
      name: 'Mix',
      permissions: ['conversations/setup/tags', 'contact-center/conversations/view', 'conversations/setup/tags'],
    })
    expect(policy.role('mix')?.permissions).toEqual(['contact-center/conversations/view', 'conversations/setup/tags'])
  })

  it('toJSON names the catalogue and round-trips through createPolicy', () => {
    const policy = base.duplicateRole('agent', { id: 'junior', name: 'Junior' }).createRole({
      id: 'dl',
      name: 'Download',
      description: 'Downloads.',
      permissions: ['conversations/my-work/download-conversation'],
    })
    const json = JSON.parse(JSON.stringify(policy.toJSON())) as { catalogue: unknown; roles: CustomRoleData[] }
    expect(json.catalogue).toEqual({ id: 'conversations', version: conversations.version })
    expect(json.roles.map((r) => r.id)).toEqual(['junior', 'dl'])
    const again = createPolicy(conversations, json.roles)
    expect(again.toJSON()).toEqual(policy.toJSON())
    expect(again.roles).toEqual(policy.roles)
  })

  it('refuses custom roles that are not an array or not objects (data/invalid)', () => {
    expect(codeOf(() => createPolicy(conversations, 'roles' as never))).toBe('data/invalid')
    expect(codeOf(() => createPolicy(conversations, [null as never]))).toBe('data/invalid')
    expect(codeOf(() => base.createRole(null as never))).toBe('data/invalid')
  })

  it("R13: role data whose getters throw is refused as data/invalid, never with the getter's own error", () => {
    const throwing = new Proxy(
      {},
      {
        get: () => {
          throw new Error('boom')
        },
        ownKeys: () => {
          throw new Error('boom')
        },
      },
    )
    const idGetter = {
      get id(): string {
        throw new Error('boom')
      },
      name: 'X',
      permissions: [],
    }
    for (const data of [throwing, idGetter]) {
      expect(codeOf(() => createPolicy(conversations, [data as never]))).toBe('data/invalid')
      expect(codeOf(() => base.createRole(data as never))).toBe('data/invalid')
      expect(codeOf(() => base.duplicateRole('agent', data as never))).toBe('data/invalid')
    }
    const copy = base.duplicateRole('agent', { id: 'copy', name: 'Copy' })
    expect(codeOf(() => copy.updateRole('copy', throwing as never))).toBe('data/invalid')
    expect(
      codeOf(() =>
        createPolicy(
          conversations,
          new Proxy([], {
            get: () => {
              throw new Error('boom')
            },
          }),
        ),
      ),
    ).toBe('data/invalid')
  })
})
