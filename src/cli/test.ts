import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Decision } from '../model/decision.js'
import type { Policy } from '../policy/types.js'
import { type CommandSpec, commandHelp, parseCommandArgs } from './_args.js'
import { CATALOGUE_OPTION, readCatalogueOption } from './_catalogue.js'
import { plural } from './_findings.js'
import { CliError, type CliIo, EXIT } from './_io.js'
import { type JunitCase, junit } from './_junit.js'
import { printable } from './_table.js'
import { loadTestFile, type TestCase, type TestFile } from './_test-file.js'
import { findingsOf } from './check.js'

export const testSpec: CommandSpec = {
  name: 'test',
  positionals: ['file'],
  options: {
    junit: { type: 'string', value: '<path>', description: 'also write the results as JUnit XML to <path>, for CI' },
    'allow-findings': {
      type: 'boolean',
      description: 'do not fail the run on problems "seatguard check" finds in the policy (they are still listed)',
    },
    catalogue: CATALOGUE_OPTION,
  },
  summary: 'run example-based policy tests: cases, seat-report and queue-report expectations',
  description: [
    'Reads a test file (JSON): "policy" (a policy file\'s content, or a path to one, relative to the',
    'test file), "cases" ({ name?, user: <user id> | <user object>, permission, item?, expect }, where',
    'expect is true, false or the reason the decision gives), and optionally "seats" ({ totals?, rows? }',
    'as in the seat report) and "queues" ({ <queue>: { agents?, viewers?, inert? } } as user ids). Each',
    "failure is printed with what was expected, what came out and the decision's message (R32).",
    'Problems "seatguard check" finds in the policy fail the run too, unless --allow-findings.',
    'The policy is read against the catalogue (--catalogue), as the other commands read it.',
  ],
  exitCodes: [
    '0  every case and expectation passed',
    '1  at least one failed',
    '2  usage error, unreadable or invalid test file or policy, unknown user or permission id',
  ],
  examples: [
    'seatguard test examples/policy.test.json',
    'seatguard test policy.test.json --junit reports/seatguard.xml',
    'seatguard test desk.test.json --catalogue helpdesk.catalogue.json',
  ],
}

type Result = JunitCase

const verdict = (d: Decision): string => `${d.allowed ? 'allowed' : 'denied'} (${d.reason})`
const wanted = (expect: TestCase['expect']): string =>
  expect === true
    ? 'allowed'
    : expect === false
      ? 'denied'
      : `${expect === 'granted' ? 'allowed' : 'denied'} (${expect})`

