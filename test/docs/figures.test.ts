/**
 * Every size, time, rate and ratio that README.md and docs/*.md quote comes from a measured
 * file or from the code, and this test holds it there: bench/results.json (`npm run bench`),
 * bench/size.json (`npm run size`), bench/sync-results.json (`npm run bench:sync`), the
 * budgets of .size-limit.json, the defaults the source declares, and grant sizes worked out
 * here from `createGrant`. For each file, every quoted fragment below must be in the text, and
 * every figure of the text must be one these fragments quote; the two "Measured" tables of
 * docs/storage.md are held the same way by test/bench/storage-figures.test.ts. A new run
 * therefore cannot leave a stale number in a guide, and a number typed by hand fails here.
 */
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { END, renderImportDoc, renderMarkdown, START, times } from '../../bench/_report.js'
import type { Results } from '../../bench/run.js'
import type { SizeResults } from '../../bench/size.js'
import { conversations, createGrant, createPolicy, type User } from '../../src/index.js'
import { filesUnder } from './_extract.js'
import { defaults, figures, seconds } from './_figures.js'

const read = (file: string): string => readFileSync(file, 'utf8')
const fold = (text: string): string => text.replace(/\s+/g, ' ')

const results = JSON.parse(read('bench/results.json')) as Results
const sizes = JSON.parse(read('bench/size.json')) as SizeResults
const sync = JSON.parse(read('bench/sync-results.json')) as {
  propagation: {
    writes: number
    medianMs: number
    p95Ms: number
    worstMs: number
    fromWriteStart: { medianMs: number; worstMs: number }
  }
  setUser: { sequentialPerSecond: number; concurrentPerSecond: number; concurrency: number }
}
const budgets = JSON.parse(read('.size-limit.json')) as { path: string; import: string; limit?: string }[]
/** What scripts/mutation-summary.mjs keeps of a Stryker run. */
interface MutationRun {
  mutate: string[]
  tests: string[]
  files: Record<
    string,
    { mutants: number; killed: number; timedOut: number; survived: number; noCoverage: number; left: string[] }
  >
}
const mutationRuns = {
  before: JSON.parse(read('bench/mutation-queues-before.json')) as MutationRun,
  after: JSON.parse(read('bench/mutation-queues.json')) as MutationRun,
}

function contender(prefix: string): Results['contenders'][number] {
  const found = results.contenders.find((c) => c.name.startsWith(prefix))
  if (found === undefined) throw new Error(`bench/results.json has no ${prefix}`)
  return found
}
function budget(path: string, imported: string): string {
  const found = budgets.find((b) => b.path === path && b.import === imported)?.limit
  if (found === undefined) throw new Error(`.size-limit.json has no budget for ${imported} of ${path}`)
  return found
}
function measuredBytes(path: string, imported: string): number {
  const found = sizes.checks.find((c) => c.path === path && c.import === imported)
  if (found === undefined) throw new Error(`bench/size.json has no ${imported} of ${path}: run npm run size`)
  return found.bytes
}
/** Milliseconds as the sync figures are written: two significant digits below 1 ms, else one decimal. */
const ms = (x: number): string => (x < 1 ? x.toPrecision(2) : x.toFixed(1))
/** A grant's size: its JSON as served, and that JSON gzipped. */
function grantSize(user: User): [number, number] {
  const json = JSON.stringify(createGrant(createPolicy(conversations), user))
  return [json.length, gzipSync(json, { level: 9 }).length]
}

const sg = contender('seatguard')
const casl = contender('CASL')
const floor = contender('plain objects')
const coreBudget = budget('dist/index.js', '{ can }')
const clientBudget = budget('dist/client.js', '*')
const roleEditMs = results.impact?.roleEditMs
const queues = results.queues
const floorPair = results.floorPair
if (roleEditMs === undefined || queues === undefined || floorPair === undefined)
  throw new Error('bench/results.json has no queue, impact or floor-pair figures')

/** A run's score table as docs/testing.md shows it: one row a file, then all; Stryker's score, killed and timed out over all but errors. */
function mutationTable(run: MutationRun): string {
  type Counts = Omit<MutationRun['files'][string], 'left'>
  const row = (name: string, c: Counts): string => {
    const score = ((c.killed + c.timedOut) / (c.killed + c.timedOut + c.survived + c.noCoverage)) * 100
    return `| ${name} | ${score.toFixed(2)} % | ${c.killed} | ${c.timedOut} | ${c.survived} | ${c.noCoverage} |`
  }
  const files = Object.entries(run.files)
  const all = files.reduce(
    (t, [, c]) => ({
      mutants: t.mutants + c.mutants,
      killed: t.killed + c.killed,
      timedOut: t.timedOut + c.timedOut,
      survived: t.survived + c.survived,
      noCoverage: t.noCoverage + c.noCoverage,
    }),
    { mutants: 0, killed: 0, timedOut: 0, survived: 0, noCoverage: 0 },
  )
  return [
    '| File | Score | Killed | Timed out | Survived | Not covered |',
    '| --- | --- | --- | --- | --- | --- |',
    ...files.map(([file, c]) => row(`\`${file}\``, c)),
    row(`all (${all.mutants} mutants)`, all),
  ].join('\n')
}

