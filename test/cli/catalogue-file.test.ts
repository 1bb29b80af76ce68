import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { type CliIo, nodeIo } from '../../src/cli/_io.js'
import { main } from '../../src/cli/main.js'
import { defineCatalogue } from '../../src/index.js'
import { policyFile, run } from './_run.js'

const CAT = 'examples/helpdesk.catalogue.json'
const POLICY = 'examples/helpdesk-policy.json'
const definition = JSON.parse(readFileSync(CAT, 'utf8')) as Record<string, unknown>
const policy = JSON.parse(readFileSync(POLICY, 'utf8')) as { roles: { permissions: string[] }[]; users: unknown[] }
const withCat = (...argv: string[]) => run([...argv, '--catalogue', CAT])

describe('R37: every command works on a catalogue file given with --catalogue', () => {
  it('R37: check reads the policy against the file, not the built-in catalogue', async () => {
    expect(await withCat('check', POLICY)).toEqual({
      code: 0,
      stdout: `No problems in ${POLICY} (1 custom role, 4 users).\n`,
      stderr: '',
    })
    // Without the flag the same file is for another catalogue than the built-in one.
    expect((await run(['check', POLICY])).code).toBe(2)
  })

  it("R37: role and permission checks, R8 pairs and suggestions come from the file's catalogue", async () => {
    const file = {
      catalogue: { id: 'helpdesk', version: '2.1.0' },
      roles: [
        { id: 'replier', name: 'Replier', permissions: ['tickets/view', 'tickets/replay'] },
        { id: 'writer', name: 'Writer', permissions: ['knowledge/edit'], derivedFrom: 'agnet' },
        { id: 'old', name: 'Old', permissions: ['contact-center/conversations/view'] },
      ],
      users: [{ id: 'both', roles: ['agent', 'lead'], seat: true }],
    }
    const r = await run(['check', 'f.json', '--catalogue', CAT, '--json'], { 'f.json': file })
    expect(r.code).toBe(1)
    const findings = (JSON.parse(r.stdout) as { findings: { path: string; code: string; message: string }[] }).findings
    expect(findings.map((f) => [f.path, f.code])).toEqual([
      ['roles[0].permissions[1]', 'role/unknown-permission'],
      ['roles[1].derivedFrom', 'role/unknown'],
      ['roles[2].permissions[0]', 'role/unknown-permission'],
      ['users[0].roles', 'assignment/exclusive-roles'],
    ])
    expect(findings[0]?.message).toBe(
      'Role "replier" names "tickets/replay", which is not a permission of the Helpdesk catalogue; did you mean "tickets/reply"?',
    )
    expect(findings[3]?.message).toContain('A team lead already holds every agent permission.')
  })

  it('R37: explain decides on a work item with the reach the file declares (--queue)', async () => {
    const out = await withCat('explain', POLICY, '-u', 'ana', '-p', 'tickets/reply', '--queue', 'returns')
    expect(out.code).toBe(1)
    expect(out.stdout).toMatch(/^permission {2}tickets\/reply \(Reply to customers\)$/m)
    expect(out.stdout).toMatch(/^reason {6}out-of-reach$/m)
    expect(out.stdout).toMatch(/^reach {7}items in queues billing; items assigned to ana$/m)
    expect((await withCat('explain', POLICY, '-u', 'ana', '-p', 'tickets/reply', '--queue', 'billing')).code).toBe(0)
    const typo = await withCat('explain', POLICY, '-u', 'ana', '-p', 'tickets/clsoe')
    expect([typo.code, typo.stderr]).toEqual([
      2,
      expect.stringContaining('not a permission of the Helpdesk catalogue; did you mean "tickets/close"?'),
    ])
  })

  it("R37: seats labels users with the file's role names and finds its seat-free viewer", async () => {
    const out = await withCat('seats', POLICY)
    expect(out.code).toBe(0)
    expect(out.stdout).toMatch(/^ana +Helpdesk agent +full +yes +yes +yes +-$/m)
    expect(out.stdout).toMatch(/^cy +Reader +viewer +no +no +no +-$/m)
    const json = JSON.parse((await withCat('seats', POLICY, '--json')).stdout) as { totals: Record<string, number> }
    expect(json.totals).toMatchObject({ users: 4, seatsUsed: 3, seatsNeeded: 3, viewers: 1 })
  })

  it('R37: queues reports agents and viewers by the capacity and reach of the file', async () => {
    const report = JSON.parse((await withCat('queues', POLICY, '--json')).stdout) as {
      queues: { queue: string; agents: { userId: string }[]; viewers: { userId: string }[] }[]
    }
    expect(report.queues.map((q) => [q.queue, q.agents.map((m) => m.userId), q.viewers.map((m) => m.userId)])).toEqual([
      ['billing', ['ana', 'ben'], ['cy']],
      ['returns', ['ben'], []],
    ])
  })

  it('R37: catalogue prints the file, validated: --json is what defineCatalogue returns, and reads back', async () => {
    const json = await withCat('catalogue', '--json')
    expect(json.code).toBe(0)
    const printed = JSON.parse(json.stdout) as unknown
    expect(printed).toEqual(JSON.parse(JSON.stringify(defineCatalogue(definition as never))))
    // The normalised form it prints is a catalogue file too.
    expect((await run(['catalogue', '--json', '--catalogue', 'c.json'], { 'c.json': json.stdout })).stdout).toBe(
      json.stdout,
    )
    const text = await withCat('catalogue')
    expect(text.stdout.split('\n')[0]).toBe('Helpdesk catalogue (helpdesk 2.1.0): 6 permissions, 3 default roles.')
    expect(text.stdout).toMatch(/^agent × lead +A team lead already holds every agent permission\.$/m)
    const markdown = (await withCat('catalogue', '--markdown')).stdout
    expect(markdown.split('\n')[0]).toBe('# The catalogue: Helpdesk')
    expect(markdown).not.toContain('docs/catalogue.md')
  })

  it('R37: diff compares two policy files of the catalogue file', async () => {
    const after = {
      ...policy,
      roles: [{ ...policy.roles[0], permissions: ['tickets/view', 'tickets/work-assigned'] }],
    }
    const files = { 'after.json': after }
    const out = await run(['diff', POLICY, 'after.json', '--catalogue', CAT, '--json'], files)
    expect(out.code).toBe(0)
    const impact = JSON.parse(out.stdout) as { rows: { userId: string; lost: string[] }[] }
    expect(impact.rows.map((r) => [r.userId, r.lost])).toEqual([['ben', ['tickets/reply']]])
    expect((await run(['diff', POLICY, 'after.json', '--catalogue', CAT, '--fail-on-loss'], files)).code).toBe(1)
  })

  it("R37: test reads a test file's policy against the catalogue file", async () => {
    const out = await withCat('test', 'examples/helpdesk.test.json')
    expect(out.code).toBe(0)
    expect(out.stdout).toContain('12 tests in examples/helpdesk.test.json: 12 passed, 0 failed.')
    // The policy inline this time; a case that must fail does.
    const failing = { policy, cases: [{ user: 'ben', permission: 'tickets/close', expect: true }] }
    const r = await run(['test', 't.json', '--catalogue', CAT], { 't.json': failing })
    expect([r.code, r.stdout]).toEqual([1, expect.stringContaining('FAIL  ben tickets/close → true')])
    expect((await run(['test', 'examples/helpdesk.test.json'])).code).toBe(2)
  })

  it('R37: reads the catalogue file once per run, also when diff reads two policy files', async () => {
    const reads: string[] = []
    const io: CliIo = {
      stdout: () => {},
      stderr: () => {},
      readFile: (path) => {
        reads.push(path)
        return readFileSync(path, 'utf8')
      },
      readLines: nodeIo.readLines,
    }
    expect(await main(['diff', POLICY, POLICY, '--catalogue', CAT], io)).toBe(0)
    expect(reads.filter((p) => p === CAT)).toHaveLength(1)
  })
})

