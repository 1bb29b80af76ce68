import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { conversations, createPolicy } from '../../src/index.js'
import { ASSIGN, codeOf, DOWNLOAD, errorOf, MONITOR, REPORTS, TAGS, VIEW } from '../_fixtures.js'

// updateRole's add and remove (issue 12, item 14): edit a copy's permissions without restating them.
const base = createPolicy(conversations)
const copied = base.duplicateRole('agent', { id: 'junior', name: 'Junior' })
const agent = base.role('agent')?.permissions ?? []
const ids = conversations.permissions.map((p) => p.id)

describe('updateRole with add and remove', () => {
  it('R2/R3: removes from and adds to a copy of a default role, in catalogue order, keeping derivedFrom', () => {
    const policy = copied.updateRole('junior', { remove: [ASSIGN], add: [DOWNLOAD] })
    const role = policy.role('junior')
    expect(role?.permissions).toEqual(ids.filter((p) => (agent.includes(p) && p !== ASSIGN) || p === DOWNLOAD))
    expect(role?.derivedFrom).toBe('agent')
    const junior = { id: 'jo', roles: ['junior'], seat: true }
    expect(policy.can(junior, ASSIGN)).toBe(false)
    expect(policy.can(junior, DOWNLOAD)).toBe(true)
    expect(copied.role('junior')?.permissions).toEqual(agent)
  })

  it('R3: removing a permission the role does not hold, or adding one it holds, changes nothing', () => {
    expect(agent).not.toContain(MONITOR)
    expect(agent).toContain(TAGS)
    const policy = copied.updateRole('junior', { remove: [MONITOR], add: [TAGS, TAGS], name: 'Junior agent' })
    expect(policy.role('junior')?.permissions).toEqual(agent)
    expect(policy.role('junior')?.name).toBe('Junior agent')
    expect(copied.updateRole('junior', { add: [], remove: [] }).role('junior')).toEqual(copied.role('junior'))
  })

  it('R3: an id not in the catalogue, in add or in remove, is role/unknown-permission naming every one', () => {
    const noSuch: string = 'no/such'
    const gone: string = 'gone'
    const err = errorOf(() => copied.updateRole('junior', { add: [REPORTS, noSuch], remove: [gone, gone] }))
    expect(err.code).toBe('role/unknown-permission')
    expect(err.problems.map((p) => [p.code, p.permissions])).toEqual([['role/unknown-permission', ['no/such', 'gone']]])
    expect(err.message).toContain('"no/such", "gone"')
    // With the patch's other faults, every problem at once, in field order (R14).
    const both = errorOf(() => copied.updateRole('junior', { name: '', remove: [gone] }))
    expect(both.problems.map((p) => p.code)).toEqual(['data/invalid', 'role/unknown-permission'])
  })

  it('R14: "permissions" together with "add" or "remove" is data/invalid: the whole list or changes to it, not both', () => {
    for (const patch of [
      { permissions: [VIEW], add: [TAGS] },
      { permissions: [VIEW], remove: [ASSIGN] },
      { permissions: [], add: [], remove: [] },
    ]) {
      const err = errorOf(() => copied.updateRole('junior', patch))
      expect(err.code).toBe('data/invalid')
      expect(err.message).toBe(
        'Role "junior": give either "permissions" (the whole new list) or "add" and "remove" (changes to the current list), not both.',
      )
    }
  })

  it('R14: a permission in both "add" and "remove" is data/invalid, since either order would be a guess', () => {
    const err = errorOf(() => copied.updateRole('junior', { add: [DOWNLOAD, TAGS], remove: [TAGS] }))
    expect(err.code).toBe('data/invalid')
    expect(err.message).toBe(
      'Role "junior": "conversations/my-work/tags" is in both "add" and "remove"; name it in one.',
    )
  })

  it('R13/R14: "add" or "remove" that is not a list of strings is data/invalid', () => {
    for (const value of [null, 'conversations/my-work/tags', [1], [TAGS, undefined], { 0: TAGS, length: 1 }]) {
      expect(codeOf(() => copied.updateRole('junior', { add: value as never }))).toBe('data/invalid')
      expect(codeOf(() => copied.updateRole('junior', { remove: value as never }))).toBe('data/invalid')
    }
    expect(errorOf(() => copied.updateRole('junior', { add: [TAGS, 7 as never] })).message).toBe(
      'Role "junior": "add" must be a list of permission ids; item 1 is not a string.',
    )
  })

  it('R2: add and remove on a default role are role/immutable; on an unknown role, role/unknown', () => {
    expect(codeOf(() => base.updateRole('agent', { add: [DOWNLOAD] }))).toBe('role/immutable')
    expect(codeOf(() => base.updateRole('ghost' as string, { remove: [ASSIGN] }))).toBe('role/unknown')
  })

  // The edit is the same as the whole list it stands for: (current − remove) ∪ add.
  test.prop([fc.subarray(ids), fc.subarray(ids), fc.subarray(ids)])(
    'R3: add and remove give the role exactly (its permissions − remove) ∪ add, as the whole list would',
    (start, add, remove) => {
      fc.pre(!add.some((p) => remove.includes(p)))
      const policy = base.createRole({ id: 'r', name: 'R', permissions: start })
      const edited = policy.updateRole('r', { add, remove }).role('r')
      const whole = [...start.filter((p) => !remove.includes(p)), ...add]
      expect(edited?.permissions).toEqual(policy.updateRole('r', { permissions: whole }).role('r')?.permissions)
      expect(edited?.permissions).toEqual(ids.filter((p) => whole.includes(p)))
    },
  )
})
