import { describe, expect, it } from 'vitest'
import { type CatalogueDefinition, SeatguardError, createPolicy, defineCatalogue } from '../../src/index.js'

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
    agent: { name: 'Agent', description: 'Works tickets.', permissions: ['tickets/reply', 'tickets/view', 'tickets/close', 'tickets/view'] },
    lead: { name: 'Lead', permissions: ['tickets/view'] },
  },
  exclusive: [{ roles: ['agent', 'lead'], reason: 'A lead is never an agent.' }],
  capacity: ['tickets/reply'],
} satisfies CatalogueDefinition<'tickets/view' | 'tickets/reply' | 'tickets/close', 'reader' | 'agent' | 'lead'>

function problemsOf(definition: unknown): string[] {
  try {
    defineCatalogue(definition as never)
  } catch (err) {
    expect(err).toBeInstanceOf(SeatguardError)
    expect((err as SeatguardError).code).toBe('catalogue/invalid')
    return (err as SeatguardError).problems.map((p) => p.message)
  }
  throw new Error('expected defineCatalogue to throw')
}

describe('defineCatalogue', () => {
  it('normalises: seat defaults to true, requires to [], role permissions deduplicated in catalogue order', () => {
    const c = defineCatalogue(valid)
    expect(c.permissions.map((p) => [p.id, p.seat, p.requires])).toEqual([
      ['tickets/view', false, []],
      ['tickets/reply', true, ['tickets/view']],
      ['tickets/close', true, ['tickets/reply']],
    ])
    expect(c.roles[1]).toEqual({ id: 'agent', name: 'Agent', description: 'Works tickets.', permissions: ['tickets/view', 'tickets/reply', 'tickets/close'] })
    expect(c.exclusive).toEqual([{ roles: ['agent', 'lead'], reason: 'A lead is never an agent.' }])
    expect(Object.isFrozen(c.permissions)).toBe(true)
  })

  it('returns the same catalogue when given one it built', () => {
    const c = defineCatalogue(valid)
    expect(defineCatalogue(c as never)).toBe(c)
  })

  it('names every unknown reference', () => {
    const problems = problemsOf({
      ...valid,
      permissions: { ...valid.permissions, 'tickets/merge': { name: 'Merge', description: 'Merge.', group: 'work', requires: ['tickets/nope'] } },
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
    const problems = problemsOf({
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
    const problems = problemsOf({
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

  it('rejects a definition that is not an object, and an empty one', () => {
    expect(problemsOf(null)).toEqual(['the definition must be an object'])
    expect(problemsOf({ id: 'x', name: 'x', version: '1', permissions: {}, roles: {} })).toContain(
      '"permissions" must be an object with at least one permission',
    )
  })

  it('createPolicy rebuilds a catalogue that lost its identity (JSON round trip) and refuses junk', () => {
    const c = defineCatalogue(valid)
    const policy = createPolicy(JSON.parse(JSON.stringify(c)) as typeof c)
    expect(policy.can({ id: 'u', roles: ['agent'], seat: true }, 'tickets/close')).toBe(true)
    expect(() => createPolicy({} as typeof c)).toThrow(expect.objectContaining({ code: 'catalogue/invalid' }))
  })
})
