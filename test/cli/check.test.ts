import { describe, expect, it } from 'vitest'
import { AGENT_COPY, policyFile, run } from './_run.js'

const F = 'policy.json'
const checkOf = (users: readonly unknown[], roles: readonly unknown[] = []) =>
  run(['check', F], { [F]: policyFile(users, roles) })
const jsonOf = async (users: readonly unknown[], roles: readonly unknown[] = []) => {
  const r = await run(['check', F, '--json'], { [F]: policyFile(users, roles) })
  return {
    ...r,
    data: JSON.parse(r.stdout) as {
      errors: number
      warnings: number
      findings: { severity: string; path: string; code: string; rule?: string; message: string }[]
    },
  }
}

describe('seatguard check', () => {
  it('exits 0 and says so when there is no problem', async () => {
    const r = await checkOf(
      [
        { id: 'ana', roles: ['agent'], seat: true },
        { id: 'vic', roles: ['viewer'] },
      ],
      [AGENT_COPY],
    )
    expect(r).toEqual({ code: 0, stdout: `No problems in ${F} (1 custom role, 2 users).\n`, stderr: '' })
  })

  it('R8: exits 1 for supervisor together with an agent duplicate, at users[i].roles', async () => {
    const { code, data } = await jsonOf(
      [
        { id: 'ok', roles: ['agent'], seat: true },
        { id: 'gina', roles: ['supervisor', 'agent-lite'], seat: true },
      ],
      [AGENT_COPY],
    )
    expect(code).toBe(1)
    expect(data.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: 'users[1].roles',
        code: 'assignment/exclusive-roles',
        rule: 'R8',
      }),
    ])
    expect(data.findings[0]?.message).toMatch(/"gina".*"agent-lite".*"supervisor"/)
  })

  it('R8: also refuses the default agent and supervisor roles together', async () => {
    const { code, data } = await jsonOf([{ id: 'sam', roles: ['agent', 'supervisor'], seat: true }])
    expect(code).toBe(1)
    expect(data.findings.map((f) => f.rule)).toEqual(['R8'])
  })

  it('R9: exits 1 for a duplicate held beside the default role it came from', async () => {
    const r = await checkOf([{ id: 'hugo', roles: ['agent', 'agent-lite'], seat: true }], [AGENT_COPY])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(
      /^error +users\[0\]\.roles +R9 +assignment\/derived-with-source +User "hugo" may not hold "agent-lite" together with "agent"/m,
    )
    expect(r.stdout).toContain(`1 error, 0 warnings in ${F} (1 custom role, 1 user).`)
  })

  it('R10 and R6: warnings are shown but exit 0', async () => {
    const { code, data } = await jsonOf(
      [
        { id: 'eva', roles: ['agent'] },
        { id: 'finn', roles: ['viewer'], seat: true },
        { id: 'jo', roles: ['dl'], seat: true },
      ],
      [{ id: 'dl', name: 'Download', permissions: ['conversations/my-work/download-conversation'] }],
    )
    expect(code).toBe(0)
    expect(data).toMatchObject({ errors: 0, warnings: 4 })
    expect(data.findings.map((f) => [f.path, f.code, f.rule])).toEqual([
      ['users[0].seat', 'seat/missing', 'R10'],
      ['users[1].seat', 'seat/unused', 'R10'],
      ['users[2].roles', 'assignment/unusable-permission', 'R6'],
      ['users[2].seat', 'seat/unused', 'R10'],
    ])
  })

  it('R13: an unknown role id is an error pointing at the exact roles[j] entry', async () => {
    const { code, data } = await jsonOf([{ id: 'ana', roles: ['agent', 'agnet'], seat: true }])
    expect(code).toBe(1)
    expect(data.findings).toEqual([
      expect.objectContaining({ path: 'users[0].roles[1]', code: 'assignment/unknown-role', rule: 'R13' }),
    ])
  })

  it('R3: refused custom roles are errors at their field, and later roles are still checked', async () => {
    const roles = [
      { id: 'Bad Id', name: 'Bad', permissions: [] },
      { id: 'agent', name: 'Shadow', permissions: [] },
      { id: 'typo', name: 'Typo', permissions: ['conversations/my-work/tags', 'conversations/allow-asignment'] },
      { id: 'orphan', name: 'Orphan', permissions: [], derivedFrom: 'nobody' },
      { id: 'fine', name: 'Fine', permissions: ['conversations/my-work/tags'] },
      { id: 'fine', name: 'Fine again', permissions: [] },
    ]
    const { code, data } = await jsonOf([{ id: 'ana', roles: ['fine', 'typo', 'agent'], seat: true }], roles)
    expect(code).toBe(1)
    expect(data.findings.map((f) => [f.path, f.code, f.rule])).toEqual([
      ['roles[0].id', 'role/invalid-id', 'R3'],
      ['roles[1].id', 'role/duplicate-id', 'R3'],
      ['roles[2].permissions[1]', 'role/unknown-permission', 'R3'],
      ['roles[3].derivedFrom', 'role/unknown', 'R3'],
      ['roles[5].id', 'role/duplicate-id', 'R3'],
      ['users[0].roles[1]', 'assignment/unknown-role', 'R13'],
    ])
    expect(data.findings[2]?.message).toMatch(/did you mean "conversations\/allow-assignment"\?$/)
  })

  it('reports malformed roles and users with their JSON path, as errors (exit 1)', async () => {
    const { code, data } = await jsonOf(
      [
        { id: 'ana', roles: 'agent' },
        { id: '', roles: [] },
        { id: 'bo', roles: ['agent', 7], seat: 'yes' },
        'carl',
        { id: 'eve', roles: [], 'e-mail': 'x' },
        { id: 'dee', roles: [], seats: true },
      ],
      [{ id: 'x', permissions: 'all' }, 42],
    )
    expect(code).toBe(1)
    expect(data.findings.map((f) => f.path)).toEqual([
      'roles[0].name',
      'roles[0].permissions',
      'roles[1]',
      'users[0].roles',
      'users[1].id',
      'users[2].roles[1]',
      'users[2].seat',
      'users[3]',
      'users[4]["e-mail"]',
      'users[5].seats',
    ])
    expect(data.findings.every((f) => f.code === 'data/invalid' && f.severity === 'error')).toBe(true)
    expect(data.findings.at(-1)?.message).toContain('did you mean "seat"?')
  })

  it('R13, R19, R25: reports a malformed queues list at users[i].queues and a bad queue id at users[i].queues[j]', async () => {
    const { code, data } = await jsonOf([
      { id: 'ana', roles: ['agent'], seat: true, queues: 'billing' },
      { id: 'ben', roles: ['agent'], seat: true, queues: ['billing', 7, '', 'sales', '-x'] },
      { id: 'cy', roles: ['agent'], seat: true, queues: ['billing', 'billing'] },
      { id: 'dee', roles: ['viewer'], queues: [] },
    ])
    expect(code).toBe(1)
    expect(data.findings.map((f) => [f.path, f.code, f.severity])).toEqual([
      ['users[0].queues', 'data/invalid', 'error'],
      ['users[1].queues[1]', 'data/invalid', 'error'],
      ['users[1].queues[2]', 'data/invalid', 'error'],
      ['users[1].queues[4]', 'data/invalid', 'error'],
    ])
    expect(data.findings[0]?.message).toBe(
      '"queues" must be an array of queue ids (or left out for none), got "billing".',
    )
    expect(data.findings[1]?.message).toBe(
      'A queue id must be a string of 1 to 128 letters, digits and . _ : / - that starts with a letter or digit, got 7.',
    )
    expect(data.findings[3]?.message).toMatch(/starts with a letter or digit, got "-x"\.$/)
  })

  it('R13: a deeply nested user (2 MB) is a finding at its path, not an internal error; the next user is still checked', async () => {
    const depth = 1_000_000
    const deep = `{"id":"a","roles":${'['.repeat(depth)}${']'.repeat(depth)}}`
    const file = `{"catalogue":{"id":"conversations","version":"1.0.0"},"roles":[],"users":[${deep},{"id":"b","roles":["ghost"]}]}`
    const r = await run(['check', F, '--json'], { [F]: file })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(1)
    const { findings } = JSON.parse(r.stdout) as { findings: { path: string; message: string }[] }
    expect(findings.map((f) => f.path)).toEqual(['users[0].roles[0]', 'users[1].roles[0]'])
    expect(findings[0]?.message).toBe('A role id must be a string, got an array of 1 item, nested too deeply to show.')
  })

  it('R19: "queues" is a known key of a user; a typo of it is refused with a suggestion', async () => {
    expect((await checkOf([{ id: 'ana', roles: ['viewer'], queues: ['billing'] }])).code).toBe(0)
    const { data } = await jsonOf([{ id: 'ana', roles: ['viewer'], queue: ['billing'] }])
    expect(data.findings).toEqual([
      expect.objectContaining({ path: 'users[0].queue', message: expect.stringContaining('did you mean "queues"?') }),
    ])
  })

  it('reports a user id used twice', async () => {
    const { data } = await jsonOf([
      { id: 'ana', roles: [] },
      { id: 'ana', roles: ['viewer'] },
    ])
    expect(data.findings).toEqual([
      expect.objectContaining({ path: 'users[1].id', message: expect.stringContaining('also at users[0]') }),
    ])
  })

  it('R3, R13: holding a refused role is one error at the user, naming the role and its defect, not "undefined"', async () => {
    const { data } = await jsonOf(
      [{ id: 'ana', roles: ['broken', 'viewer'] }],
      [{ id: 'broken', name: 'Broken', permissions: ['nope'] }],
    )
    expect(data.findings.map((f) => [f.path, f.code])).toEqual([
      ['roles[0].permissions[0]', 'role/unknown-permission'],
      ['users[0].roles[0]', 'assignment/unknown-role'],
    ])
    expect(data.findings[1]?.message).toBe(
      'User "ana" holds "broken", a role this file defines badly (roles[0].permissions[0]: not a permission of the catalogue); it grants nothing until it is fixed there, and the user\'s seat is not judged until then.',
    )
  })

  it('--json prints parseable output with counts that match the findings', async () => {
    const { code, stdout, data } = await jsonOf([{ id: 'a', roles: ['agent', 'supervisor'] }])
    expect(code).toBe(1)
    expect(stdout.endsWith('\n')).toBe(true)
    expect(data.errors).toBe(data.findings.filter((f) => f.severity === 'error').length)
    expect(data.warnings).toBe(data.findings.filter((f) => f.severity === 'warning').length)
    expect(data.errors).toBeGreaterThan(0)
  })

  it('checks examples/policy.json: R8 and R9 errors, seat warnings, exit 1', async () => {
    const r = await run(['check', 'examples/policy.json', '--json'])
    const data = JSON.parse(r.stdout) as { errors: number; findings: { rule?: string; path: string }[] }
    expect(r.code).toBe(1)
    expect(data.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['R8', 'R9', 'R10', 'R6']))
  })

  it('passes examples/policy-clean.json with no finding at all', async () => {
    expect(await run(['check', 'examples/policy-clean.json'])).toEqual({
      code: 0,
      stdout: 'No problems in examples/policy-clean.json (3 custom roles, 7 users).\n',
      stderr: '',
    })
  })
})
