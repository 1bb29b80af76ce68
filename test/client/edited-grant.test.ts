import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createGuard } from '../../src/client/index.js'
import { conversations, createGrant, createPolicy, type Grant } from '../../src/index.js'
import { TRANSFER, VIEW } from '../_fixtures.js'

// A grant is a hint for the interface, not a proof: it is not signed, so a person can edit it
// in their own browser, and an edit that keeps the format valid is accepted. These tests hold
// that fact, so that no guide can claim an edited grant is refused.
const OPTIONS = { catalogue: { id: conversations.id, version: conversations.version } }
const policy = createPolicy(conversations)
const ben = { id: 'ben', roles: ['agent'] } // an agent without a seat: a viewer
const wire = (grant: Grant): Record<string, unknown> => JSON.parse(JSON.stringify(grant)) as Record<string, unknown>

/** Ben's grant, edited as a person would in the browser's devtools: mode full, Transfer added, nothing withheld. */
function edited(): Record<string, unknown> {
  const grant = wire(createGrant(policy, ben))
  return { ...grant, mode: 'full', permissions: [...(grant.permissions as string[]), TRANSFER], withheld: {} }
}

describe('an edited grant', () => {
  it('R25: a consistently edited grant is accepted, and the guard answers what the edit says', () => {
    const original = createGuard(wire(createGrant(policy, ben)), OPTIONS)
    expect(original.can(TRANSFER)).toBe(false)
    const guard = createGuard(edited(), OPTIONS)
    expect(guard.mode).toBe('full')
    expect(guard.can(VIEW)).toBe(true)
    expect(guard.can(TRANSFER)).toBe(true)
    expect(guard.explain(TRANSFER).reason).toBe('granted')
  })

  it('R4: the server, checking the request with the policy, still refuses the edited permission', () => {
    expect(createGuard(edited(), OPTIONS).can(TRANSFER)).toBe(true)
    expect(policy.explain(ben, TRANSFER)).toMatchObject({ allowed: false, reason: 'no-seat' })
  })

  it('R25: the guides describe a grant as a hint and never say an edited grant is refused', () => {
    for (const file of ['README.md', 'docs/frontend.md']) {
      const sentences = readFileSync(file, 'utf8')
        .replace(/\s+/g, ' ')
        .split(/(?<=[.:;])\s/)
      const claims = sentences.filter(
        (s) => /\bedited\b/i.test(s) && /\b(refused|rejected)\b/i.test(s) && !/\baccept/i.test(s),
      )
      expect(claims, `${file} claims an edited grant is refused`).toEqual([])
      expect(
        sentences.some((s) => /server (still )?checks every request/.test(s)),
        file,
      ).toBe(true)
    }
  })
})
