/**
 * `npm run bench`: seatguard against CASL, casbin and accesscontrol on one scenario
 * (bench/_scenario.ts), in one process. Writes bench/results.json and bench/results.md and
 * puts the table into docs/performance.md between its markers.
 *
 * Options: --processes N (default 3: fresh processes, medians of their medians),
 * --samples N (default 7), --sample-ms N (default 250), --only name[,name]
 * (those libraries only; implies --no-write), --hot N (draw the checks from the first N users only, so they stay in the CPU caches;
 * implies --no-write), --no-hot (skip the cache-resident comparison), --no-size (skip the
 * bundle sizes), --no-write (print only).
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, platform, release, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import type { Contender, Modes } from './_contender.js'
import { type ImpactResults, measureImpact } from './_impact.js'
import { type ImportResults, measureImport } from './_import.js'
import { calibrate, heapNow, measure, median, now, type Timing } from './_measure.js'
import { merge } from './_merge.js'
import { measureQueues, type QueueResults } from './_queues.js'
import { IMPORT_END, IMPORT_START, renderImportDoc, renderMarkdown, spliceInto } from './_report.js'
import { buildScenario, expectedSeatTotals, type Scenario, SIZES } from './_scenario.js'
import { type BundleSize, measureSizes } from './_size.js'
import { accesscontrol } from './contenders/accesscontrol.js'
import { bitset } from './contenders/bitset.js'
import { casbin } from './contenders/casbin.js'
import { casl } from './contenders/casl.js'
import { floor } from './contenders/floor.js'
import { benchPolicy, seatguard } from './contenders/seatguard.js'

const MODES = ['prebuilt', 'byId', 'fresh'] as const
export type Mode = (typeof MODES)[number]

export interface ContenderResult {
  readonly name: string
  readonly version: string
  readonly seatRule: string
  readonly loadMs: number
  /** Heap retained per user by what the library loaded (user objects themselves excluded). */
  readonly heapBytesPerUser: number
  readonly modes: Readonly<Record<Mode, Timing>>
}

/** What one process measures. */
export interface Measured {
  readonly scenario: Readonly<Record<string, number>>
  readonly contenders: readonly ContenderResult[]
  readonly seatReport: { readonly users: number; readonly medianMs: number; readonly samplesMs: readonly number[] }
  /** Checks on work items, reach and the queue report (seatguard only; verified against the rules). */
  readonly queues?: QueueResults
  /** The impact of one role edit over every user (seatguard only; verified against the rules). */
  readonly impact?: ImpactResults
  /** seatguard's and the floor's `can` on prebuilt objects again, their samples alternating: the ratio the 0.8× target reads. */
  readonly floorPair?: FloorPair
  /** 100,000 users through `importUsers` into the memory store and the real server (R38; verified). */
  readonly importUsers?: ImportResults
  /** `can` on prebuilt objects again, with the checks drawn from the first few users only (cache-resident). */
  readonly hot?: {
    readonly checkedUsers: number
    readonly prebuilt: readonly { readonly name: string; readonly opsPerSec: number }[]
  }
}

export interface FloorPair {
  readonly seatguardOpsPerSec: number
  readonly floorOpsPerSec: number
  /** The median of the per-round ratios (seatguard / floor). */
  readonly ratio: number
}

export interface Results extends Measured {
  readonly date: string
  readonly machine: Readonly<Record<string, string | number>>
  readonly options: { readonly samples: number; readonly sampleMs: number; readonly processes: number }
  readonly sizes: readonly BundleSize[]
  readonly totalSeconds: number
}

const { values: args } = parseArgs({
  options: {
    samples: { type: 'string', default: '7' },
    processes: { type: 'string', default: '3' },
    child: { type: 'boolean', default: false },
    'sample-ms': { type: 'string', default: '250' },
    only: { type: 'string' },
    hot: { type: 'string' },
    'no-size': { type: 'boolean', default: false },
    'no-hot': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
})
const options = { samples: Number(args.samples), sampleMs: Number(args['sample-ms']) }
const only = args.only?.split(',')
const log = (line: string): void => void process.stderr.write(`${line}\n`)

const versionOf = (pkg: string): string =>
  (JSON.parse(readFileSync(`node_modules/${pkg}/package.json`, 'utf8')) as { version: string }).version
const seatguardVersion = (): string => {
  const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
    return `${version} (${commit})`
  } catch {
    return version
  }
}

