import { describe, expect, it } from 'vitest'
import { closest, didYouMean } from '../../src/cli/_suggest.js'
import { AGENT_COPY, policyFile, run } from './_run.js'

const F = 'p.json'
const findingsOf = async (file: unknown, ...more: string[]) => {
  const r = await run(['check', F, '--json', ...more], { [F]: file })
  return (JSON.parse(r.stdout) as { findings: { path: string; code: string; message: string }[] }).findings
}

describe('"did you mean …?" (issue 12, item 12)', () => {
  it('R13: an unknown role id held by a user suggests the closest role id of the policy: agnet → agent', async () => {
    const findings = await findingsOf(policyFile([{ id: 'ana', roles: ['agnet'] }]))
    expect(findings).toEqual([
      {
        severity: 'error',
        path: 'users[0].roles[0]',
        code: 'assignment/unknown-role',
        rule: 'R13',
        message: 'User "ana" holds role "agnet" that the policy does not define; did you mean "agent"?',
      },
    ])
  })

  it('R13: custom role ids are candidates too, and each unknown id gets its own finding at its index', async () => {
    const findings = await findingsOf(
      policyFile([{ id: 'ana', roles: ['viewer', 'agent-lit', 'zzzzzzzz'], seat: true }], [AGENT_COPY]),
    )
    expect(findings.map((f) => [f.path, f.message])).toEqual([
      [
        'users[0].roles[1]',
        'User "ana" holds role "agent-lit" that the policy does not define; did you mean "agent-lite"?',
      ],
      [
        'users[0].roles[2]',
        'User "ana" holds role "zzzzzzzz" that the policy does not define; remove it or create the role.',
      ],
    ])
  })

  it('R3: derivedFrom "supervisr" suggests the default role "supervisor"', async () => {
    const role = { id: 'lead', name: 'Lead', permissions: [], derivedFrom: 'supervisr' }
    const findings = await findingsOf(policyFile([], [role]))
    expect(findings).toEqual([
      expect.objectContaining({
        path: 'roles[0].derivedFrom',
        code: 'role/unknown',
        message:
          'Role "lead" is derived from "supervisr", which is not a default role of the Conversations catalogue; did you mean "supervisor"?',
      }),
    ])
  })

  it('R3, R37: derivedFrom suggestions come from the default roles of the --catalogue file', async () => {
    const file = {
      catalogue: { id: 'helpdesk', version: '2.1.0' },
      roles: [{ id: 'lead-copy', name: 'Lead copy', permissions: [], derivedFrom: 'laed' }],
    }
    const findings = await findingsOf(file, '--catalogue', 'examples/helpdesk.catalogue.json')
    expect(findings[0]?.message).toBe(
      'Role "lead-copy" is derived from "laed", which is not a default role of the Helpdesk catalogue; did you mean "lead"?',
    )
  })

  it('R3: a derivedFrom nothing is close to says what is allowed, with no guess', async () => {
    const findings = await findingsOf(policyFile([], [{ id: 'x', name: 'X', permissions: [], derivedFrom: 'nobody' }]))
    expect(findings[0]?.message).toBe(
      'Role "x" is derived from "nobody", which is not a default role of the Conversations catalogue (setup, agent, analytics, supervisor, viewer).',
    )
  })

  it('an unknown option suggests the closest option of the command: --jsn → --json, --fail-on-los → --fail-on-loss', async () => {
    expect(await run(['check', 'examples/policy.json', '--jsn'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'seatguard: check: unknown option --jsn; did you mean --json? Run "seatguard check --help" for usage.\n',
    })
    const diff = await run(['diff', 'a.json', 'b.json', '--fail-on-los'])
    expect(diff.stderr).toContain('unknown option --fail-on-los; did you mean --fail-on-loss?')
    expect((await run(['explain', 'f.json', '--usr', 'ana'])).stderr).toContain('did you mean --user?')
  })

  it('an unknown option with nothing close, or a short one, gets no guess', async () => {
    expect((await run(['check', 'x.json', '--zzzzzz'])).stderr).toBe(
      'seatguard: check: unknown option --zzzzzz; run "seatguard check --help" for usage.\n',
    )
    expect((await run(['check', 'x.json', '-j'])).stderr).toBe(
      'seatguard: check: unknown option -j; run "seatguard check --help" for usage.\n',
    )
  })

  it('an unknown option before the command suggests --help or --version', async () => {
    expect(await run(['--verison'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'seatguard: unknown option --verison; did you mean --version? Run "seatguard --help" for the list of commands.\n',
    })
  })

  it('a suggestion ends its sentence: what follows it starts a new one, never "?;" or "?."', async () => {
    const said: string[] = []
    const stderr = async (argv: string[], files: Record<string, unknown>) => said.push((await run(argv, files)).stderr)
    const user = { id: 'ana', roles: ['agent'], seat: true }
    const role = { ...AGENT_COPY, nmae: 'x' }
    said.push(...(await findingsOf(policyFile([{ ...user, seats: true }], [role]))).map((f) => f.message))
    await stderr(['check', F], { [F]: { ...policyFile([user]), user: [] } })
    await stderr(['explain', F, '--user', 'ana', '--permission', 'conversations/allow-asignment'], {
      [F]: policyFile([user]),
    })
    const test = (c: Record<string, unknown>) => ({ policy: policyFile([user]), cases: [c] })
    const base = { user: 'ana', permission: 'conversations/my-work/transfer', expect: true }
    for (const c of [
      { ...base, user: 'anna' },
      { ...base, permission: 'conversations/my-work/transfr' },
    ])
      await stderr(['test', 't.json'], { 't.json': test(c) })
    await stderr(['test', 't.json'], { 't.json': test({ ...base, expected: true }) })
    expect(said.filter((m) => m.includes('did you mean')).length).toBe(said.length)
    expect(said.filter((m) => /\?[;.]/.test(m))).toEqual([])
    expect(said.filter((m) => /\? [a-z]/.test(m))).toEqual([])
  })

  it('closest() takes the nearest candidate within the typo distance, else nothing', () => {
    expect(closest('agnet', ['setup', 'agent', 'analytics'])).toBe('agent')
    expect(closest('supervisr', ['supervisor', 'viewer'])).toBe('supervisor')
    expect(closest('billing', ['agent', 'viewer'])).toBeUndefined()
    expect(didYouMean('x', [])).toBe('')
  })
})
