/**
 * Review of the issue 12 / 14 merges (branch rev1): each test here fails on main at f089a5d and
 * proves one defect of the review report. They fix nothing.
 */
import { describe, expect, it } from 'vitest'
import { createGuard, GrantError } from '../../src/client/index.js'
import { conversations, createGrant, createPolicy, impact, SeatguardError } from '../../src/index.js'

const CATALOGUE = { catalogue: { id: 'conversations', version: '1.0.0' } }

describe('review rev1: impact', () => {
  it('R13, R33: a user listing 10,000 role ids is compared in about the time check takes, not quadratic time and memory', () => {
    // Combos.of (src/evaluate/_impact-read.ts) copies the whole path at every new node of its
    // tree, so one user with n role ids costs n²/2 array slots: 10,000 ids take ~450 MB and ~2 s,
    // 40,000 exhaust the heap. check() on the same user is linear (a few ms).
    const policy = createPolicy(conversations)
    const after = policy.createRole({ id: 'x', name: 'X', permissions: [] })
    const user = { id: 'u', roles: Array.from({ length: 10_000 }, (_, i) => `r${i}`) }
    const t0 = performance.now()
    policy.check(user)
    const checkMs = performance.now() - t0
    const t1 = performance.now()
    impact(policy, after, [user])
    const impactMs = performance.now() - t1
    expect(impactMs, `impact ${impactMs.toFixed(0)} ms, check ${checkMs.toFixed(0)} ms`).toBeLessThan(600)
  }, 60_000)

  it('R33: a user whose unknown role ids only change order gets no row: the change creates no error', () => {
    // errorKey (src/evaluate/_impact-diff.ts) keys assignment/unknown-role by the ids in the
    // user's order, so the same error, reordered, counts as one the change creates.
    const policy = createPolicy(conversations)
    const before = [{ id: 'u', roles: ['agent', 'ghost', 'phantom'], seat: true }]
    const after = [{ id: 'u', roles: ['agent', 'phantom', 'ghost'], seat: true }]
    expect(policy.check(before[0]!).map((p) => p.code)).toEqual(policy.check(after[0]!).map((p) => p.code))
    expect(impact(policy, before, after).rows).toEqual([])
  })
})

describe('review rev1: the live guard', () => {
  const grant = JSON.parse(
    JSON.stringify(createGrant(createPolicy(conversations), { id: 'ana', roles: ['agent'], seat: true })),
  ) as Record<string, unknown>
  const throwing = new Proxy(
    {},
    {
      get() {
        throw new Error('a getter threw')
      },
    },
  )

  it('SPEC 3, R36: guard.update refuses a grant whose reading throws with a GrantError (a SeatguardError), the old grant kept', () => {
    const guard = createGuard(grant, CATALOGUE)
    let caught: unknown
    try {
      guard.update(throwing)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(GrantError)
    expect(caught).toBeInstanceOf(SeatguardError)
    expect([guard.revision, guard.mode]).toEqual([0, 'full'])
  })

  it('SPEC 3, R36: a withheld map whose keys cannot be listed is refused with a GrantError too', () => {
    const guard = createGuard(grant, CATALOGUE)
    const withheld = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('ownKeys threw')
        },
      },
    )
    expect(() => guard.update({ ...grant, withheld })).toThrow(GrantError)
  })
})
