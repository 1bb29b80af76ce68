import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { defaults, figures, seconds } from '../docs/_figures.js'

// docs/storage.md quotes the run of `npm run bench:reliability`; this keeps every figure of
// its two "Measured" tables on faults and many tenants equal to bench/faults-results.json and
// bench/tenants-results.json, so a new run cannot leave stale numbers in the docs.

interface Spread {
  medianMs: number
  minMs: number
  maxMs: number
  samplesMs: number[]
}
interface Machine {
  cpus: number
  cpuModel: string
  node: string
  loadAverage: number[]
  postgres?: string
}
interface Faults {
  measuredAt: string
  machine: Machine & { postgres: string }
  writeConnectionKilled: { kills: number; writesRejected: number; rejectedCodes: Record<string, number> } & {
    kill_to_next_success: Spread
  }
  listenConnectionKilled: { kills: number; kill_to_change_seen: Spread }
  frozenConnections: {
    pollIntervalMs: number
    deadlineMs: number
    runs: number
    commit_to_snapshot: Spread
    refresh_settles: Spread
    refreshOutcomes: Record<string, number>
  }
  idleTenants: {
    tenants: number
    pollIntervalMs: number
    idleWindowMs: number
    idleStatements: number
    idleVersionsQueries: number
    statementsPerInterval: number
    mostConnectionsWhileOpening: number
    mostConnectionsWhileIdle: number
  }
}
interface Tenants {
  measuredAt: string
  machine: Machine
  tenants: number
  heapPerOpenTenant: { emptyKiB: number; seededKiB: number; seeded: { users: number; customRoles: number } }
  idlePolls: {
    pollIntervalMs: number
    withVersions: { versions: number; audit: number; ms: number }
    withoutVersions: { versions: number; audit: number; ms: number }
  }
  awaitedCallNs: { service: number; handle: number; get: number }
}

const faults = JSON.parse(readFileSync('bench/faults-results.json', 'utf8')) as Faults
const tenants = JSON.parse(readFileSync('bench/tenants-results.json', 'utf8')) as Tenants
const doc = readFileSync('docs/storage.md', 'utf8')
const n = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 3 })

/** The text of the "### Measured" section that follows the given heading, whitespace folded. */
function measured(heading: string): string {
  const from = doc.indexOf(heading)
  if (from < 0) throw new Error(`docs/storage.md has no "${heading}"`)
  const start = doc.indexOf('### Measured', from)
  const end = doc.indexOf('\n## ', start)
  if (start < 0 || end < 0) throw new Error(`no "### Measured" under "${heading}"`)
  return doc.slice(start, end).replace(/\s+/g, ' ')
}

const run = (measuredAt: string, machine: Machine): string =>
  `${measuredAt.slice(0, 10)} on the project machine (${machine.cpus} shared cores, ${machine.cpuModel}, Node ${machine.node}`
const load = (machine: Machine): string => `load average about ${Math.round(machine.loadAverage[0] ?? Number.NaN)}`

