import { describe, expect, it } from 'vitest'
import { type CatalogueDefinition, createPolicy, defineCatalogue, SeatguardError } from '../../src/index.js'
import { catalogueProblems } from '../_fixtures.js'

const valid = {
  id: 'helpdesk',
  name: 'Helpdesk',
  version: '2',
  permissions: {
    'tickets/view': { name: 'View tickets', description: 'Read tickets.', group: 'basic', seat: false },
    'tickets/reply': { name: 'Reply', description: 'Answer customers.', group: 'work', requires: ['tickets/view'] },
    'tickets/close': { name: 'Close', description: 'Close tickets.', group: 'work', requires: ['tickets/reply'] },
  },
  roles: {
    reader: { name: 'Reader', permissions: ['tickets/view'] },
    agent: {
      name: 'Agent',
      description: 'Works tickets.',
      permissions: ['tickets/reply', 'tickets/view', 'tickets/close', 'tickets/view'],
    },
    lead: { name: 'Lead', permissions: ['tickets/view'] },
  },
  exclusive: [{ roles: ['agent', 'lead'], reason: 'A lead is never an agent.' }],
  capacity: ['tickets/reply'],
} satisfies CatalogueDefinition<'tickets/view' | 'tickets/reply' | 'tickets/close', 'reader' | 'agent' | 'lead'>

