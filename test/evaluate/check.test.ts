import { describe, expect, it } from 'vitest'
import { CACHE_LIMIT } from '../../src/evaluate/_decide.js'
import { conversations, createPolicy, type Policy } from '../../src/index.js'
import { compiledOf } from '../../src/policy/create.js'

const policy = createPolicy(conversations)
  .duplicateRole('agent', { id: 'agent-lite', name: 'Agent lite' })
  .duplicateRole('supervisor', { id: 'sup-copy', name: 'Supervisor copy' })
  .createRole({ id: 'downloader', name: 'Downloader', permissions: ['conversations/my-work/download-conversation'] })
  .createRole({ id: 'empty', name: 'Empty', permissions: [] })

const codes = (roles: string[], seat = true): string[] => policy.check({ id: 'u', roles, seat }).map((p) => p.code)

describe('check', () => {
  it('a clean assignment has no problems', () => {
    expect(policy.check({ id: 'u', roles: ['agent', 'analytics'], seat: true })).toEqual([])
    expect(policy.check({ id: 'u', roles: ['viewer'] })).toEqual([])
  })

  it('R8: Agent and Supervisor are never held together', () => {
    const [problem] = policy.check({ id: 'u', roles: ['agent', 'supervisor'], seat: true })
    expect(problem).toMatchObject({
      code: 'assignment/exclusive-roles',
      severity: 'error',
      roles: ['agent', 'supervisor'],
    })
    expect(problem?.message).toContain('Supervisor already includes every Agent permission.')
  })

  it('R8: a duplicate counts as its default role (Supervisor + a duplicate of Agent is refused, and the reverse)', () => {
    expect(codes(['supervisor', 'agent-lite'])).toEqual(['assignment/exclusive-roles'])
    expect(codes(['sup-copy', 'agent'])).toEqual(['assignment/exclusive-roles'])
    expect(codes(['sup-copy', 'agent-lite'])).toEqual(['assignment/exclusive-roles'])
    expect(codes(['agent-lite', 'analytics'])).toEqual([])
  })

  it('R9: a duplicate is never held beside the default role it came from', () => {
    const [problem] = policy.check({ id: 'u', roles: ['agent-lite', 'agent'], seat: true })
    expect(problem).toMatchObject({
      code: 'assignment/derived-with-source',
      severity: 'error',
      roles: ['agent-lite', 'agent'],
    })
    expect(codes(['sup-copy', 'supervisor'])).toEqual(['assignment/derived-with-source'])
  })

  it('R9: the rule follows derivedFrom through copies of copies', () => {
    const deeper = policy.duplicateRole('agent-lite', { id: 'agent-lite-2', name: 'Lite 2' })
    expect(deeper.check({ id: 'u', roles: ['agent-lite-2', 'agent'], seat: true }).map((p) => p.code)).toEqual([
      'assignment/derived-with-source',
    ])
  })

  it('reports unknown roles as assignment/unknown-role, listing them once', () => {
    const [problem] = policy.check({ id: 'u', roles: ['ghost', 'agent', 'ghost', 'phantom'], seat: true })
    expect(problem).toMatchObject({ code: 'assignment/unknown-role', severity: 'error', roles: ['ghost', 'phantom'] })
  })

  it('R6: warns about permissions that can never work without a prerequisite', () => {
    const problems = policy.check({ id: 'u', roles: ['downloader'], seat: true })
    expect(problems[0]).toMatchObject({
      code: 'assignment/unusable-permission',
      severity: 'warning',
      permissions: ['conversations/my-work/download-conversation'],
    })
    expect(codes(['downloader', 'agent'])).toEqual([])
  })

  it('R10: warns seat/missing when a needed seat is absent, seat/unused when a held seat is not needed', () => {
    expect(policy.check({ id: 'u', roles: ['agent'] })).toEqual([
      expect.objectContaining({ code: 'seat/missing', severity: 'warning' }),
    ])
    expect(policy.check({ id: 'u', roles: ['viewer'], seat: true })).toEqual([
      expect.objectContaining({ code: 'seat/unused', severity: 'warning' }),
    ])
    expect(codes(['empty'])).toEqual(['seat/unused'])
    expect(codes(['empty'], false)).toEqual([])
  })

  it('lists every problem at once, errors before warnings', () => {
    expect(codes(['ghost', 'agent-lite', 'agent', 'supervisor', 'downloader'], false)).toEqual([
      'assignment/unknown-role',
      'assignment/exclusive-roles',
      'assignment/derived-with-source',
      'seat/missing',
    ])
  })
})

