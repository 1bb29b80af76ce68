import { describe, expect, it } from 'vitest'
import { type CatalogueDefinition, createPolicy, defineCatalogue, SeatguardError } from '../../src/index.js'

// SPEC section 3: invalid definitions throw code 'catalogue/invalid'; every thrown error has
// a message and lists its problems. These tests hold what the error says: the catalogue it
// is about, each problem as an error-level catalogue/invalid problem, and where it is.
const base = {
  id: 'helpdesk',
  name: 'Helpdesk',
  version: '2',
  permissions: {
    'tickets/view': { name: 'View tickets', description: 'Read tickets.', group: 'basic', seat: false },
    'tickets/reply': { name: 'Reply', description: 'Answer customers.', group: 'work', requires: ['tickets/view'] },
  },
  roles: {
    reader: { name: 'Reader', permissions: ['tickets/view'] },
    agent: { name: 'Agent', description: 'Works tickets.', permissions: ['tickets/view', 'tickets/reply'] },
  },
} satisfies CatalogueDefinition<'tickets/view' | 'tickets/reply', 'reader' | 'agent'>

function refusal(definition: unknown): SeatguardError {
  try {
    defineCatalogue(definition as never)
  } catch (err) {
    expect(err).toBeInstanceOf(SeatguardError)
    expect((err as SeatguardError).code).toBe('catalogue/invalid')
    return err as SeatguardError
  }
  throw new Error('expected defineCatalogue to throw')
}

const messages = (definition: unknown): string[] => refusal(definition).problems.map((p) => p.message)

describe('defineCatalogue errors', () => {
  it('the message names the catalogue and joins every problem; each problem is a catalogue/invalid error', () => {
    const err = refusal({ ...base, version: '', name: '' })
    expect(err.message).toBe(
      'Invalid catalogue "helpdesk": "name" must be a non-empty string; "version" must be a non-empty string.',
    )
    expect(err.problems).toEqual([
      { code: 'catalogue/invalid', severity: 'error', message: '"name" must be a non-empty string' },
      { code: 'catalogue/invalid', severity: 'error', message: '"version" must be a non-empty string' },
    ])
  })

  it('a definition without a usable id is named by no id', () => {
    expect(refusal({ ...base, id: 3 }).message).toBe('Invalid catalogue: "id" must be a non-empty string.')
  })

  it('permissions and roles that are not objects are reported as such, not read as entries', () => {
    expect(messages({ ...base, permissions: 'tickets/view', roles: 'reader' })).toEqual([
      '"permissions" must be an object with at least one permission',
      '"roles" must be an object',
    ])
  })

  it('R8: an exclusive entry that is not an object, or whose roles are not an array of two role ids, names no roles', () => {
    for (const raw of [
      null,
      'reader',
      { roles: 'ra', reason: 'r' },
      { roles: ['reader', 2], reason: 'r' },
      { roles: [1, 'agent'], reason: 'r' },
    ]) {
      expect(messages({ ...base, exclusive: [raw] })).toEqual(['exclusive[0] must name two different roles'])
    }
  })

  it('R6: a prerequisite cycle is reported as the cycle itself, without the path that led to it', () => {
    const permission = (requires: string[]) => ({ name: 'P', description: 'P.', group: 'g', requires })
    expect(
      messages({
        ...base,
        permissions: { 'x/entry': permission(['x/a']), 'x/a': permission(['x/b']), 'x/b': permission(['x/a']) },
        roles: {},
      }),
    ).toEqual(['prerequisite cycle: x/a -> x/b -> x/a'])
  })

  it('a role without a description has no description field; one with a description keeps it', () => {
    const catalogue = defineCatalogue(base)
    expect(Object.keys(catalogue.roles[0] ?? {})).toEqual(['id', 'name', 'permissions'])
    expect(catalogue.roles[1]).toEqual({
      id: 'agent',
      name: 'Agent',
      description: 'Works tickets.',
      permissions: ['tickets/view', 'tickets/reply'],
    })
  })
})

describe('createPolicy on catalogue data that lost its identity', () => {
  const data = (): Record<string, unknown> =>
    JSON.parse(JSON.stringify(defineCatalogue(base))) as Record<string, unknown>

  it('R13: data that is not catalogue-shaped is refused with a message pointing to defineCatalogue', () => {
    const throwing = new Proxy(
      {},
      {
        get: () => {
          throw new Error('boom')
        },
      },
    )
    for (const junk of [
      null,
      'helpdesk',
      {},
      { ...data(), roles: {} },
      { ...data(), permissions: {} },
      { roles: [] },
      throwing,
    ]) {
      let caught: unknown
      try {
        createPolicy(junk as never)
      } catch (err) {
        caught = err
      }
      expect(caught).toBeInstanceOf(SeatguardError)
      expect(caught).toMatchObject({
        code: 'catalogue/invalid',
        message: 'Invalid catalogue: pass the result of defineCatalogue().',
      })
    }
  })

  it('R13: an element that is not a permission object is validated as one and named', () => {
    const d = data()
    const permissions = [...(d.permissions as unknown[]), 'tickets/close']
    let caught: unknown
    try {
      createPolicy({ ...d, permissions } as never)
    } catch (err) {
      caught = err
    }
    expect((caught as SeatguardError).problems.map((p) => p.message)).toContain(
      'permission "\\"tickets/close\\"" must be an object',
    )
    // An object without an id is named by what it holds, so the person can find it.
    try {
      createPolicy({ ...d, permissions: [...(d.permissions as unknown[]), { name: 'No id' }] } as never)
    } catch (err) {
      caught = err
    }
    expect((caught as SeatguardError).problems.map((p) => p.message)).toContain(
      'permission "{\\"name\\":\\"No id\\"}" needs a "description"',
    )
  })

  it('R13: a field that throws while the data is rebuilt is catalogue/invalid with the error as cause', () => {
    const boom = new Error('boom')
    const d = Object.defineProperty(data(), 'version', {
      get: () => {
        throw boom
      },
    })
    let caught: unknown
    try {
      createPolicy(d as never)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(SeatguardError)
    expect(caught).toMatchObject({
      code: 'catalogue/invalid',
      message: 'Invalid catalogue: it could not be read (reading one of its properties threw).',
    })
    expect((caught as SeatguardError).cause).toBe(boom)
  })
})