describe('R37: refusals with --catalogue (exit 2, nothing on stdout)', () => {
  it('R37: an invalid catalogue file is refused with each of its problems listed, on every command', async () => {
    const bad = {
      ...definition,
      roles: { agent: { name: 'Agent', permissions: ['tickets/view', 'tickets/nope'] } },
      exclusive: [{ roles: ['agent', 'lead'], reason: 'x' }],
      permissions: {
        ...(definition.permissions as object),
        'tickets/close': { name: 'Close', description: '', group: 'work', requires: ['tickets/view'], reach: 'all' },
      },
    }
    const files = { 'bad.json': bad, 'p.json': policyFile([]) }
    const expected = [
      'seatguard: bad.json: not a valid catalogue (3 problems); fix the definition:',
      '  permission "tickets/close" declares "reach" but has prerequisites, whose reach it inherits; remove "reach"',
      '  role "agent" "permissions" names unknown permission "tickets/nope"',
      '  exclusive[0] names unknown role "lead"',
      '',
    ].join('\n')
    for (const argv of [
      ['check', 'p.json'],
      ['check', 'p.json', '--json'],
      ['explain', 'p.json', '-u', 'a', '-p', 'x'],
      ['seats', 'p.json'],
      ['queues', 'p.json'],
      ['catalogue'],
      ['diff', 'p.json', 'p.json'],
      ['test', 'p.json'],
    ]) {
      expect(await run([...argv, '--catalogue', 'bad.json'], files), argv[0]).toEqual({
        code: 2,
        stdout: '',
        stderr: expected,
      })
    }
  })

  it('R37: a missing, non-JSON or empty-path catalogue file is an input error that says so', async () => {
    expect((await run(['catalogue', '--catalogue', 'no-such.json'])).stderr).toBe(
      'seatguard: no-such.json: cannot read the catalogue file: no such file (ENOENT).\n',
    )
    const broken = await run(['catalogue', '--catalogue', 'c.json'], { 'c.json': '{\n  "id": "x",\n}' })
    expect([broken.code, broken.stderr]).toEqual([2, expect.stringMatching(/^seatguard: c\.json:3:1: invalid JSON: /)])
    expect((await run(['catalogue', '--catalogue', 'c.json'], { 'c.json': '[]' })).stderr).toContain(
      'c.json: not a valid catalogue (1 problem); fix the definition:\n  the definition must be an object\n',
    )
    expect((await run(['seats', POLICY, '--catalogue', ''])).stderr).toBe(
      'seatguard: --catalogue needs a path to a catalogue file.\n',
    )
    expect((await run(['seats', POLICY, '--catalogue'])).code).toBe(2)
  })

  it('R37: a policy for another catalogue id is refused naming both', async () => {
    const r = await run(['check', 'p.json', '--catalogue', CAT], { 'p.json': policyFile([]) })
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `seatguard: p.json: catalogue.id: the policy is for catalogue "conversations", but the command uses catalogue "helpdesk" (from ${CAT}).\n`,
    })
  })

  it('R37: a policy for another major version of the catalogue file is refused; a minor one is read', async () => {
    const file = (version: string) => ({ 'p.json': { ...policy, catalogue: { id: 'helpdesk', version } } })
    const old = await run(['check', 'p.json', '--catalogue', CAT], file('1.4.0'))
    expect([old.code, old.stderr]).toEqual([
      2,
      expect.stringContaining(`catalogue "helpdesk" (from ${CAT}) is version 2.1.0; only 2.x files can be read.`),
    ])
    expect((await run(['check', 'p.json', '--catalogue', CAT], file('2.9.1'))).code).toBe(0)
  })

  it('R37: every command lists --catalogue <file> in its help', async () => {
    for (const name of ['check', 'explain', 'seats', 'queues', 'catalogue', 'diff', 'test'])
      expect((await run([name, '--help'])).stdout, name).toMatch(/^ {6}--catalogue <file> +the product catalogue/m)
  })
})