describe('check, worked out once per combination of roles and seat (R38: batches of thousands)', () => {
  it('R8, R10: users who share a combination each get problems that name them, in their order of roles', () => {
    const fresh = createPolicy(conversations)
    const ana = fresh.check({ id: 'ana', roles: ['agent', 'supervisor'] })
    const ben = fresh.check({ id: 'ben', roles: ['agent', 'supervisor'] })
    expect(ana.map((p) => p.message)).toEqual([
      expect.stringMatching(/^User "ana" may not hold "agent" together with "supervisor"/),
      expect.stringMatching(/^User "ana" needs a seat/),
    ])
    expect(ben.map((p) => p.message)).toEqual([
      expect.stringMatching(/^User "ben" may not hold "agent" together with "supervisor"/),
      expect.stringMatching(/^User "ben" needs a seat/),
    ])
    // The same roles in another order are another combination: each side of the pair lists its
    // roles in the user's order.
    const copies = fresh.duplicateRole('agent', { id: 'agent-lite', name: 'Agent lite' })
    const [one] = copies.check({ id: 'cy', roles: ['agent-lite', 'agent', 'supervisor'], seat: true })
    const [other] = copies.check({ id: 'cy', roles: ['agent', 'agent-lite', 'supervisor'], seat: true })
    expect(one?.roles).toEqual(['agent-lite', 'agent', 'supervisor'])
    expect(other?.roles).toEqual(['agent', 'agent-lite', 'supervisor'])
    expect(other?.message).toMatch(/^User "cy" may not hold "agent", "agent-lite" together with "supervisor"/)
    // With a seat, the same roles are a combination of their own: no seat/missing.
    expect(fresh.check({ id: 'di', roles: ['agent', 'supervisor'], seat: true }).map((p) => p.code)).toEqual([
      'assignment/exclusive-roles',
    ])
  })

  it("R13: the problems are the caller's: changing one changes no later answer", () => {
    const fresh = createPolicy(conversations)
    const first = fresh.check({ id: 'ana', roles: ['agent', 'supervisor'] })
    ;(first[0] as unknown as { roles: string[] }).roles.push('ghost')
    ;(first[0] as { message: string }).message = 'changed'
    first.push({ code: 'seat/unused', severity: 'warning', message: 'added' })
    const again = fresh.check({ id: 'ana', roles: ['agent', 'supervisor'] })
    expect(again).toHaveLength(2)
    expect(again[0]?.roles).toEqual(['agent', 'supervisor'])
    expect(again[0]?.message).toMatch(/^User "ana" may not hold/)
    const downloads = fresh.createRole({
      id: 'downloader',
      name: 'Downloader',
      permissions: ['conversations/my-work/download-conversation'],
    })
    const [unusable] = downloads.check({ id: 'bo', roles: ['downloader'], seat: true })
    ;(unusable as unknown as { permissions: string[] }).permissions.push('ghost')
    expect(downloads.check({ id: 'cy', roles: ['downloader'], seat: true })[0]?.permissions).toEqual([
      'conversations/my-work/download-conversation',
    ])
  })

  it('R6, R10: past the cache bound, combinations are still worked out for themselves and the cache stays bounded', () => {
    // 150 custom roles taken in ordered pairs: 22,350 combinations of known roles, twice the bound.
    const ids = Array.from({ length: 150 }, (_, i) => `r${i}`)
    const many = ids.reduce<Policy>(
      (policy, id) => policy.createRole({ id, name: id, permissions: [] }),
      createPolicy(conversations),
    )
    const c = compiledOf(many)
    for (const a of ids) for (const b of ids) if (a !== b) many.check({ id: 'u', roles: [a, b], seat: true })
    expect(c?.checks.size).toBeLessThanOrEqual(CACHE_LIMIT)
    // Both findings that depend on the seat, after the cache started over at least once.
    expect(many.check({ id: 'x', roles: ['agent'] }).map((p) => p.code)).toEqual(['seat/missing'])
    expect(many.check({ id: 'x', roles: ['r1', 'r2'], seat: true }).map((p) => p.code)).toEqual(['seat/unused'])
    expect(many.check({ id: 'x', roles: ['agent', 'supervisor'], seat: true }).map((p) => p.code)).toEqual([
      'assignment/exclusive-roles',
    ])
  })
})
