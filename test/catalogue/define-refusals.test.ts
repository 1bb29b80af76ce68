import { describe, expect, it } from 'vitest'
import { type Catalogue, createPolicy, defineCatalogue } from '../../src/index.js'
import { catalogueProblems } from '../_fixtures.js'

const valid = () => ({
  id: 'kb',
  name: 'Knowledge base',
  version: '1',
  permissions: {
    'kb/read': { name: 'Read', description: 'Read articles.', group: 'basic', seat: false },
    'kb/write': { name: 'Write', description: 'Write articles.', group: 'work', requires: ['kb/read'] },
  } as Record<string, Record<string, unknown>>,
  roles: {
    reader: { name: 'Reader', permissions: ['kb/read'] },
    writer: { name: 'Writer', permissions: ['kb/read', 'kb/write'] },
    editor: { name: 'Editor', permissions: ['kb/write'] },
  } as Record<string, unknown>,
  exclusive: [{ roles: ['reader', 'writer'], reason: 'A writer already reads.' }] as unknown,
})

describe('defineCatalogue refuses incomplete definitions with catalogue/invalid', () => {
  it('accepts the valid base definition (so each refusal below is due to its one change)', () => {
    expect(defineCatalogue(valid() as never).roles.map((r) => r.id)).toEqual(['reader', 'writer', 'editor'])
  })

  it('a definition without roles, or with roles that are not an object', () => {
    for (const roles of [undefined, null, 'reader', ['reader'], 5]) {
      expect(catalogueProblems({ ...valid(), roles }), String(roles)).toContainEqual(
        expect.stringMatching(/"roles" must be an object/),
      )
    }
  })

  it('a permission without a description, or with one that is not a string', () => {
    for (const description of [undefined, null, 5, ['Read.']]) {
      const def = valid()
      def.permissions['kb/read'] = {
        name: 'Read',
        group: 'basic',
        ...(description === undefined ? {} : { description }),
      }
      expect(catalogueProblems(def)).toEqual(['permission "kb/read" needs a "description"'])
    }
  })

  it('a permission without a group, or with an empty one', () => {
    for (const group of [undefined, '', '  ', 5]) {
      const def = valid()
      def.permissions['kb/write'] = {
        name: 'Write',
        description: 'W.',
        ...(group === undefined ? {} : { group }),
        requires: ['kb/read'],
      }
      expect(catalogueProblems(def)).toEqual(['permission "kb/write" needs a non-empty "group"'])
    }
  })

  it('"exclusive" that is not an array', () => {
    for (const exclusive of [{ roles: ['reader', 'writer'], reason: 'r' }, 'reader,writer', 5, null]) {
      expect(catalogueProblems({ ...valid(), exclusive }), JSON.stringify(exclusive)).toContain(
        '"exclusive" must be an array',
      )
    }
  })

  it('R8: an exclusive pair of three roles, of one role, or of the same role twice', () => {
    for (const roles of [['reader', 'writer', 'editor'], ['reader'], ['reader', 'reader'], [], 'reader']) {
      expect(catalogueProblems({ ...valid(), exclusive: [{ roles, reason: 'r' }] }), JSON.stringify(roles)).toEqual([
        'exclusive[0] must name two different roles',
      ])
    }
  })

  it('R8: an exclusive pair without a reason, or with an empty one', () => {
    for (const reason of [undefined, '', ' ', 5]) {
      const pair = { roles: ['reader', 'editor'], ...(reason === undefined ? {} : { reason }) }
      expect(catalogueProblems({ ...valid(), exclusive: [pair] })).toEqual(['exclusive[0] needs a non-empty "reason"'])
    }
  })

  it('R6: a permission requiring itself is reported once, not also as a cycle', () => {
    const def = valid()
    def.permissions['kb/write'] = { name: 'Write', description: 'W.', group: 'work', requires: ['kb/write'] }
    const problems = catalogueProblems(def)
    expect(problems).toEqual(['permission "kb/write" requires itself'])
    def.permissions['kb/write'] = {
      name: 'Write',
      description: 'W.',
      group: 'work',
      requires: ['kb/read', 'kb/write'],
    }
    expect(catalogueProblems(def)).toEqual(['permission "kb/write" requires itself'])
  })

  it('R6: a cycle of two permissions is reported once', () => {
    const def = valid()
    def.permissions['kb/read'] = { name: 'Read', description: 'R.', group: 'basic', requires: ['kb/write'] }
    const problems = catalogueProblems(def)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^prerequisite cycle: kb\/(read|write) -> kb\/(write|read) -> kb\/(read|write)$/)
  })
})

describe('catalogues defined without capacity or exclusive pairs share nothing', () => {
  const bare = (id: string): Catalogue =>
    defineCatalogue({
      id,
      name: id,
      version: '1',
      permissions: { 'a/b': { name: 'B', description: 'b.', group: 'g' } },
      roles: { r: { name: 'R', permissions: ['a/b'] } },
    }) as Catalogue

  it('R11: each catalogue gets its own frozen, empty capacity and exclusive lists', () => {
    const one = bare('one')
    const two = bare('two')
    expect(one.capacity).toEqual([])
    expect(two.capacity).toEqual([])
    expect(one.capacity).not.toBe(two.capacity)
    expect(one.exclusive).not.toBe(two.exclusive)
    expect(Object.isFrozen(one.capacity)).toBe(true)
    expect(Object.isFrozen(one.exclusive)).toBe(true)
    expect(() => (one.capacity as string[]).push('a/b')).toThrow(TypeError)
    expect(two.capacity).toEqual([])
  })

  it('R11: a catalogue without capacity never counts a user toward capacity, whatever another catalogue says', () => {
    const counted = defineCatalogue({
      id: 'counted',
      name: 'Counted',
      version: '1',
      permissions: { 'a/b': { name: 'B', description: 'b.', group: 'g' } },
      roles: { r: { name: 'R', permissions: ['a/b'] } },
      capacity: ['a/b'],
    })
    const user = { id: 'u', roles: ['r'], seat: true }
    expect(createPolicy(counted).access(user).countsTowardCapacity).toBe(true)
    expect(createPolicy(bare('plain')).access(user)).toEqual({
      mode: 'full',
      permissions: ['a/b'],
      consumesSeat: true,
      needsSeat: true,
      countsTowardCapacity: false,
    })
  })

  it('the definition given is not frozen or changed by defineCatalogue', () => {
    const def = valid()
    defineCatalogue(def as never)
    expect(Object.isFrozen(def)).toBe(false)
    expect(Object.isFrozen(def.permissions)).toBe(false)
    expect(def.roles.editor).toEqual({ name: 'Editor', permissions: ['kb/write'] })
  })
})