async function runContender(contender: Contender, scenario: Scenario): Promise<ContenderResult> {
  const before = heapNow()
  const t0 = now()
  const modes: Modes = await contender.load(scenario)
  const loadMs = now() - t0
  const heapBytesPerUser = (heapNow() - before) / SIZES.users
  log(`${contender.name}: loaded in ${loadMs.toFixed(0)} ms, ${heapBytesPerUser.toFixed(0)} B/user`)
  const timings = {} as Record<Mode, Timing>
  for (const mode of MODES) {
    timings[mode] = measure(`${contender.name} ${mode}`, modes[mode], scenario.allowedBefore, options)
    log(
      `  ${mode}: ${(timings[mode].opsPerSec / 1e6).toFixed(3)} M checks/s (${timings[mode].checks} checks x ${timings[mode].runs})`,
    )
  }
  return {
    name: contender.name,
    version:
      contender.pkg === undefined ? (contender === seatguard ? seatguardVersion() : '-') : versionOf(contender.pkg),
    seatRule: contender.seatRule,
    loadMs,
    heapBytesPerUser,
    modes: timings,
  }
}

/** The prebuilt mode only, for the cache-resident comparison. */
async function prebuiltOnly(contender: Contender, scenario: Scenario): Promise<{ name: string; opsPerSec: number }> {
  const modes = await contender.load(scenario)
  return {
    name: contender.name,
    opsPerSec: measure(`${contender.name} prebuilt (hot)`, modes.prebuilt, scenario.allowedBefore, options).opsPerSec,
  }
}

/**
 * seatguard and the floor on prebuilt objects, loaded side by side (both keep little per user)
 * and sampled in turn, so a change in a shared machine's load between the two libraries' own
 * runs cannot move the ratio of one to the other.
 */
async function floorPair(scenario: Scenario): Promise<FloorPair> {
  const [sg, fl] = [await seatguard.load(scenario), await floor.load(scenario)]
  const a = calibrate('seatguard prebuilt (paired)', sg.prebuilt, scenario.allowedBefore, options.sampleMs)
  const b = calibrate('floor prebuilt (paired)', fl.prebuilt, scenario.allowedBefore, options.sampleMs)
  const [x, y]: [number[], number[]] = [[], []]
  for (let k = 0; k < options.samples; k++) {
    x.push(a.sample())
    y.push(b.sample())
  }
  return { seatguardOpsPerSec: median(x), floorOpsPerSec: median(y), ratio: median(x.map((v, k) => v / y[k]!)) }
}