function caseResult(policy: Policy, c: TestCase): Result {
  const d = policy.explain(c.user, c.permission, c.item)
  const passed = typeof c.expect === 'boolean' ? d.allowed === c.expect : d.reason === c.expect
  if (passed) return { name: c.name, group: 'cases' }
  const item = c.item === undefined ? [] : [`item:       ${JSON.stringify(c.item)}`]
  const roles = c.user.roles.length > 0 ? c.user.roles.join(', ') : 'none'
  return {
    name: c.name,
    group: 'cases',
    failure: {
      message: `expected ${wanted(c.expect)}, got ${verdict(d)}`,
      details: [
        `user:       ${c.user.id} (roles: ${roles}; seat: ${c.user.seat === true ? 'yes' : 'no'})`,
        `permission: ${c.permission}`,
        ...item,
        `expected:   ${wanted(c.expect)}`,
        `got:        ${verdict(d)}`,
        `message:    ${d.message}`,
      ],
    },
  }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

function expectation(group: string, name: string, expected: unknown, got: unknown): Result {
  if (same(expected, got)) return { name, group }
  const show = (v: unknown): string => JSON.stringify(v) ?? 'nothing'
  return {
    name,
    group,
    failure: {
      message: `expected ${show(expected)}, got ${show(got)}`,
      details: [`expected:   ${show(expected)}`, `got:        ${show(got)}`],
    },
  }
}

function seatResults(t: TestFile): Result[] {
  if (t.seats === undefined) return []
  const report = t.loaded.policy.seatReport(t.loaded.users.map((u) => u.user))
  const out: Result[] = []
  for (const [key, value] of Object.entries(t.seats.totals ?? {}))
    out.push(
      expectation(
        'seat report',
        `seats: totals.${key}`,
        value,
        (report.totals as unknown as Record<string, unknown>)[key],
      ),
    )
  for (const [id, row] of Object.entries(t.seats.rows ?? {})) {
    const got = report.rows.find((r) => r.userId === id) as unknown as Record<string, unknown> | undefined
    if (got === undefined) throw new CliError(`${t.file}: seats.rows: no user ${JSON.stringify(id)} in the policy.`)
    for (const [key, value] of Object.entries(row))
      out.push(expectation('seat report', `seats: ${id} ${key}`, value, got[key]))
  }
  return out
}

function queueResults(t: TestFile): Result[] {
  if (t.queues === undefined) return []
  const report = t.loaded.policy.queueReport(t.loaded.users.map((u) => u.user))
  const out: Result[] = []
  for (const [queue, members] of Object.entries(t.queues)) {
    const q = report.queues.find((x) => x.queue === queue)
    for (const [kind, ids] of Object.entries(members)) {
      const got = (q?.[kind as 'agents' | 'viewers' | 'inert'] ?? []).map((m) => m.userId).sort()
      out.push(expectation('queue report', `queues: ${queue} ${kind}`, [...ids].sort(), got))
    }
  }
  return out
}

function checkResult(t: TestFile, allow: boolean): Result {
  const findings = findingsOf(t.loaded)
  const name = 'check: the policy has no problems'
  if (findings.length === 0) return { name, group: 'check' }
  const details = findings.map((f) => `${f.severity} ${f.path}: ${f.code}: ${f.message}`)
  // Allowed, the findings are still shown: the cases may run on a policy the file did not mean.
  if (allow) return { name: `check: ${plural(findings.length, 'problem')} allowed`, group: 'check', notes: details }
  return {
    name,
    group: 'check',
    failure: {
      message: `"seatguard check" finds ${plural(findings.length, 'problem')} (run with --allow-findings to accept them)`,
      details,
    },
  }
}

/** `seatguard test <file> [--junit <path>] [--allow-findings]` */
export function test(args: readonly string[], io: CliIo): number {
  const parsed = parseCommandArgs(testSpec, args)
  if (parsed === 'help') {
    io.stdout(commandHelp(testSpec))
    return EXIT.ok
  }
  const junitPath = parsed.values.junit
  if (junitPath === '') throw new CliError('test: --junit needs a path.')
  const t = loadTestFile(io, parsed.positionals[0] ?? '', readCatalogueOption(io, parsed.values.catalogue))
  const results: Result[] = [
    checkResult(t, parsed.values['allow-findings'] === true),
    ...t.cases.map((c) => caseResult(t.loaded.policy, c)),
    ...seatResults(t),
    ...queueResults(t),
  ]
  const lines = results.flatMap((r) =>
    r.failure === undefined
      ? [`ok    ${printable(r.name)}`, ...(r.notes ?? []).map((d) => `        ${printable(d)}`)]
      : [
          `FAIL  ${printable(r.name)}: ${printable(r.failure.message)}`,
          ...r.failure.details.map((d) => `        ${printable(d)}`),
        ],
  )
  const failed = results.filter((r) => r.failure !== undefined).length
  const summary = `${plural(results.length, 'test')} in ${t.file}: ${results.length - failed} passed, ${failed} failed.`
  io.stdout(`${lines.join('\n')}\n${summary}\n`)
  if (typeof junitPath === 'string') {
    try {
      mkdirSync(dirname(junitPath), { recursive: true })
      writeFileSync(junitPath, junit(t.file, results))
    } catch (err) {
      const code = (err as { code?: unknown }).code
      throw new CliError(`--junit: cannot write ${junitPath}${typeof code === 'string' ? ` (${code})` : ''}.`)
    }
  }
  return failed > 0 ? EXIT.problems : EXIT.ok
}
