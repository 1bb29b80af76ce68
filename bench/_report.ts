import { readFileSync, writeFileSync } from 'node:fs'
import type { Mode, Results } from './run.js'

export const START = '<!-- bench:start (written by npm run bench; do not edit by hand) -->'
export const END = '<!-- bench:end -->'

const rate = (opsPerSec: number): string =>
  opsPerSec >= 1e6
    ? `${(opsPerSec / 1e6).toFixed(opsPerSec >= 1e7 ? 1 : 2)} M/s`
    : `${(opsPerSec / 1e3).toFixed(opsPerSec >= 1e4 ? 0 : 1)} k/s`
export const times = (ratio: number): string =>
  `${ratio >= 100 ? ratio.toFixed(0) : ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`
const kb = (bytes: number | null): string => (bytes === null ? 'n/a' : `${(bytes / 1000).toFixed(2)} KB`)
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`
const seconds = (ms: number): string => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`)

/** The results as markdown: checks per second with seatguard's ratio, load cost, seatReport, bundle sizes. */
export function renderMarkdown(r: Results): string {
  const sg = r.contenders.find((c) => c.name === 'seatguard')
  const cell = (name: string, mode: Mode, opsPerSec: number): string => {
    if (sg === undefined || name === 'seatguard') return `**${rate(opsPerSec)}**`
    return `${rate(opsPerSec)} (${times(sg.modes[mode].opsPerSec / opsPerSec)})`
  }
  const m = r.machine
  const lines = [
    `Measured ${r.date.slice(0, 16).replace('T', ' ')} UTC on ${m.cores} × ${m.cpu}, ${m.memoryGB} GB, ${m.os}, Node ${m.node} (V8 ${m.v8}); load average at start ${m.loadAverageAtStart}. ` +
      `${r.options.processes > 1 ? `${r.options.processes} processes one after the other, each taking ${r.options.samples} samples of about ${r.options.sampleMs} ms per figure; each figure is the median of the processes' medians` : `Medians of ${r.options.samples} samples of about ${r.options.sampleMs} ms each`}; whole run ${r.totalSeconds.toFixed(0)} s.`,
    '',
    `Scenario: ${r.scenario.permissions} permissions, ${r.scenario.defaultRoles} default + ${r.scenario.customRoles} custom roles, ` +
      `${r.scenario.users} users (${r.scenario.usersWithSeat} with a seat), ${r.scenario.checks} random checks` +
      `${r.scenario.checkedUsers === r.scenario.users ? '' : ` on the first ${r.scenario.checkedUsers} users only`} of which ${r.scenario.allowed} are allowed; every timed run matched that ground truth.`,
    '',
    'Checks per second (higher is better). In brackets: how many times faster seatguard is than that library in the same mode (below 1× means slower).',
    '',
    '| library | version | `can` on prebuilt user objects | lookup by id, then `can` | fresh user object per check | load 100k users | heap per user |',
    '|---|---|--:|--:|--:|--:|--:|',
    ...r.contenders.map((c) => {
      const cells = [
        c.name === 'seatguard' ? '**seatguard**' : c.name,
        c.version,
        cell(c.name, 'prebuilt', c.modes.prebuilt.opsPerSec),
        cell(c.name, 'byId', c.modes.byId.opsPerSec),
        cell(c.name, 'fresh', c.modes.fresh.opsPerSec),
        `${c.loadMs.toFixed(0)} ms`,
        `${Math.max(0, c.heapBytesPerUser).toFixed(0)} B`,
      ]
      return `| ${cells.join(' | ')} |`
    }),
    '',
    `\`policy.seatReport(users)\` over ${r.seatReport.users} users: **${r.seatReport.medianMs.toFixed(1)} ms** (median; totals verified).`,
  ]
  if (r.queues !== undefined) {
    const q = r.queues
    lines.push(
      '',
      `Queues and reach (seatguard only; built-in catalogue, ${q.users} users in 1–5 of 50 queues, ${q.checks} random checks on a work item of the permissions that reach items, ${q.allowed} allowed; every timed run matched a ground truth computed from the rules alone):`,
      '',
      '| figure | value |',
      '|---|--:|',
      `| \`index.can(id, permission)\` on those permissions | ${rate(q.itemlessOpsPerSec)} |`,
      `| \`index.can(id, permission, item)\` | ${rate(q.itemOpsPerSec)} (an item check costs ${(q.itemlessOpsPerSec / q.itemOpsPerSec).toFixed(2)}× an item-less one) |`,
      `| \`index.reach(id, permission)\`, user in 20 queues | ${q.reachIndexNs.toFixed(0)} ns |`,
      `| \`policy.reach(user, permission)\` on the plain object, 20 queues | ${q.reachPolicyNs.toFixed(0)} ns |`,
      `| \`policy.queueReport(users)\` over ${q.users} users | ${q.queueReportMs.toFixed(0)} ms |`,
    )
  }
  if (r.impact !== undefined) {
    const m = r.impact
    lines.push(
      '',
      `\`impact(before, after, users)\` of one role edit (Assign conversations removed from a copy of Agent) over ${m.users} users, ${m.rows} of whom lose it: **${m.roleEditMs.toFixed(1)} ms** (median; rows verified against the rules).`,
    )
  }
  if (r.importUsers !== undefined) {
    const m = r.importUsers
    const pg =
      m.postgres === null
        ? `into PostgreSQL: not measured (${m.postgresSkipped ?? 'no server'})`
        : `into PostgreSQL ${m.postgres.server}: **${seconds(m.postgres.ms)}** (${m.postgres.statementsPerBatch.toFixed(1)} statements per batch; the service's heap after it ${mb(m.postgres.serviceHeapBytes)})`
    lines.push(
      '',
      `\`ac.importUsers\` of ${m.users} users in batches of ${m.batchSize} into the memory store: **${seconds(m.memory.ms)}** (median; store and service hold ${mb(m.memory.heapBytes)} after it); ${pg}. Every import verified (totals, users, seats, one audit entry per user).`,
    )
  }
  if (r.hot !== undefined) {
    const hotSg = r.hot.prebuilt.find((p) => p.name === 'seatguard')
    const parts = r.hot.prebuilt.map((p) =>
      p.name === 'seatguard' || hotSg === undefined
        ? `${p.name} ${rate(p.opsPerSec)}`
        : `${p.name} ${rate(p.opsPerSec)} (${times(hotSg.opsPerSec / p.opsPerSec)})`,
    )
    lines.push(
      '',
      `The same \`can\` on prebuilt objects with the checks drawn from the first ${r.hot.checkedUsers} users only (their records stay in the CPU caches): ${parts.join(', ')}.`,
    )
  }
  if (r.floorPair !== undefined) {
    const f = r.floorPair
    lines.push(
      '',
      `The same \`can\` on prebuilt objects, seatguard and the no-library floor loaded side by side and sampled in turn (the ratio the floor target reads, not moved by the machine's load between the two libraries' own runs above): seatguard ${rate(f.seatguardOpsPerSec)}, the floor ${rate(f.floorOpsPerSec)}, ${times(f.ratio)} (median of the rounds' ratios).`,
    )
  }
  const casl = r.contenders.find((c) => c.name === 'CASL')
  const core = r.sizes.find((s) => s.import === '{ can }')?.bytes ?? null
  const caslSize = r.sizes.find((s) => s.name.startsWith('CASL'))?.bytes ?? null
  if (sg !== undefined && casl !== undefined) {
    const target = (what: string, value: string, goal: string, met: boolean): string =>
      `| ${what} | ${value} | ${goal} | ${met ? 'met' : '**missed**'} |`
    const prebuilt = sg.modes.prebuilt.opsPerSec / casl.modes.prebuilt.opsPerSec
    const floor = r.contenders.find((c) => c.name.startsWith('plain objects'))
    const byId = sg.modes.byId.opsPerSec / casl.modes.byId.opsPerSec
    lines.push(
      '',
      'Targets, in this run:',
      '',
      '| target | measured | goal | |',
      '|---|--:|--:|---|',
      target('`can` on plain user objects vs CASL on prebuilt abilities', times(prebuilt), '≥ 10×', prebuilt >= 10),
    )
    if (floor !== undefined) {
      const reach = floor.modes.prebuilt.opsPerSec / casl.modes.prebuilt.opsPerSec
      lines.push(
        `| the same mode with no library at all (the plain-objects floor) vs CASL: what any \`can\` on these objects could reach | ${times(reach)} | ≥ 10× | ${reach >= 10 ? 'reachable' : '**out of reach in this run**'} |`,
      )
    }
    lines.push(
      target('lookup by id, then `can`, vs CASL', times(byId), '≥ 10×', byId >= 10),
      target(
        'heap per user beyond the user objects',
        `${Math.max(0, sg.heapBytesPerUser).toFixed(0)} B`,
        '≤ 200 B',
        sg.heapBytesPerUser <= 200,
      ),
      target(
        '`seatReport` over 100,000 users',
        `${r.seatReport.medianMs.toFixed(0)} ms`,
        '< 1 s',
        r.seatReport.medianMs < 1000,
      ),
    )
    const q = r.queues
    if (q !== undefined) {
      const cost = q.itemlessOpsPerSec / q.itemOpsPerSec
      lines.push(
        target(
          'an item check through `createUserIndex`, as a cost of an item-less one',
          `${cost.toFixed(2)}×`,
          '≤ 1.5×',
          cost <= 1.5,
        ),
        target(
          '`index.reach` for a user in 20 queues',
          `${q.reachIndexNs.toFixed(0)} ns`,
          '< 1 µs',
          q.reachIndexNs < 1000,
        ),
        target(
          '`queueReport` over 100,000 users in 1–5 queues',
          `${q.queueReportMs.toFixed(0)} ms`,
          '< 1 s',
          q.queueReportMs < 1000,
        ),
      )
      if (r.impact !== undefined) {
        lines.push(
          target(
            'the impact of one role edit over 100,000 users',
            `${r.impact.roleEditMs.toFixed(0)} ms`,
            '< 100 ms',
            r.impact.roleEditMs < 100,
          ),
        )
      }
      // Read from the two loaded side by side, samples alternating, when the run has them.
      const toFloor =
        r.floorPair?.ratio ??
        (floor === undefined ? undefined : sg.modes.prebuilt.opsPerSec / floor.modes.prebuilt.opsPerSec)
      if (toFloor !== undefined) {
        const what = `\`can\` on plain objects vs the no-library floor${r.floorPair === undefined ? '' : ' (samples alternating)'}`
        lines.push(target(what, `${toFloor.toFixed(2)}×`, '≥ 0.8×', toFloor >= 0.8))
      }
    }
    const imp = r.importUsers
    if (imp !== undefined) {
      lines.push(
        target(
          '`importUsers` of 100,000 users into the memory store',
          seconds(imp.memory.ms),
          '< 1 s',
          imp.memory.ms < 1000,
        ),
      )
      if (imp.postgres !== null)
        lines.push(
          target(
            '`importUsers` of 100,000 users into PostgreSQL',
            seconds(imp.postgres.ms),
            '< 10 s',
            imp.postgres.ms < 10_000,
          ),
        )
    }
    if (core !== null)
      lines.push(
        target(
          '`import { can }` min+gz',
          kb(core),
          `≤ 5 KB${caslSize === null ? '' : `, < CASL (${kb(caslSize)})`}`,
          core <= 5000 && (caslSize === null || core < caslSize),
        ),
      )
  }
  if (r.sizes.length > 0) {
    lines.push(
      '',
      'Bundle size, minified and gzipped (size-limit 12, esbuild, gzip level 9; smaller is better):',
      '',
      '| bundle | import | size |',
      '|---|---|--:|',
    )
    for (const s of r.sizes)
      lines.push(
        `| ${s.name} | \`${s.import}\` | ${s.bytes === null ? `n/a (${s.note ?? 'did not bundle'})` : kb(s.bytes)} |`,
      )
  }
  lines.push(
    '',
    'How each library models the seat rule (no seat: view only):',
    '',
    '| library | seat rule |',
    '|---|---|',
    ...r.contenders.map((c) => `| ${c.name} | ${c.seatRule.replaceAll('|', '\\|')} |`),
  )
  return lines.join('\n')
}