describe('docs/storage.md figures', () => {
  it('the faults table quotes bench/faults-results.json', () => {
    const text = measured('## Faults, deadlines and many stores on one pool')
    const w = faults.writeConnectionKilled
    const l = faults.listenConnectionKilled
    const f = faults.frozenConnections
    const codes = Object.entries(w.rejectedCodes)
    expect(codes, 'the docs say every rejected write had one code').toHaveLength(1)
    const [code, count] = codes[0] as [string, number]
    expect(count).toBe(w.writesRejected)
    expect(Object.entries(f.refreshOutcomes)).toEqual([['rejected store/unavailable', f.runs]])
    const quoted = [
      'written to `bench/faults-results.json`',
      `${run(faults.measuredAt, faults.machine)}, PostgreSQL ${faults.machine.postgres.split(' ')[0]} on 127.0.0.1;`,
      load(faults.machine),
      `one kill at a time (${w.kills} kills)`,
      `median ${n(w.kill_to_next_success.medianMs)} ms, max ${n(w.kill_to_next_success.maxMs)} ms`,
      `the ${w.writesRejected} rejected writes were all \`${code.replace(/ \((.*)\)$/, '`')} (${code.replace(/^.*\((.*)\)$/, '$1')})`,
      `(${l.kills} kills, polling off)`,
      `${n(l.kill_to_change_seen.medianMs)} ms after the kill (median; max ${n(l.kill_to_change_seen.maxMs)} ms)`,
      `\`pollInterval\` ${f.pollIntervalMs} ms, \`deadline\` ${f.deadlineMs} ms (${f.runs} runs)`,
      `${n(f.commit_to_snapshot.minMs)}–${n(f.commit_to_snapshot.maxMs)} ms after its commit (median ${n(f.commit_to_snapshot.medianMs)} ms)`,
      `after ${n(f.refresh_settles.minMs)}–${n(f.refresh_settles.maxMs)} ms (median ${n(f.refresh_settles.medianMs)} ms)`,
    ]
    for (const q of quoted) expect(text).toContain(q)
    const known = [
      w.kill_to_next_success.medianMs,
      w.kill_to_next_success.maxMs,
      l.kill_to_change_seen.medianMs,
      l.kill_to_change_seen.maxMs,
      f.pollIntervalMs,
      f.deadlineMs,
      f.commit_to_snapshot.minMs,
      f.commit_to_snapshot.maxMs,
      f.commit_to_snapshot.medianMs,
      f.refresh_settles.minMs,
      f.refresh_settles.maxMs,
      f.refresh_settles.medianMs,
    ]
      .map((x) => `${n(x)} ms`)
      .concat(`${f.deadlineMs} ms`)
      // the reconnect's first backoff step, and how long the proxy test refuses connections
      .concat(seconds(defaults.listenRetryFirstMs()), seconds(defaults.proxyDropMs()))
    for (const figure of figures(text)) expect(known, `${figure} is in no results file`).toContain(figure)
  })

  it('the many-tenants table quotes bench/tenants-results.json and bench/faults-results.json', () => {
    const text = measured('## Many tenants in one process')
    const h = tenants.heapPerOpenTenant
    const p = tenants.idlePolls
    const c = tenants.awaitedCallNs
    const d = faults.idleTenants
    expect(tenants.tenants).toBe(1000)
    expect(d.tenants).toBe(1000)
    expect(d.idleStatements).toBe(d.idleVersionsQueries) // every idle statement is the poll
    const quoted = [
      'writes `bench/tenants-results.json`',
      'written to `bench/faults-results.json`',
      `${run(tenants.measuredAt, tenants.machine)}, PostgreSQL ${faults.machine.postgres.split(' ')[0]} on 127.0.0.1;`,
      load(tenants.machine),
      `empty tenant | ${n(h.emptyKiB)} KiB |`,
      `each tenant holding ${h.seeded.users} users and ${h.seeded.customRoles} custom roles | ${n(h.seededKiB)} KiB |`,
      `1,000 idle tenants over ${n(p.withVersions.ms)} ms at \`pollInterval: ${p.pollIntervalMs}\``,
      `| ${n(p.withVersions.versions)} \`versions()\`, ${n(p.withVersions.audit)} \`audit()\`: one call per interval |`,
      `the same over ${n(p.withoutVersions.ms)} ms, store without \`versions()\` | ${n(p.withoutVersions.audit)} \`audit()\``,
      `| ${n(c.service)} / ${n(c.handle)} / ${n(c.get)} ns |`,
      `idle at \`pollInterval: ${d.pollIntervalMs}\``,
      `${n(d.idleStatements)} statements in ${n(d.idleWindowMs)} ms: ${n(d.statementsPerInterval)} per interval`,
      `the pool held at most ${d.mostConnectionsWhileIdle} connections (LISTEN and the poll), ${d.mostConnectionsWhileOpening} while the tenants were being opened`,
      `cost about ${Math.round((h.seededKiB * 1024 * tenants.tenants) / 1e6)} MB of heap`,
      `A handle adds about ${((c.handle - c.service) / 1000).toFixed(1)} µs per call`,
    ]
    for (const q of quoted) expect(text).toContain(q)
    expect(p.withVersions.audit).toBe(0)
    expect(p.withoutVersions.versions).toBe(0)
    const known = [
      `${n(h.emptyKiB)} KiB`,
      `${n(h.seededKiB)} KiB`,
      `${n(p.withVersions.ms)} ms`,
      `${n(p.withoutVersions.ms)} ms`,
      `${n(d.idleWindowMs)} ms`,
      `${n(c.service)} ns`,
      `${n(c.handle)} ns`,
      `${n(c.get)} ns`,
      `${Math.round((h.seededKiB * 1024 * tenants.tenants) / 1e6)} MB`,
      `${((c.handle - c.service) / 1000).toFixed(1)} µs`,
    ]
    for (const figure of figures(text)) expect(known, `${figure} is in no results file`).toContain(figure)
  })
})