/** The block `npm run bench` writes into docs/performance.md, as it renders from bench/results.json. */
const benchBlock = renderMarkdown(results)

/** For each doc, what it quotes, each fragment computed from the file or code it comes from. */
const QUOTED: Record<string, () => string[]> = {
  'README.md': () => [
    `by user id through \`createUserIndex\` is ${times(sg.modes.byId.opsPerSec / casl.modes.byId.opsPerSec)} CASL's check`,
    `holds ${sg.heapBytesPerUser.toFixed(0)} bytes per user against CASL's ${casl.heapBytesPerUser.toFixed(0)}.`,
    `\`can\` on plain user objects is ${times(sg.modes.prebuilt.opsPerSec / casl.modes.prebuilt.opsPerSec)} CASL there`,
    `at ${times(sg.modes.prebuilt.opsPerSec / floor.modes.prebuilt.opsPerSec)} of what a check with no library at all reaches`,
    `(${times(floor.modes.prebuilt.opsPerSec / casl.modes.prebuilt.opsPerSec)} CASL)`,
    `and at ${times(floorPair.ratio)} of it when the two are loaded side by side with their samples`,
    `work item through the index cost ${times(queues.itemlessOpsPerSec / queues.itemOpsPerSec)} an item-less check`,
    `takes ${queues.reachIndexNs.toFixed(0)} ns by id`,
    `the queue report over 100,000 users ${queues.queueReportMs.toFixed(0)} ms`,
    `over 100,000 users takes ${roleEditMs.toFixed(0)} ms`,
    `a median ${ms(sync.propagation.medianMs)} ms after the write resolves (worst of ${sync.propagation.writes}: ${ms(sync.propagation.worstMs)} ms; \`npm run bench:sync\`)`,
    `a poll every ${seconds(defaults.pollMs())} (\`pollInterval\`)`,
    `\`seatguard/client\` (under ${clientBudget} min+gz)`,
    `has a size budget of ${coreBudget} min+gz`,
  ],
  'docs/architecture.md': () => [`the browser bundle stays under ${clientBudget}`],
  'docs/decisions.md': () => [`(its budget is ${clientBudget})`, `**The client budget is ${clientBudget}**`],
  'docs/frontend.md': () => {
    const [viewer, viewerGz] = grantSize({ id: 'ben', roles: ['agent'], queues: ['billing'] })
    const [supervisor, supervisorGz] = grantSize({ id: 'bo', roles: ['supervisor'], seat: true })
    const [agent, agentGz] = grantSize({ id: 'ana', roles: ['agent'], seat: true, queues: ['billing', 'sales'] })
    return [
      `(from \`seatguard/client\`, under ${clientBudget} minified and gzipped)`,
      `is ${viewer} bytes of JSON, ${viewerGz} gzipped; a supervisor with a seat is ${supervisor} (${supervisorGz}:`,
      `an agent with a seat in two queues is ${agent} (${agentGz}:`,
      `is **${measuredBytes('dist/client.js', '*')} B** minified and gzipped`,
      `The budget is **${clientBudget}**`,
    ]
  },
  'docs/impact.md': () => [`(${roleEditMs.toFixed(0)} ms for one role edit over 100,000 users in the published run`],
  'docs/performance.md': () => [
    benchBlock,
    // The prose may name what the block shows: its goals, its sample length, its heap figures.
    ...figures(benchBlock),
    `budget **${coreBudget}**`,
  ],
  'docs/testing.md': () => [
    mutationTable(mutationRuns.before),
    mutationTable(mutationRuns.after),
    `--mutate '${mutationRuns.after.mutate.join(',')}'`,
  ],
  'docs/rules.md': () => [`after a deadline (${seconds(defaults.deadlineMs())} unless the store is told otherwise)`],
  'docs/storage.md': () => [
    // The import figures: the block \`npm run bench\` writes between the bench:import markers.
    renderImportDoc(results),
    ...figures(renderImportDoc(results)),
    `(${seconds(defaults.listenRetryFirstMs())}, doubling up to ${seconds(defaults.listenRetryMostMs())})`,
    `every \`pollInterval\` ms (default ${seconds(defaults.pollMs())})`,
    `with the Postgres store's ${seconds(defaults.deadlineMs())} statement deadline`,
    `**Polling every ${seconds(defaults.pollMs())}**`,
    `median / p95 / worst of ${sync.propagation.writes} | ${ms(sync.propagation.medianMs)} / ${ms(sync.propagation.p95Ms)} / ${ms(sync.propagation.worstMs)} ms |`,
    `from the start of A's write — median / worst | ${ms(sync.propagation.fromWriteStart.medianMs)} / ${ms(sync.propagation.fromWriteStart.worstMs)} ms |`,
    `one at a time / ${sync.setUser.concurrency} in flight (one tenant) | ${sync.setUser.sequentialPerSecond} / ${sync.setUser.concurrentPerSecond} |`,
  ],
}