/** Replaces the text between the markers in a markdown file (the markers stay). */
export function spliceInto(file: string, markdown: string, from = START, to = END): void {
  const text = readFileSync(file, 'utf8')
  const start = text.indexOf(from)
  const end = text.indexOf(to)
  if (start < 0 || end < start) throw new Error(`${file} has no ${from} … ${to} markers`)
  writeFileSync(file, `${text.slice(0, start + from.length)}\n${markdown}\n${text.slice(end)}`)
}

export const IMPORT_START =
  '<!-- bench:import:start (written by npm run bench from bench/results.json; do not edit by hand) -->'
export const IMPORT_END = '<!-- bench:import:end -->'

/**
 * The import figures docs/storage.md quotes (R38), from a results file; test/bench/import-figures
 * holds the docs to it, so the text between the markers is always what bench/results.json says.
 */
export function renderImportDoc(r: Pick<Results, 'importUsers' | 'date' | 'machine'>): string {
  const m = r.importUsers
  if (m === undefined)
    return 'Not measured yet: `npm run bench` (with `SEATGUARD_TEST_DATABASE_URL` set, for the server) times an import of 100,000 users in batches of 1,000 into the memory store and into PostgreSQL, and writes the figures here from `bench/results.json`.'
  const server =
    m.postgres === null
      ? `| PostgreSQL | not measured: ${m.postgresSkipped ?? 'no server'} | < 10 s | |`
      : `| PostgreSQL ${m.postgres.server} on ${m.postgres.host}, ${m.postgres.statementsPerBatch.toFixed(1)} statements per batch | ${seconds(m.postgres.ms)} | < 10 s | ${mb(m.postgres.serviceHeapBytes)}: the service (the data is in the database) |`
  return [
    `\`npm run bench\` imports ${m.users.toLocaleString('en-US')} users (about a third holding a copy of Agent, 85 % with a seat, half in a queue) with \`ac.importUsers\` in batches of ${m.batchSize.toLocaleString('en-US')}, under a stored seat limit, and checks each import (its totals, every user, the seats held, one audit entry per user). Measured ${r.date.slice(0, 10)} on ${r.machine.cores} × ${r.machine.cpu}, Node ${r.machine.node}, in \`bench/results.json\`:`,
    '',
    '| store | import of 100,000 users | target | heap after it |',
    '|---|--:|--:|---|',
    `| memory store (median of ${m.memory.samplesMs.length}) | ${seconds(m.memory.ms)} | < 1 s | ${mb(m.memory.heapBytes)}: the store's users and audit log, and the service |`,
    server,
  ].join('\n')
}
