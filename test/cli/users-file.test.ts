import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type CliIo, nodeIo } from '../../src/cli/_io.js'
import { main } from '../../src/cli/main.js'
import { conversations, createAccessControl, createMemoryStore, type SeatguardError } from '../../src/index.js'
import { AGENT_COPY, policyFile, run } from './_run.js'

interface Finding {
  severity: string
  path: string
  code: string
  rule?: string
  line?: number
  message: string
}
interface Output {
  file: string
  usersFile: string
  errors: number
  warnings: number
  findings: Finding[]
}

const P = 'roles.json'
const U = 'users.jsonl'
const ROLES = policyFile([], [AGENT_COPY])
const lines = (...users: unknown[]): string =>
  users.map((u) => (typeof u === 'string' ? u : JSON.stringify(u))).join('\n')
const check = (users: string, policy: unknown = ROLES, ...more: string[]) =>
  run(['check', P, '--users', U, ...more], { [P]: policy, [U]: users })
const json = async (users: string, policy: unknown = ROLES, ...more: string[]) => {
  const r = await check(users, policy, '--json', ...more)
  return { code: r.code, stderr: r.stderr, out: JSON.parse(r.stdout) as Output }
}

/** `seatguard check p.json --users u.jsonl --json` on a policy without custom roles. */
async function checkUsers(jsonl: string): Promise<{ code: number; findings: Finding[]; stderr: string }> {
  const r = await run(['check', 'p.json', '--users', 'u.jsonl', '--json'], {
    'p.json': policyFile([]),
    'u.jsonl': jsonl,
  })
  const findings = r.stdout === '' ? [] : ((JSON.parse(r.stdout) as { findings: Finding[] }).findings ?? [])
  return { code: r.code, findings, stderr: r.stderr }
}

/** An import into a fresh memory store, as the lines of a users file would be imported. */
const importing = async (users: unknown[]) =>
  (
    await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme', pollInterval: 0 })
  ).importUsers(users as never)