/** The parts of a doc held by another test, left out here. */
function withoutDelegated(file: string, text: string): string {
  if (file !== 'docs/storage.md') return text
  // test/bench/storage-figures.test.ts holds the "### Measured" tables of these two sections.
  let out = text
  for (const heading of ['## Faults, deadlines and many stores on one pool', '## Many tenants in one process']) {
    const from = out.indexOf(heading)
    const start = out.indexOf('### Measured', from)
    const end = out.indexOf('\n## ', start)
    if (from < 0 || start < 0 || end < 0) throw new Error(`docs/storage.md has no "### Measured" under "${heading}"`)
    out = out.slice(0, start) + out.slice(end)
  }
  return out
}

const docs = [
  'README.md',
  ...filesUnder('.', 'docs', (n) => n.endsWith('.md')).filter((f) => !f.startsWith('docs/api')),
]

describe('figures in the docs', () => {
  it.each(docs)('%s quotes only figures that a results file or the code holds', (file) => {
    const text = fold(withoutDelegated(file, read(file)))
    const quoted = (QUOTED[file]?.() ?? []).map(fold)
    const missing = quoted.filter((fragment) => !text.includes(fragment)).map((f) => f.slice(0, 160))
    expect(missing, `${file} should quote these, as the results files and the code give them`).toEqual([])
    const held = new Set(quoted.flatMap(figures))
    const stray = figures(text).filter((f) => !held.has(f))
    expect(stray, `${file} quotes figures that no results file holds`).toEqual([])
  })

  it('docs/performance.md holds the block npm run bench renders from bench/results.json, unchanged', () => {
    const text = read('docs/performance.md')
    const start = text.indexOf(START)
    const end = text.indexOf(END)
    expect(start, 'the bench markers').toBeGreaterThan(0)
    expect(text.slice(start + START.length, end)).toBe(`\n${benchBlock}\n`)
  })

  it('docs/testing.md classifies every mutant the queue and reach runs left alive, at its line', () => {
    const text = read('docs/testing.md')
    const from = text.indexOf('#### Survivors of the queue and reach code')
    const end = text.indexOf('\n#', from + 1)
    expect(from, 'the heading of the table').toBeGreaterThan(0)
    // Each row's first cell names `path:line`, then `:line` for more lines of the same file.
    const classified = new Set<string>()
    for (const line of text
      .slice(from, end)
      .split('\n')
      .filter((l) => l.startsWith('| `'))) {
      let path = ''
      for (const [, ref] of (line.split(' | ')[0] ?? '').matchAll(/`([^`]+)`/g)) {
        const [, file, at] = /^(.*):(\d+)$/.exec(ref ?? '') ?? []
        if (file) path = file
        classified.add(`${path}:${at}`)
      }
    }
    const left = Object.values(mutationRuns).flatMap((run) =>
      Object.entries(run.files).flatMap(([file, f]) => f.left.map((m) => `${file}:${Number.parseInt(m, 10)}`)),
    )
    expect(left.length).toBeGreaterThan(0)
    expect(left.filter((m) => !classified.has(m))).toEqual([])
    // Both runs ran the same code and tests named alike, so a table cannot mix two different runs.
    expect(mutationRuns.after.mutate).toEqual(mutationRuns.before.mutate)
    expect(mutationRuns.after.tests).toEqual(expect.arrayContaining(mutationRuns.before.tests))
  })

  it('no guide refers to an issue of the tracker, which users of the package cannot see', () => {
    const refs = docs.flatMap((file) =>
      [...read(file).matchAll(/\b(issues?\s*#?\d+|the issue\b[^.]*)/gi)].map((m) => `${file}: ${m[0].slice(0, 60)}`),
    )
    expect(refs).toEqual([])
  })

  it('bench/size.json is the measurement of every budget of .size-limit.json, within its budget', () => {
    expect(sizes.checks.map((c) => `${c.path} ${c.import}`)).toEqual(budgets.map((b) => `${b.path} ${b.import}`))
    for (const c of sizes.checks) {
      expect(c.bytes, c.name).toBeGreaterThan(500)
      if (c.limit !== undefined) expect(c.bytes, c.name).toBeLessThanOrEqual(Number.parseFloat(c.limit) * 1000)
    }
  })

  it('the scanner itself: sizes, times, rates, ratios and ranges count; formulas and plain counts do not', () => {
    expect(figures('a median 0.13 ms; 174 / 498 / 415 ns; 1,272.4–1,300.4 ms; 14–25× CASL; 4.07× there')).toEqual([
      '0.13 ms',
      '174 ns',
      '498 ns',
      '415 ns',
      '1,272.4 ms',
      '1,300.4 ms',
      '14×',
      '25×',
      '4.07×',
    ])
    expect(figures('under 1.2 KB min+gz, 1187 B, 568 bytes, 2.20 M/s, 892 k/s, every 5 s, 0.3 µs')).toHaveLength(7)
    expect(figures('2 × pollInterval, 100,000 users, 26 permissions, R15, 2³¹ − 1, 5 seats')).toEqual([])
  })
})
