import { describe, expect, it } from 'vitest'
import { conversations, createPolicy } from '../../src/index.js'

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