/** Everything timed, in this process: the libraries one after the other, seatReport, the cache-resident comparison. */
async function measureHere(): Promise<Measured> {
  const scenario = buildScenario(undefined, args.hot === undefined ? SIZES.users : Number(args.hot))
  log(
    `scenario: ${scenario.permissions.length} permissions, ${scenario.defaultRoles.length}+${scenario.customRoles.length} roles, ${SIZES.users} users, ${SIZES.checks} checks (${scenario.allowedBefore[SIZES.checks]} allowed)`,
  )

  const contenders: Contender[] = [seatguard, floor, bitset, casl, casbin, accesscontrol].filter(
    (c) => !only || only.some((o) => c.name.startsWith(o)),
  )
  const results: ContenderResult[] = []
  // One library at a time, each in its own call, so what it loaded is garbage before the next one loads.
  for (const contender of contenders) results.push(await runContender(contender, scenario))

  // seatReport over every user, verified against totals computed from the scenario alone.
  const policy = benchPolicy(scenario)
  const expected = JSON.stringify(expectedSeatTotals(scenario))
  const reportMs: number[] = []
  for (let i = 0; i <= options.samples; i++) {
    const t0 = now()
    const report = policy.seatReport(scenario.users)
    const ms = now() - t0
    if (JSON.stringify(report.totals) !== expected)
      throw new Error(`seatReport totals ${JSON.stringify(report.totals)}, expected ${expected}`)
    if (i > 0) reportMs.push(ms) // the first run warms up
  }
  log(`seatReport: ${median(reportMs).toFixed(1)} ms for ${SIZES.users} users`)

  const queues = only === undefined ? measureQueues(options) : undefined
  if (queues !== undefined) {
    log(
      `queues: index can ${(queues.itemlessOpsPerSec / 1e6).toFixed(2)} M/s, on an item ${(queues.itemOpsPerSec / 1e6).toFixed(2)} M/s; reach (20 queues) ${queues.reachIndexNs.toFixed(0)} ns by id, ${queues.reachPolicyNs.toFixed(0)} ns on the object; queueReport ${queues.queueReportMs.toFixed(0)} ms`,
    )
  }

  const impact = only === undefined ? measureImpact(options) : undefined
  if (impact !== undefined) {
    log(
      `impact: one role edit over ${impact.users} users (${impact.rows} lose a permission) ${impact.roleEditMs.toFixed(1)} ms`,
    )
  }

  const pair = contenders.includes(seatguard) && contenders.includes(floor) ? await floorPair(scenario) : undefined
  if (pair !== undefined) log(`seatguard vs the floor, samples alternating: ${pair.ratio.toFixed(2)}x`)

  const importUsers = only === undefined ? await measureImport(options) : undefined
  if (importUsers !== undefined) {
    const pgLine =
      importUsers.postgres === null
        ? `postgres skipped (${importUsers.postgresSkipped ?? 'no server'})`
        : `postgres ${importUsers.postgres.ms.toFixed(0)} ms, service heap ${(importUsers.postgres.serviceHeapBytes / 1e6).toFixed(1)} MB, ${importUsers.postgres.statementsPerBatch.toFixed(1)} statements per batch`
    log(
      `importUsers: ${importUsers.users} users in batches of ${importUsers.batchSize}: memory ${importUsers.memory.ms.toFixed(0)} ms (heap ${(importUsers.memory.heapBytes / 1e6).toFixed(1)} MB), ${pgLine}`,
    )
  }

  let hot: Results['hot']
  if (!args['no-hot'] && args.hot === undefined) {
    const checkedUsers = 1000
    const hotScenario = buildScenario(undefined, checkedUsers)
    const prebuilt = []
    for (const contender of contenders.filter((c) => c === seatguard || c === floor || c === bitset || c === casl))
      prebuilt.push(await prebuiltOnly(contender, hotScenario))
    hot = { checkedUsers, prebuilt }
    log(
      `hot (${checkedUsers} users): ${prebuilt.map((p) => `${p.name} ${(p.opsPerSec / 1e6).toFixed(2)} M/s`).join(', ')}`,
    )
  }

  return {
    scenario: {
      seed: scenario.seed,
      permissions: scenario.permissions.length,
      defaultRoles: scenario.defaultRoles.length,
      customRoles: scenario.customRoles.length,
      users: SIZES.users,
      checkedUsers: scenario.checkedUsers,
      usersWithSeat: scenario.users.filter((u) => u.seat).length,
      checks: SIZES.checks,
      allowed: scenario.allowedBefore[SIZES.checks] ?? 0,
    },
    contenders: results,
    seatReport: { users: SIZES.users, medianMs: median(reportMs), samplesMs: reportMs },
    ...(queues === undefined ? {} : { queues }),
    ...(impact === undefined ? {} : { impact }),
    ...(pair === undefined ? {} : { floorPair: pair }),
    ...(importUsers === undefined ? {} : { importUsers }),
    ...(hot === undefined ? {} : { hot }),
  }
}

/** Runs measureHere in fresh processes, one after the other: each gets its own heap layout. */
function measureInProcesses(count: number): Measured[] {
  const forwarded = process.argv.slice(2).filter((a) => !a.startsWith('--processes'))
  return Array.from({ length: count }, (_, i) => {
    log(`process ${i + 1} of ${count}`)
    const out = execFileSync(
      process.execPath,
      [...process.execArgv, process.argv[1] as string, ...forwarded, '--child'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 64 * 1024 * 1024,
      },
    )
    return JSON.parse(out) as Measured
  })
}

async function main(): Promise<void> {
  if (args.child) {
    process.stdout.write(JSON.stringify(await measureHere()))
    return
  }
  const started = now()
  const load = loadavg()
  log(`load average ${load.map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`)
  const processes = Math.max(1, Number(args.processes))
  const measured = processes === 1 ? await measureHere() : merge(measureInProcesses(processes))
  const sizes = args['no-size'] ? [] : measureSizes()
  const results_: Results = {
    ...measured,
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGB: Math.round(totalmem() / 2 ** 30),
      os: `${platform()} ${release()}`,
      node: process.version,
      v8: process.versions.v8,
      loadAverageAtStart: load.map((l) => l.toFixed(2)).join(' '),
    },
    options: { ...options, processes },
    sizes,
    totalSeconds: (now() - started) / 1000,
  }
  const markdown = renderMarkdown(results_)
  process.stdout.write(`${markdown}\n`)
  // Only a full run replaces the published results.
  if (!args['no-write'] && args.hot === undefined && only === undefined) {
    writeFileSync('bench/results.json', `${JSON.stringify(results_, null, 2)}\n`)
    writeFileSync('bench/results.md', `${markdown}\n`)
    spliceInto('docs/performance.md', markdown)
    spliceInto('docs/storage.md', renderImportDoc(results_), IMPORT_START, IMPORT_END)
    log(
      'wrote bench/results.json, bench/results.md, the table in docs/performance.md and the import figures in docs/storage.md',
    )
  }
  log(`total ${results_.totalSeconds.toFixed(0)} s`)
}

await main()
