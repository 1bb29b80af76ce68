import { describe, expect, it } from 'vitest'
import { conversations, createPolicy } from '../../src/index.js'
import { errorOf } from '../_fixtures.js'

// SPEC section 3: Role is { id, name, description?, permissions, kind, derivedFrom? } and
// toJSON() gives back custom role data that createPolicy round-trips. A field the caller did
// not give is absent, not present as undefined.
const TAGS = 'conversations/my-work/tags'
const base = createPolicy(conversations)

const thrown = errorOf

describe('custom role data', () => {
  it('R3: a role made without a description has no description field, in the policy and in toJSON', () => {
    const policy = base.createRole({ id: 'tagger', name: 'Tagger', permissions: [TAGS] })
    expect(Object.keys(policy.role('tagger') ?? {})).toEqual(['id', 'name', 'permissions', 'kind'])
    expect(policy.toJSON().roles).toStrictEqual([{ id: 'tagger', name: 'Tagger', permissions: [TAGS] }])
    const stored = createPolicy(conversations, [{ id: 'tagger', name: 'Tagger', permissions: [TAGS] }])
    expect(Object.keys(stored.role('tagger') ?? {})).toEqual(['id', 'name', 'permissions', 'kind'])
  })

  it('R3: a duplicate records derivedFrom and keeps the source description; toJSON gives exactly that', () => {
    const policy = base.duplicateRole('agent', { id: 'agent-lite', name: 'Agent lite' })
    expect(policy.toJSON().roles).toStrictEqual([
      {
        id: 'agent-lite',
        name: 'Agent lite',
        description: conversations.roles.find((r) => r.id === 'agent')?.description,
        permissions: [...(conversations.roles.find((r) => r.id === 'agent')?.permissions ?? [])],
        derivedFrom: 'agent',
      },
    ])
  })

  it('R3: createRole with a derivedFrom and updateRole with a patch that is not an object say what to do', () => {
    expect(
      thrown(() => base.createRole({ id: 'x', name: 'X', permissions: [], derivedFrom: 'agent' } as never)).message,
    ).toBe('Role "x": createRole takes no "derivedFrom"; duplicate the default role instead (R3).')
    const policy = base.createRole({ id: 'x', name: 'X', permissions: [] })
    expect(thrown(() => policy.updateRole('x', null as never)).message).toBe('Role "x": the patch must be an object.')
  })
})
