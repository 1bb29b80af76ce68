import { describe, expect, it } from 'vitest'
import { conversations, createGrant, createPolicy, SeatguardError } from '../../src/index.js'
import { ASSIGN, TRANSFER, VIEW } from '../_fixtures.js'

const policy = createPolicy(conversations)
  .createRole({ id: 'assigner', name: 'Assigner', permissions: [ASSIGN] })
  .duplicateRole('supervisor', { id: 'secret-team-lead', name: 'Secret team lead' })
const agentPermissions = conversations.roles.find((r) => r.id === 'agent')?.permissions ?? []

describe('createGrant', () => {
  it('R7: an agent with a seat gets mode full, every Agent permission, nothing withheld', () => {
    const grant = createGrant(policy, { id: 'ana', roles: ['agent'], seat: true })
    expect(grant).toEqual({
      format: 'seatguard.grant',
      v: 1,
      catalogue: { id: 'conversations', version: conversations.version },
      user: 'ana',
      mode: 'full',
      permissions: [...agentPermissions],
      withheld: {},
      // R25: no queues, so the queue-reaching permissions reach only what is assigned to her.
      reach: Object.fromEntries(agentPermissions.map((p) => [p, p === VIEW ? {} : { a: true }])),
      // R35: the display name of every catalogue permission, for the guard's sentences.
      names: Object.fromEntries(conversations.permissions.map((p) => [p.id, p.name])),
    })
  })

  it('R4, R5: an agent without a seat is a viewer; their paid permissions are withheld for no-seat', () => {
    const grant = createGrant(policy, { id: 'ana', roles: ['agent'] })
    expect(grant.mode).toBe('viewer')
    expect(grant.permissions).toEqual([VIEW])
    const paid = agentPermissions.filter((p) => p !== VIEW)
    expect(Object.keys(grant.withheld)).toEqual(paid)
    expect(new Set(Object.values(grant.withheld))).toEqual(new Set(['no-seat']))
  })

  it('R6: a permission held without any basic access is withheld for missing-prerequisite', () => {
    const grant = createGrant(policy, { id: 'asa', roles: ['assigner'], seat: true })
    expect(grant).toMatchObject({ mode: 'none', permissions: [], withheld: { [ASSIGN]: 'missing-prerequisite' } })
    // Without a seat, the seat rule is reported first, as explain does.
    expect(createGrant(policy, { id: 'asa', roles: ['assigner'] }).withheld).toEqual({ [ASSIGN]: 'no-seat' })
  })

  it('withholds only what the user’s own roles hold: permissions no role of theirs grants are not listed', () => {
    const grant = createGrant(policy, { id: 'vic', roles: ['viewer'] })
    expect(grant).toMatchObject({ mode: 'viewer', permissions: [VIEW], withheld: {} })
    expect(grant.permissions).not.toContain(TRANSFER)
  })

  it('R13: an unknown role grants nothing and is not named in the grant', () => {
    const grant = createGrant(policy, { id: 'ana', roles: ['no-such-role', 'agent'], seat: true })
    expect(grant.permissions).toEqual(agentPermissions)
    expect(JSON.stringify(grant)).not.toContain('no-such-role')
  })

  it('leaks nothing but the user’s own decisions: no role ids or names, no custom roles, no other fields', () => {
    const grant = createGrant(policy, { id: 'lee', roles: ['secret-team-lead'], seat: true })
    const text = JSON.stringify(grant)
    for (const secret of ['secret-team-lead', 'Secret team lead', 'assigner', 'supervisor', 'Supervisor'])
      expect(text).not.toContain(secret)
    expect(Object.keys(grant).sort()).toEqual([
      'catalogue',
      'format',
      'mode',
      'names',
      'permissions',
      'reach',
      'user',
      'v',
      'withheld',
    ])
    expect(Object.keys(grant.catalogue).sort()).toEqual(['id', 'version'])
  })

  it('is JSON-safe and frozen: a JSON round trip gives an equal value', () => {
    const grant = createGrant(policy, { id: 'ana', roles: ['agent'] })
    expect(JSON.parse(JSON.stringify(grant))).toEqual(grant)
    expect(Object.isFrozen(grant) && Object.isFrozen(grant.permissions) && Object.isFrozen(grant.withheld)).toBe(true)
  })

  it('agrees with policy.access and policy.explain for every user of a sample', () => {
    const users = [
      { id: 'a', roles: ['supervisor'], seat: true },
      { id: 'b', roles: ['supervisor'] },
      { id: 'c', roles: ['setup', 'analytics'] },
      { id: 'd', roles: ['assigner', 'viewer'] },
      { id: 'e', roles: [] },
    ]
    for (const user of users) {
      const grant = createGrant(policy, user)
      expect(grant.mode, user.id).toBe(policy.access(user).mode)
      expect(grant.permissions, user.id).toEqual(policy.access(user).permissions)
      for (const { id } of conversations.permissions) {
        const { reason } = policy.explain(user, id)
        expect(grant.withheld[id], `${user.id} ${id}`).toBe(
          reason === 'no-seat' || reason === 'missing-prerequisite' ? reason : undefined,
        )
      }
    }
  })

  it('R13: a malformed user is refused with data/invalid (a grant must name a real user)', () => {
    for (const user of [
      null,
      {},
      { id: '', roles: [] },
      { id: 'x', roles: 'agent' },
      { id: 'x', roles: [], seat: 'yes' },
    ]) {
      const call = (): unknown => createGrant(policy, user as never)
      expect(call).toThrow(SeatguardError)
      expect(call).toThrow(
        expect.objectContaining({
          code: 'data/invalid',
          message: expect.stringMatching(/^createGrant: The user is malformed/),
        }),
      )
    }
  })

  it('refuses something that is not a policy with data/invalid, never a bare TypeError', () => {
    for (const notAPolicy of [null, undefined, {}, { catalogue: conversations }]) {
      const call = (): unknown => createGrant(notAPolicy as never, { id: 'ana', roles: ['agent'], seat: true })
      expect(call).toThrow(SeatguardError)
      expect(call).toThrow(expect.objectContaining({ code: 'data/invalid' }))
    }
    // A user whose getter answers differently on a second read (valid when checked, then not).
    let reads = 0
    const shifty = {
      id: 'ana',
      seat: true,
      get roles(): readonly string[] {
        return reads++ < 2 ? ['agent'] : (null as never)
      },
    }
    expect(() => createGrant(policy, shifty)).toThrow(expect.objectContaining({ code: 'data/invalid' }))
  })

  it('works with any catalogue: it names that catalogue’s id and version', () => {
    const grant = createGrant(createPolicy(conversations), { id: 'x', roles: ['analytics'], seat: true })
    expect(grant.catalogue).toEqual({ id: 'conversations', version: '1.0.0' })
  })
})