describe('defineCatalogue', () => {
  it('normalises: seat defaults to true, requires to [], role permissions deduplicated in catalogue order', () => {
    const c = defineCatalogue(valid)
    expect(c.permissions.map((p) => [p.id, p.seat, p.requires])).toEqual([
      ['tickets/view', false, []],
      ['tickets/reply', true, ['tickets/view']],
      ['tickets/close', true, ['tickets/reply']],
    ])
    expect(c.roles[1]).toEqual({
      id: 'agent',
      name: 'Agent',
      description: 'Works tickets.',
      permissions: ['tickets/view', 'tickets/reply', 'tickets/close'],
    })
    expect(c.exclusive).toEqual([{ roles: ['agent', 'lead'], reason: 'A lead is never an agent.' }])
    expect(Object.isFrozen(c.permissions)).toBe(true)
  })

  it('returns the same catalogue when given one it built', () => {
    const c = defineCatalogue(valid)
    expect(defineCatalogue(c as never)).toBe(c)
  })

  it('names every unknown reference', () => {
    const problems = catalogueProblems({
      ...valid,
      permissions: {
        ...valid.permissions,
        'tickets/merge': { name: 'Merge', description: 'Merge.', group: 'work', requires: ['tickets/nope'] },
      },
      roles: { ...valid.roles, ghost: { name: 'Ghost', permissions: ['tickets/missing'] } },
      exclusive: [{ roles: ['agent', 'phantom'], reason: 'x' }],
      capacity: ['tickets/absent'],
    })
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('"tickets/nope"'),
        expect.stringContaining('"tickets/missing"'),
        expect.stringContaining('"phantom"'),
        expect.stringContaining('"tickets/absent"'),
      ]),
    )
  })

  it('finds prerequisite cycles, including a permission requiring itself', () => {
    const problems = catalogueProblems({
      ...valid,
      permissions: {
        a: { name: 'A', description: 'A.', group: 'g', requires: ['b'] },
        b: { name: 'B', description: 'B.', group: 'g', requires: ['c'] },
        c: { name: 'C', description: 'C.', group: 'g', requires: ['a'] },
        d: { name: 'D', description: 'D.', group: 'g', requires: ['d'] },
      },
      roles: {},
      exclusive: [],
      capacity: [],
    })
    expect(problems.some((m) => m.includes('cycle') && m.includes('a -> b -> c -> a'))).toBe(true)
    expect(problems.some((m) => m.includes('"d" requires itself'))).toBe(true)
  })

  it('rejects bad ids, missing names and wrong types', () => {
    const problems = catalogueProblems({
      id: '',
      name: 'X',
      version: 1,
      permissions: { 'bad id': { name: '', description: 'd', group: 'g', seat: 'yes' } },
      roles: { Admin: { name: 'Admin', permissions: 'bad id' } },
      exclusive: [{ roles: ['Admin', 'Admin'], reason: 'same' }],
    })
    expect(problems).toEqual(
      expect.arrayContaining([
        '"id" must be a non-empty string',
        '"version" must be a non-empty string',
        expect.stringContaining('permission "bad id" has an invalid id'),
        'permission "bad id" needs a non-empty "name"',
        'permission "bad id" has a non-boolean "seat"',
        expect.stringContaining('role "Admin" has an invalid id'),
        'role "Admin" "permissions" must be an array of permission ids',
        'exclusive[0] must name two different roles',
      ]),
    )
  })

  it('refuses permission lists with holes as it refuses a non-string element', () => {
    const VIEW = 'tickets/view'
    // A hole is not a string: each list below gets the same problem as one holding a number.
    // eslint-disable-next-line no-sparse-arrays
    for (const list of [[VIEW, , VIEW], new Array(2), [VIEW, 7]]) {
      const permissions = {
        ...valid.permissions,
        'tickets/reply': { ...valid.permissions['tickets/reply'], requires: list },
      }
      expect(
        catalogueProblems({
          ...valid,
          permissions,
          roles: { reader: { name: 'Reader', permissions: list } },
          exclusive: [],
          capacity: list,
        }),
      ).toEqual([
        'permission "tickets/reply" "requires" must be an array of permission ids',
        'role "reader" "permissions" must be an array of permission ids',
        '"capacity" must be an array of permission ids',
      ])
    }
  })

  it('rejects a definition that is not an object, and an empty one', () => {
    expect(catalogueProblems(null)).toEqual(['the definition must be an object'])
    expect(catalogueProblems({ id: 'x', name: 'x', version: '1', permissions: {}, roles: {} })).toContain(
      '"permissions" must be an object with at least one permission',
    )
  })

  it('R13: a definition with fields that cannot be read or turned into text is catalogue/invalid, never a bare TypeError', () => {
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
    const bareName = Object.create(null) as object // JSON cannot make it, structured data from elsewhere can
    const permission = { name: 'View', description: 'Read.', group: 'g' }
    expect(
      catalogueProblems({
        ...valid,
        permissions: { 'tickets/view': { ...permission, name: bareName } },
        roles: {},
        exclusive: [],
        capacity: [],
      }),
    ).toEqual(['permission "tickets/view" needs a non-empty "name"'])
    expect(
      catalogueProblems({
        ...valid,
        name: bareName,
        permissions: { 'tickets/view': permission },
        roles: { r: { name: bareName, permissions: [] } },
        exclusive: [],
        capacity: [],
      }),
    ).toEqual(['"name" must be a non-empty string', 'role "r" needs a non-empty "name"'])
    for (const definition of [
      throwing,
      { ...valid, permissions: { 'tickets/view': throwing } },
      { ...valid, exclusive: [throwing] },
    ]) {
      expect(catalogueProblems(definition)).toEqual([
        'the definition could not be read (reading one of its properties threw)',
      ])
    }
  })

  it('R13: prototype names are plain ids: constructor, toString and hasOwnProperty work everywhere; __proto__ is refused by the id pattern', () => {
    const c = defineCatalogue({
      id: 'proto',
      name: 'Proto',
      version: '1',
      permissions: {
        constructor: { name: 'C', description: 'C.', group: 'g', seat: false },
        toString: { name: 'T', description: 'T.', group: 'g', requires: ['constructor'] },
        hasOwnProperty: { name: 'H', description: 'H.', group: 'g' },
      },
      roles: {
        constructor: { name: 'Ctor', permissions: ['constructor', 'toString'] },
        valueof: { name: 'V', permissions: ['hasOwnProperty'] },
      },
      exclusive: [{ roles: ['constructor', 'valueof'], reason: 'Never both.' }],
      capacity: ['toString'],
    })
    const policy = createPolicy(c).createRole({ id: 'tostring', name: 'T', permissions: ['constructor'] })
    const user = { id: '__proto__', roles: ['constructor'], seat: true }
    expect(
      ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__'].map((p) => policy.can(user, p)),
    ).toEqual([true, true, false, false, false])
    expect(policy.explain(user, 'hasOwnProperty')).toMatchObject({ reason: 'not-granted' })
    expect(policy.explain(user, 'valueOf' as string)).toMatchObject({ reason: 'unknown-permission' })
    expect(policy.access(user)).toMatchObject({
      mode: 'full',
      permissions: ['constructor', 'toString'],
      countsTowardCapacity: true,
    })
    expect(
      policy.check({ id: 'u', roles: ['constructor', 'valueof', 'tostring'], seat: true }).map((p) => p.code),
    ).toEqual(['assignment/exclusive-roles'])
    expect(policy.seatReport([{ id: 'u', roles: ['tostring'] }]).rows[0]).toMatchObject({
      label: 'No default role',
      mode: 'viewer',
    })
    const json = JSON.parse('{"__proto__": {"name": "P", "description": "P.", "group": "g"}}') as Record<string, never>
    expect(catalogueProblems({ ...valid, permissions: json, roles: {}, exclusive: [], capacity: [] })).toEqual([
      expect.stringContaining('permission "__proto__" has an invalid id'),
    ])
  })

  it('createPolicy rebuilds a catalogue that lost its identity (JSON round trip) and refuses junk', () => {
    const c = defineCatalogue(valid)
    const policy = createPolicy(JSON.parse(JSON.stringify(c)) as typeof c)
    expect(policy.can({ id: 'u', roles: ['agent'], seat: true }, 'tickets/close')).toBe(true)
    expect(() => createPolicy({} as typeof c)).toThrow(expect.objectContaining({ code: 'catalogue/invalid' }))
  })

  it('createPolicy refuses damaged catalogue data as catalogue/invalid, never a bare TypeError', () => {
    const c = JSON.parse(JSON.stringify(defineCatalogue(valid))) as { permissions: unknown[]; roles: unknown[] }
    const throwing = new Proxy(
      {},
      {
        get: () => {
          throw new Error('boom')
        },
      },
    )
    const damaged: unknown[] = [
      { ...c, permissions: [null, ...c.permissions] },
      { ...c, roles: [7, ...c.roles] },
      { ...c, permissions: [{ name: 'No id' }, ...c.permissions] },
      { ...c, permissions: [throwing] },
      throwing,
      new Proxy(c, {
        get: (target, key) =>
          key === 'name'
            ? (() => {
                throw new Error('boom')
              })()
            : Reflect.get(target, key),
      }),
    ]
    for (const data of damaged) {
      expect(() => createPolicy(data as never)).toThrow(SeatguardError)
      expect(() => createPolicy(data as never)).toThrow(expect.objectContaining({ code: 'catalogue/invalid' }))
    }
  })
})