/** The value a promise rejects with; fails the test when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`)
    },
    (e: unknown) => e,
  )
}

describe('R38: seatguard check --users <file.jsonl> checks an import before it runs', () => {
  it('R38: a valid JSON-lines file, blank lines ignored, exits 0 and counts its users', async () => {
    const users = lines(
      { id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] },
      '',
      { id: 'ben', roles: ['agent-lite'], seat: true },
      '   ',
      { id: 'vic', roles: ['viewer'] },
      '',
    )
    expect(await check(users)).toEqual({
      code: 0,
      stdout: `No problems in ${U} (3 users), checked with the roles of ${P} (1 custom role).\n`,
      stderr: '',
    })
  })

  it('R38: bad JSON on line 3 is a finding naming line 3; the lines after it are still checked', async () => {
    const users = lines(
      { id: 'ana', roles: ['agent'], seat: true },
      { id: 'ben', roles: ['viewer'] },
      '{ "id": "cy", "roles": ["agent"], }',
      { id: 'dee', roles: ['supervisor', 'agent-lite'], seat: true },
    )
    const { code, out } = await json(users)
    expect(code).toBe(1)
    expect(out).toMatchObject({ file: P, usersFile: U, errors: 2, warnings: 0 })
    expect(out.findings.map((f) => [f.path, f.line, f.code])).toEqual([
      ['line 3', 3, 'data/invalid'],
      ['line 4.roles', 4, 'assignment/exclusive-roles'],
    ])
    expect(out.findings[0]?.message).toBe(
      'Not a JSON value: Expected double-quoted property name (column 35); each line holds one user object.',
    )
  })

  it('R13, R38: a user with an unknown role is an error at line N.roles[j], with a suggestion and no seat advice', async () => {
    const { code, out } = await json(
      lines({ id: 'ok', roles: ['viewer'] }, { id: 'ana', roles: ['agnet'], seat: true }),
    )
    expect(code).toBe(1)
    expect(out.findings).toEqual([
      {
        severity: 'error',
        path: 'line 2.roles[0]',
        code: 'assignment/unknown-role',
        rule: 'R13',
        line: 2,
        message: 'User "ana" holds role "agnet" that the policy does not define; did you mean "agent"?',
      },
    ])
  })

  it('R3, R13: a user holding a role the policy file defines badly gets the error of finding 2', async () => {
    const policy = policyFile([], [{ id: 'Junior Agent', name: 'Junior', permissions: [] }])
    const { out } = await json(lines({ id: 'lee', roles: ['Junior Agent'], seat: true }), policy)
    expect(out.findings.map((f) => [f.path, f.code])).toEqual([
      ['roles[0].id', 'role/invalid-id'],
      ['line 1.roles[0]', 'assignment/unknown-role'],
    ])
  })

  it('R6, R10: warnings are as for the users of a policy file, and exit 0', async () => {
    const { code, out } = await json(
      lines({ id: 'eva', roles: ['agent'] }, { id: 'finn', roles: ['viewer'], seat: true }),
    )
    expect(code).toBe(0)
    expect(out.findings.map((f) => [f.path, f.code])).toEqual([
      ['line 1.seat', 'seat/missing'],
      ['line 2.seat', 'seat/unused'],
    ])
  })

  it('R38: malformed users, unknown keys and a repeated id are errors at their line; ids repeat across lines', async () => {
    const users = lines(
      { id: 'ana', roles: ['agent'], seat: true },
      { id: 'bo', roles: ['viewer'], seats: true },
      '[1, 2]',
      '42',
      { id: 'ana', roles: ['viewer'] },
      { id: '', roles: 'agent' },
    )
    const { out } = await json(users)
    expect(out.findings.map((f) => [f.path, f.line])).toEqual([
      ['line 2.seats', 2],
      ['line 3', 3],
      ['line 4', 4],
      ['line 5.id', 5],
      ['line 6.id', 6],
      ['line 6.roles', 6],
    ])
    expect(out.findings[0]?.message).toContain('did you mean "seat"?')
    expect(out.findings[3]?.message).toBe('User id "ana" appears twice (also at line 1); user ids must be unique.')
  })

  it('R38: line numbers count every line (blank ones too); CRLF endings and a byte order mark are read', async () => {
    const users = `\uFEFF${JSON.stringify({ id: 'a', roles: ['viewer'] })}\r\n\r\n\r\n{"id": "b", "roles": ["agnet"]}\r\n`
    const { out } = await json(users)
    expect(out.findings.map((f) => [f.path, f.line])).toEqual([['line 4.roles[0]', 4]])
  })

  it("R38: --users replaces the policy file's own users, and says so", async () => {
    const policy = policyFile(
      [
        { id: 'x', roles: ['agent', 'supervisor'] },
        { id: 'y', roles: 'broken' },
      ],
      [AGENT_COPY],
    )
    const r = await check(lines({ id: 'ana', roles: ['agent'], seat: true }), policy)
    expect(r).toEqual({
      code: 0,
      stdout: `No problems in ${U} (1 user), checked with the roles of ${P} (1 custom role; its own 2 users are not checked: --users replaces them).\n`,
      stderr: '',
    })
  })

  it('R38: the table names both files in its summary line', async () => {
    const r = await check(lines({ id: 'ana', roles: ['agent', 'supervisor'], seat: true }))
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^error +line 1\.roles +R8 +assignment\/exclusive-roles +User "ana"/m)
    expect(
      r.stdout.endsWith(`1 error, 0 warnings in ${U} (1 user), checked with the roles of ${P} (1 custom role).\n`),
    ).toBe(true)
  })

  it('R37, R38: works with --catalogue <file>: roles, pairs and suggestions come from the catalogue file', async () => {
    const r = await run(
      [
        'check',
        'examples/helpdesk-policy.json',
        '--catalogue',
        'examples/helpdesk.catalogue.json',
        '--users',
        U,
        '--json',
      ],
      {
        [U]: lines(
          { id: 'ana', roles: ['agent-no-close'], seat: true },
          { id: 'bo', roles: ['agent', 'lead'], seat: true },
          { id: 'cy', roles: ['readr'] },
        ),
      },
    )
    const out = JSON.parse(r.stdout) as Output
    expect(r.code).toBe(1)
    expect(out.findings.map((f) => [f.path, f.code])).toEqual([
      ['line 2.roles', 'assignment/exclusive-roles'],
      ['line 3.roles[0]', 'assignment/unknown-role'],
    ])
    expect(out.findings[1]?.message).toContain('did you mean "reader"?')
  })

  it('R38: an empty users file has no users and no problems', async () => {
    expect((await check('')).stdout).toBe(
      `No problems in ${U} (0 users), checked with the roles of ${P} (1 custom role).\n`,
    )
  })
})

describe('R38: seatguard check --users checks what importUsers takes', () => {
  it('R38: a line with "expectedVersion" (a field of BatchUserInput that importUsers takes) is not an error', async () => {
    const line = JSON.stringify({ id: 'ana', roles: ['viewer'], expectedVersion: 0 })
    const totals = await importing([JSON.parse(line)])
    expect(totals).toEqual({ written: 1, unchanged: 0, batches: 1 }) // the import takes the line as is
    const checked = await checkUsers(line)
    expect(checked.findings).toEqual([]) // got: data/invalid 'Unknown key "expectedVersion"' at line 1
    expect(checked.code).toBe(0)
  })

  it('R38/R16: "expectedVersion" is read as the import reads it, and a stored "version" is refused as the import refuses it', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ id: 'ana', roles: ['viewer'], expectedVersion: -1 }, 'line 1.expectedVersion'],
      [{ id: 'ana', roles: ['viewer'], expectedVersion: '3' }, 'line 1.expectedVersion'],
      [{ id: 'ana', roles: ['viewer'], version: 2 }, 'line 1.version'],
      [{ id: 'ana', roles: ['viewer'], version: 2, expectedVersion: 2 }, 'line 1.version'],
    ]
    for (const [user, path] of cases) {
      const refused = (await rejection(importing([user]))) as SeatguardError
      const problem = refused.problems[0]?.message.replace('importUsers: users[0] ("ana"): ', '')
      const checked = await checkUsers(JSON.stringify(user))
      expect(checked.code, path).toBe(1)
      expect(checked.findings).toEqual([expect.objectContaining({ path, code: 'data/invalid', message: problem })])
    }
    // A policy file's users are only checked: a version there is still accepted and ignored.
    const policy = await run(['check', 'p.json', '--json'], {
      'p.json': policyFile([{ id: 'ana', roles: ['viewer'], version: 2 }]),
    })
    expect(policy.code).toBe(0)
  })

  it('R38/R29: a line whose id importUsers refuses (over 256 characters, a NUL, a lone surrogate) is an error', async () => {
    for (const id of ['x'.repeat(300), 'a\u0000b', 'a\ud800b']) {
      const line = JSON.stringify({ id, roles: ['viewer'] })
      const refused = await rejection(importing([JSON.parse(line)]))
      expect((refused as SeatguardError).code).toBe('data/invalid')
      const checked = await checkUsers(line)
      expect(checked.code, `id of ${id.length} characters`).toBe(1) // got 0: "No problems"
      expect(checked.findings.map((f) => f.path)).toEqual(['line 1.id'])
    }
  })

  it('R38: a deeply nested line (2 MB) is a finding at its line, not an internal error; the next line is still checked', async () => {
    const depth = 1_000_000
    const deep = `{"id":"a","roles":${'['.repeat(depth)}${']'.repeat(depth)}}`
    const checked = await checkUsers(`${deep}\n${JSON.stringify({ id: 'b', roles: ['ghost'] })}\n`)
    expect(checked.stderr).not.toMatch(/internal error/) // got: RangeError from JSON.stringify in brief()
    expect(checked.code).toBe(1)
    expect(checked.findings.map((f) => f.line)).toEqual([1, 2])
    expect(checked.findings[0]).toMatchObject({
      path: 'line 1.roles[0]',
      message: 'A role id must be a string, got an array of 1 item, nested too deeply to show.',
    })
  })
})

describe('R38: --users refusals (exit 2, nothing on stdout)', () => {
  it('R38: a users file that cannot be read says why', async () => {
    expect(await run(['check', 'examples/policy-clean.json', '--users', 'no-such.jsonl'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'seatguard: no-such.jsonl: cannot read the users file: no such file (ENOENT).\n',
    })
    const dir = await run(['check', 'examples/policy-clean.json', '--users', 'test/cli'])
    expect(dir).toMatchObject({ code: 2, stdout: '' })
    expect(dir.stderr).toContain('test/cli: cannot read the users file: it is a directory, not a file (EISDIR).')
  })

  it('R38: standard input cannot hold both files, and --users needs a path', async () => {
    expect(await run(['check', '-', '--users', '-'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'seatguard: check: the policy file and --users cannot both be read from standard input ("-"); give one of them as a path.\n',
    })
    expect((await run(['check', P, '--users', ''], { [P]: ROLES })).stderr).toBe(
      'seatguard: --users needs a path to a JSON-lines users file.\n',
    )
  })

  it('R38: a bad policy file is still an input error, before the users file is read', async () => {
    const r = await run(['check', P, '--users', 'no-such.jsonl'], { [P]: '{' })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${P}:1:2: invalid JSON`)
  })
})

describe('R38: a 100,000-line users file is streamed, never read whole', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seatguard-cli-users-'))
  const file = join(dir, 'users.jsonl')
  const COUNT = 100_000
  const roles = ['agent', 'viewer', 'agent-lite', 'supervisor']
  const body: string[] = []
  for (let i = 1; i <= COUNT; i++) {
    if (i === 3) body.push('{"id": "broken", ')
    else if (i === 50_000) body.push(JSON.stringify({ id: `u${i}`, roles: ['agnet'], seat: true }))
    else if (i === COUNT) body.push(JSON.stringify({ id: `u${i}`, roles: ['supervisor', 'agent-lite'], seat: true }))
    else body.push(JSON.stringify({ id: `u${i}`, roles: [roles[i % 4]], seat: i % 4 !== 1, queues: ['billing'] }))
  }
  writeFileSync(file, `${body.join('\n')}\n`)
  body.length = 0
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('R38: every line is pulled through readLines (never readFile) and the planted problems are found at their lines', async () => {
    let stdout = ''
    let pulled = 0
    const io: CliIo = {
      stdout: (text) => {
        stdout += text
      },
      stderr: (text) => {
        throw new Error(`unexpected stderr: ${text}`)
      },
      readFile: (path) => {
        if (path === file) throw new Error('the users file was read whole')
        return JSON.stringify(policyFile([], [AGENT_COPY]))
      },
      readLines: async function* (path) {
        for await (const line of nodeIo.readLines(path)) {
          pulled++
          yield line
        }
      },
    }
    const code = await main(['check', 'roles.json', '--users', file, '--json'], io)
    const out = JSON.parse(stdout) as Output
    expect(code).toBe(1)
    expect(pulled).toBe(COUNT)
    expect(out.findings.map((f) => [f.path, f.code])).toEqual([
      ['line 3', 'data/invalid'],
      ['line 50000.roles[0]', 'assignment/unknown-role'],
      ['line 100000.roles', 'assignment/exclusive-roles'],
    ])
  }, 60_000)

  it('R38: memory: the live heap grows by about a user id per line, not by the lines (a child process with --expose-gc)', () => {
    // 100,000 generated lines of ~580 bytes; the probe collects garbage at line 10,000 and at the end.
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/cli/fixtures/heap-probe.ts'], {
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(r.stderr).toBe('')
    const probe = JSON.parse(r.stdout) as { code: number; stdout: string; growth: number; streamed: number }
    expect(probe.code).toBe(0)
    expect(probe.stdout).toContain('(100000 users)')
    const lines = 90_000
    expect(probe.streamed / lines).toBeGreaterThan(500)
    // Kept: each user id and where it was, to refuse a repeat (about 100 B). A reader holding lines or users: > 500 B.
    expect(probe.growth / lines).toBeLessThan(200)
  }, 120_000)
})
