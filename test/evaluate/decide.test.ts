import { describe, expect, it } from 'vitest'
import {
  can,
  conversations,
  createPolicy,
  defineCatalogue,
  explain,
  ForbiddenError,
  SeatguardError,
} from '../../src/index.js'
import { ASSIGN, DOWNLOAD, flat, VIEW } from '../_fixtures.js'

const base = createPolicy(conversations)
const downloader = base.createRole({ id: 'downloader', name: 'Downloader', permissions: [DOWNLOAD] })

describe('can and explain', () => {
  it('R1: access is the union of the roles held; roles are bundles of permissions', () => {
    const user = { id: 'u', roles: ['setup', 'analytics'], seat: true }
    expect(can(user, 'conversations/setup/routing')).toBe(true)
    expect(can(user, 'conversations/analytics/reports')).toBe(true)
    expect(can(user, ASSIGN)).toBe(false)
    expect(can({ ...user, roles: [] }, 'conversations/setup/routing')).toBe(false)
  })

  it('R1 worked example: a download-only custom role added to agents lets them download', () => {
    const agent = { id: 'ana', roles: ['agent', 'downloader'], seat: true }
    expect(base.can({ ...agent, roles: ['agent'] }, DOWNLOAD)).toBe(false)
    expect(downloader.can(agent, DOWNLOAD)).toBe(true)
    expect(downloader.explain(agent, DOWNLOAD)).toMatchObject({
      allowed: true,
      reason: 'granted',
      grantedBy: ['downloader'],
    })
  })

  it('R4: without a seat every seat-requiring permission is ineffective, whatever the roles say', () => {
    for (const role of ['agent', 'supervisor', 'setup', 'analytics']) {
      const user = { id: 'u', roles: [role] }
      const paid = conversations.permissions.filter((p) => p.seat).map((p) => p.id)
      expect(
        paid.filter((p) => base.can(user, p)),
        role,
      ).toEqual([])
      expect(
        paid.some((p) => base.can({ ...user, seat: true }, p)),
        role,
      ).toBe(true)
    }
    expect(explain({ id: 'u', roles: ['agent'], seat: false }, ASSIGN)).toMatchObject({
      reason: 'no-seat',
      grantedBy: ['agent'],
      allowed: false,
    })
  })

  it('R4: the seat-free View conversations works without a seat', () => {
    expect(can({ id: 'u', roles: ['viewer'] }, VIEW)).toBe(true)
    expect(can({ id: 'u', roles: ['viewer'], seat: false }, VIEW)).toBe(true)
  })

  it('R5: agents and supervisors without a seat fall back to viewer mode', () => {
    for (const role of ['agent', 'supervisor', 'viewer']) {
      const user = { id: 'u', roles: [role] }
      expect(base.access(user)).toMatchObject({ mode: 'viewer', permissions: [VIEW], consumesSeat: false })
      expect(base.can(user, VIEW)).toBe(true)
      if (role !== 'viewer')
        expect(base.explain(user, 'conversations/my-work/transfer').message).toMatch(/can only view \(viewer mode\)/)
    }
  })

  it('R6: a permission that requires basic access is ineffective without a prerequisite', () => {
    const user = { id: 'u', roles: ['downloader'], seat: true }
    expect(downloader.can(user, DOWNLOAD)).toBe(false)
    const decision = downloader.explain(user, DOWNLOAD)
    expect(decision).toMatchObject({
      allowed: false,
      reason: 'missing-prerequisite',
      grantedBy: ['downloader'],
      missing: [VIEW, 'contact-center/conversations/work-assigned', 'contact-center/conversations/manage-all'],
    })
    expect(decision.message).toContain('View conversations, Work on assigned conversations or Manage all conversations')
    expect(downloader.can({ ...user, roles: ['downloader', 'viewer'] }, DOWNLOAD)).toBe(true)
  })

  it('R6: prerequisites are evaluated after R4 — a seat-requiring prerequisite does not count without a seat', () => {
    const policy = base.createRole({
      id: 'seatless',
      name: 'Seat-free download',
      permissions: [DOWNLOAD, 'contact-center/conversations/work-assigned'],
    })
    // Download needs a seat itself, so no-seat wins; with a seat, work-assigned satisfies R6.
    expect(policy.explain({ id: 'u', roles: ['seatless'] }, DOWNLOAD).reason).toBe('no-seat')
    expect(policy.can({ id: 'u', roles: ['seatless'], seat: true }, DOWNLOAD)).toBe(true)
  })

  it('R7: access modes — full, viewer, none', () => {
    expect(base.access({ id: 'a', roles: ['agent'], seat: true }).mode).toBe('full')
    expect(base.access({ id: 'a', roles: ['agent'] }).mode).toBe('viewer')
    expect(base.access({ id: 'a', roles: ['viewer'], seat: true }).mode).toBe('viewer')
    expect(base.access({ id: 'a', roles: ['setup'] }).mode).toBe('none')
    expect(base.access({ id: 'a', roles: [], seat: true }).mode).toBe('none')
    expect(base.access({ id: 'a', roles: ['setup'], seat: true })).toEqual({
      mode: 'full',
      permissions: conversations.roles[0]?.permissions,
      consumesSeat: true,
      needsSeat: true,
      countsTowardCapacity: false,
    })
  })

  it('R7: effective permissions are listed in catalogue order', () => {
    const ids = conversations.permissions.map((p) => p.id)
    const perms = base.access({ id: 'a', roles: ['viewer', 'analytics', 'supervisor'], seat: true }).permissions
    expect([...perms].sort((a, b) => ids.indexOf(a) - ids.indexOf(b))).toEqual(perms)
    expect(perms).toHaveLength(14 + 3)
  })

  it('R13: unknown permission → false and reason unknown-permission, first of all reasons', () => {
    expect(can({ id: 'u', roles: ['agent'], seat: true }, 'conversations/allow-asignment' as string)).toBe(false)
    expect(explain(null as never, 'nope' as string)).toMatchObject({
      reason: 'unknown-permission',
      allowed: false,
      grantedBy: [],
    })
    for (const id of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '']) {
      expect(can({ id: 'u', roles: ['supervisor'], seat: true }, id as string)).toBe(false)
      expect(explain({ id: 'u', roles: ['supervisor'], seat: true }, id as string).reason).toBe('unknown-permission')
    }
  })

  it('R13: a malformed user is denied with reason invalid-user, never a throw', () => {
    const malformed: unknown[] = [
      null,
      undefined,
      42,
      'ana',
      [],
      {},
      { id: 'u' },
      { id: '', roles: ['agent'], seat: true },
      { id: 7, roles: ['agent'], seat: true },
      { id: 'u', roles: 'agent', seat: true },
      { id: 'u', roles: ['agent', 3], seat: true },
      { id: 'u', roles: ['agent'], seat: 'yes' },
      { id: 'u', roles: ['agent'], seat: 1 },
      Object.defineProperty({}, 'roles', {
        get: () => {
          throw new Error('boom')
        },
      }),
      new Proxy(
        {},
        {
          get: () => {
            throw new Error('boom')
          },
        },
      ),
    ]
    for (const user of malformed) {
      expect(base.can(user as never, VIEW)).toBe(false)
      expect(base.explain(user as never, VIEW)).toMatchObject({ allowed: false, reason: 'invalid-user' })
      expect(base.access(user as never)).toMatchObject({ mode: 'none', permissions: [] })
      expect(base.check(user as never)).toEqual([expect.objectContaining({ code: 'data/invalid', severity: 'error' })])
    }
  })

  it('R13: an unknown role grants nothing and the other roles still count', () => {
    const user = { id: 'u', roles: ['ghost', 'agent', '__proto__', 'constructor'], seat: true }
    expect(base.can(user, ASSIGN)).toBe(true)
    expect(base.can({ ...user, roles: ['ghost'] }, VIEW)).toBe(false)
    expect(base.explain({ ...user, roles: ['ghost'] }, VIEW)).toMatchObject({ reason: 'not-granted', grantedBy: [] })
  })

  it('R13: a user with 100,000 distinct unknown role ids is read in linear time by explain, access and check', () => {
    // User records can come from outside (a token, a request body): reading one must not be quadratic.
    const user = {
      id: 'u',
      roles: [...Array.from({ length: 100_000 }, (_, i) => `ghost-${i}`), 'agent', 'agent'],
      seat: true,
    }
    const started = performance.now()
    expect(base.explain(user, ASSIGN)).toMatchObject({ reason: 'granted', grantedBy: ['agent'] })
    expect(base.access(user).mode).toBe('full')
    const [unknown] = base.check(user)
    expect(unknown).toMatchObject({ code: 'assignment/unknown-role' })
    expect(unknown?.roles).toHaveLength(100_000)
    // Quadratic reading took about 30 s here; linear reading takes well under 100 ms.
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  it('explain: reasons follow the precedence of SPEC section 3', () => {
    // invalid-user beats not-granted; not-granted beats no-seat; no-seat beats missing-prerequisite.
    expect(base.explain({ id: 'u', roles: [1] } as never, 'conversations/setup/tags').reason).toBe('invalid-user')
    expect(base.explain({ id: 'u', roles: ['viewer'] }, ASSIGN).reason).toBe('not-granted')
    expect(downloader.explain({ id: 'u', roles: ['downloader'] }, DOWNLOAD).reason).toBe('no-seat')
    expect(downloader.explain({ id: 'u', roles: ['downloader'], seat: true }, DOWNLOAD).reason).toBe(
      'missing-prerequisite',
    )
  })

  it('explain: grantedBy lists the user roles holding the permission, once each, in the user order', () => {
    const d = base.explain({ id: 'u', roles: ['viewer', 'setup', 'agent', 'viewer'], seat: true }, VIEW)
    expect(d).toMatchObject({ allowed: true, reason: 'granted', grantedBy: ['viewer', 'agent'], permission: VIEW })
    expect(d.message).toBe(
      'User "u" may use View conversations (contact-center/conversations/view), granted by roles "viewer", "agent".',
    )
    expect(Object.isFrozen(d)).toBe(true)
  })

  it('explain messages are one sentence a person can act on', () => {
    const messages = [
      base.explain({ id: 'u', roles: ['viewer'] }, ASSIGN).message,
      base.explain({ id: 'u', roles: ['agent'] }, ASSIGN).message,
      base.explain({ id: 'u', roles: ['setup'] }, 'conversations/setup/tags').message,
      downloader.explain({ id: 'u', roles: ['downloader'], seat: true }, DOWNLOAD).message,
      base.explain({ id: 'u', roles: ['agent'] }, 'bogus' as string).message,
    ]
    expect(messages[0]).toBe(
      'User "u" may not use Assign conversations (conversations/allow-assignment): none of their roles includes it; give them a role that does.',
    )
    expect(messages[2]).toMatch(/needs a seat and they hold none, so they have no access; grant them a seat\.$/)
    for (const m of messages) expect(m).toMatch(/^[A-Z"].*\.$/)
  })

  it('assertCan throws a ForbiddenError carrying the decision, and passes when allowed', () => {
    const user = { id: 'u', roles: ['agent'] }
    expect(() => base.assertCan({ ...user, seat: true }, ASSIGN)).not.toThrow()
    try {
      base.assertCan(user, ASSIGN)
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(ForbiddenError)
      expect(err).toBeInstanceOf(SeatguardError)
      expect(err).toMatchObject({ code: 'access/forbidden', decision: { reason: 'no-seat', permission: ASSIGN } })
    }
  })

  it('prerequisite chains deeper than one level are evaluated in full', () => {
    const policy = createPolicy(defineChain())
    const user = { id: 'u', roles: ['top'], seat: true }
    expect(policy.can(user, 'c')).toBe(false)
    expect(policy.can({ ...user, roles: ['top', 'root'] }, 'c')).toBe(true)
    expect(policy.can({ ...user, roles: ['top', 'mid'] }, 'c')).toBe(false)
    expect(policy.explain({ ...user, roles: ['top', 'mid'] }, 'c')).toMatchObject({
      reason: 'missing-prerequisite',
      missing: ['b'],
    })
  })

  it('R6: a missing-prerequisite message does not say the user lacks a prerequisite they hold (deep chain)', () => {
    // They hold b (through mid) but b lacks its own prerequisite a: telling them to add a role
    // granting b would change nothing.
    const policy = createPolicy(defineChain())
    const decision = policy.explain({ id: 'u', roles: ['top', 'mid'], seat: true }, 'c')
    expect(decision.reason).toBe('missing-prerequisite')
    expect(decision.message).toBe(
      'User "u" may not use C (c): it needs B as well, and B, which they hold, has no effect itself; explain "b" for them to see what is lacking.',
    )
  })

  it('R4, R6: a seat-free permission whose held prerequisite needs a seat tells the user to get a seat', () => {
    const policy = createPolicy(
      defineCatalogue({
        id: 'free-on-paid',
        name: 'Free on paid',
        version: '1',
        permissions: {
          work: { name: 'Work', description: 'Works.', group: 'g' },
          peek: { name: 'Peek', description: 'Peeks.', group: 'g', seat: false, requires: ['work'] },
        },
        roles: {
          worker: { name: 'Worker', permissions: ['work', 'peek'] },
          peeker: { name: 'Peeker', permissions: ['peek'] },
        },
      }),
    )
    const decision = policy.explain({ id: 'u', roles: ['worker'] }, 'peek')
    expect(decision).toMatchObject({
      allowed: false,
      reason: 'missing-prerequisite',
      grantedBy: ['worker'],
      missing: ['work'],
    })
    expect(decision.message).toBe(
      'User "u" may not use Peek (peek): it needs Work as well, and Work, which they hold, needs a seat they do not have; grant them a seat.',
    )
    expect(policy.can({ id: 'u', roles: ['worker'], seat: true }, 'peek')).toBe(true)
    // Holding no prerequisite at all keeps the message that asks for a role.
    expect(policy.explain({ id: 'u', roles: ['peeker'] }, 'peek').message).toBe(
      'User "u" may not use Peek (peek): it needs Work as well, and they have none of these; give them a role that grants one.',
    )
  })
})

describe('a catalogue without prerequisites (can reads no R6 words)', () => {
  const flatPolicy = createPolicy(flat, [{ id: 'admin-only', name: 'Admin only', permissions: ['admin'] }])
  const users = [
    { id: 'a', roles: ['editor'], seat: true },
    { id: 'b', roles: ['editor'], seat: false },
    { id: 'c', roles: ['ghost', 'admin-only'], seat: true },
    { id: 'd', roles: ['viewer', 'ghost'] },
    { id: 'e', roles: ['admin-only', 'viewer'], seat: false },
    { id: '', roles: ['editor'], seat: true },
    { id: 'f', roles: ['editor', 7], seat: true },
  ]

  it('R1, R4, R5, R13: can agrees with explain for every user and permission', () => {
    const answers = users.map((user) => ['view', 'edit', 'admin'].map((p) => flatPolicy.can(user as never, p)))
    expect(answers).toEqual(
      users.map((user) => ['view', 'edit', 'admin'].map((p) => flatPolicy.explain(user as never, p).allowed)),
    )
    expect(answers).toEqual([
      [true, true, false],
      [true, false, false], // R4, R5: no seat leaves the seat-free view only
      [false, false, true], // R13: the unknown role grants nothing, the other still counts
      [true, false, false],
      [true, false, false],
      [false, false, false], // R13: an empty id is malformed
      [false, false, false], // R13: a role id that is not a string is malformed
    ])
  })
})

function defineChain() {
  return defineCatalogue({
    id: 'chain',
    name: 'Chain',
    version: '1',
    permissions: {
      c: { name: 'C', description: 'Needs b.', group: 'g', requires: ['b'] },
      b: { name: 'B', description: 'Needs a.', group: 'g', requires: ['a'] },
      a: { name: 'A', description: 'Root.', group: 'g' },
    },
    roles: {
      top: { name: 'Top', permissions: ['c', 'b'] },
      mid: { name: 'Mid', permissions: ['b'] },
      root: { name: 'Root', permissions: ['a'] },
    },
  })
}
