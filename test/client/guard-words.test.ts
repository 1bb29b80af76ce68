import { describe, expect, it } from 'vitest'
import { createGuard, describeDecision as describeInClient } from '../../src/client/index.js'
import {
  conversations,
  createGrant,
  createPolicy,
  type DecisionWords,
  describeDecision,
  type User,
  type WorkItem,
} from '../../src/index.js'
import { ASSIGN } from '../_fixtures.js'

const policy = createPolicy(conversations).createRole({ id: 'assigner', name: 'Assigner', permissions: [ASSIGN] })
const OPTIONS = { catalogue: { id: conversations.id, version: conversations.version } }
const ana: User = { id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] }

describe('describeDecision in the browser (R35)', () => {
  /** Users on whom the guard gives each of its reasons. */
  const users: User[] = [
    ana,
    { id: 'ben', roles: ['agent'], queues: ['billing'] },
    { id: 'vic', roles: ['viewer'] },
    { id: 'asa', roles: ['assigner'], seat: true },
    { id: 'bo', roles: ['supervisor'], seat: true },
    { id: 'sol', roles: ['setup'], seat: true, queues: ['sales'] },
  ]
  const items: (WorkItem | undefined)[] = [
    undefined,
    { queue: 'billing' },
    { queue: 'sales' },
    { queue: 'sales', assignee: 'ana' },
    { queue: '' },
  ]
  const messages = { 'no-seat': (w: DecisionWords) => `${w.audience}: keine Lizenz für ${w.name}` }

  it('R35: is one function, exported from the root and from seatguard/client', () => {
    expect(describeInClient).toBe(describeDecision)
  })

  it('R35: a guard decision from a real grant is worded as the server decision, for every reason the guard gives, in both audiences', () => {
    const reasons = new Set<string>()
    for (const user of users) {
      const guard = createGuard(JSON.parse(JSON.stringify(createGrant(policy, user))), OPTIONS)
      for (const { id } of conversations.permissions) {
        for (const item of items) {
          const server = policy.explain(user, id, item)
          const browser = guard.explain(id, item)
          expect(browser.reason).toBe(server.reason)
          expect(browser.name).toBe(server.name)
          reasons.add(browser.reason)
          for (const audience of ['user', 'admin'] as const) {
            expect(describeDecision(browser, { audience })).toBe(describeDecision(server, { audience }))
            expect(describeDecision(browser, { audience, messages })).toBe(
              describeDecision(server, { audience, messages }),
            )
          }
          // The guard's own message is the sentence for the user.
          expect(browser.message).toBe(describeDecision(server, { audience: 'user' }))
        }
      }
    }
    expect([...reasons].sort()).toEqual(
      ['granted', 'not-granted', 'no-seat', 'missing-prerequisite', 'invalid-item', 'out-of-reach'].sort(),
    )
  })

  it('R35: an id the grant does not name is worded with the id', () => {
    const guard = createGuard(JSON.parse(JSON.stringify(createGrant(policy, ana))), OPTIONS)
    expect(guard.explain('conversations/nope')).toEqual({
      allowed: false,
      permission: 'conversations/nope',
      reason: 'not-granted',
      message: "conversations/nope isn't available to you: your roles don't include it. Ask your administrator.",
    })
  })
})

describe('the display names in a grant (R35)', () => {
  const grant = (): Record<string, unknown> => JSON.parse(JSON.stringify(createGrant(policy, ana)))

  it('R35: a grant from a server older than names is read, and the guard words with ids', () => {
    const { names: _, ...old } = grant()
    const decision = createGuard(old, OPTIONS).explain('conversations/my-work/tags')
    expect(decision).toEqual({
      allowed: true,
      permission: 'conversations/my-work/tags',
      reason: 'granted',
      message: 'conversations/my-work/tags is available to you.',
    })
  })

  it('R35: names that are not a table of non-empty strings are refused as malformed, naming the field', () => {
    for (const names of [null, 42, 'Tag conversations', ['x'], { 'conversations/my-work/tags': 7 }, { a: '' }]) {
      expect(() => createGuard({ ...grant(), names }, OPTIONS), JSON.stringify(names)).toThrow(
        'seatguard/client: malformed grant: bad names.',
      )
    }
  })

  it('R35: an edit of the grant after createGuard changes no name, and a "__proto__" key is only data', () => {
    const g = grant()
    const names = g.names as Record<string, string>
    const guard = createGuard(g, OPTIONS)
    names['conversations/my-work/tags'] = 'Changed'
    expect(guard.explain('conversations/my-work/tags').name).toBe('Tag conversations')
    const odd = createGuard({ ...grant(), names: JSON.parse('{"__proto__": "Proto", "toString": "T"}') }, OPTIONS)
    expect(odd.explain('__proto__')).toMatchObject({ name: 'Proto', reason: 'not-granted' })
    expect(odd.explain('constructor').name).toBeUndefined()
  })
})
