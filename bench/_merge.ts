import { median } from './_measure.js'
import type { ContenderResult, Measured } from './run.js'

/**
 * Combines what several processes measured: for every figure, the median of the
 * processes' medians (each process lays its heap out differently, which moves the
 * cache-bound rates more than the samples inside one process do); all samples are kept.
 */
export function merge(runs: readonly Measured[]): Measured {
  const [first] = runs
  if (first === undefined) throw new Error('nothing to merge')
  const contenders = first.contenders.map((c): ContenderResult => {
    const same = runs.map((r) => r.contenders.find((o) => o.name === c.name) as ContenderResult)
    const mode = (m: keyof ContenderResult['modes']): ContenderResult['modes'][typeof m] => ({
      opsPerSec: median(same.map((s) => s.modes[m].opsPerSec)),
      samples: same.flatMap((s) => s.modes[m].samples),
      checks: c.modes[m].checks,
      runs: c.modes[m].runs,
    })
    return {
      ...c,
      loadMs: median(same.map((s) => s.loadMs)),
      heapBytesPerUser: median(same.map((s) => s.heapBytesPerUser)),
      modes: { prebuilt: mode('prebuilt'), byId: mode('byId'), fresh: mode('fresh') },
    }
  })
  const hot = first.hot && {
    checkedUsers: first.hot.checkedUsers,
    prebuilt: first.hot.prebuilt.map((p) => ({
      name: p.name,
      opsPerSec: median(runs.map((r) => r.hot?.prebuilt.find((o) => o.name === p.name)?.opsPerSec ?? Number.NaN)),
    })),
  }
  const q = first.queues
  const mid = (pick: (r: NonNullable<Measured['queues']>) => number): number =>
    median(runs.map((r) => (r.queues === undefined ? Number.NaN : pick(r.queues))))
  const queues = q && {
    ...q,
    itemlessOpsPerSec: mid((r) => r.itemlessOpsPerSec),
    itemOpsPerSec: mid((r) => r.itemOpsPerSec),
    reachIndexNs: mid((r) => r.reachIndexNs),
    reachPolicyNs: mid((r) => r.reachPolicyNs),
    queueReportMs: mid((r) => r.queueReportMs),
  }
  const impact = first.impact && {
    ...first.impact,
    roleEditMs: median(runs.map((r) => r.impact?.roleEditMs ?? Number.NaN)),
  }
  const pair = (pick: (p: NonNullable<Measured['floorPair']>) => number): number =>
    median(runs.map((r) => (r.floorPair === undefined ? Number.NaN : pick(r.floorPair))))
  const floorPair = first.floorPair && {
    seatguardOpsPerSec: pair((p) => p.seatguardOpsPerSec),
    floorOpsPerSec: pair((p) => p.floorOpsPerSec),
    ratio: pair((p) => p.ratio),
  }
  const imp = first.importUsers
  const pick = (f: (r: NonNullable<Measured['importUsers']>) => number | undefined): number =>
    median(runs.map((r) => (r.importUsers === undefined ? Number.NaN : (f(r.importUsers) ?? Number.NaN))))
  const importUsers = imp && {
    ...imp,
    memory: {
      ms: pick((r) => r.memory.ms),
      samplesMs: runs.flatMap((r) => r.importUsers?.memory.samplesMs ?? []),
      heapBytes: pick((r) => r.memory.heapBytes),
    },
    postgres: imp.postgres && {
      ...imp.postgres,
      ms: pick((r) => r.postgres?.ms),
      serviceHeapBytes: pick((r) => r.postgres?.serviceHeapBytes),
      statementsPerBatch: pick((r) => r.postgres?.statementsPerBatch),
    },
  }
  return {
    scenario: first.scenario,
    contenders,
    seatReport: {
      users: first.seatReport.users,
      medianMs: median(runs.map((r) => r.seatReport.medianMs)),
      samplesMs: runs.flatMap((r) => r.seatReport.samplesMs),
    },
    ...(queues ? { queues } : {}),
    ...(impact ? { impact } : {}),
    ...(floorPair ? { floorPair } : {}),
    ...(importUsers ? { importUsers } : {}),
    ...(hot ? { hot } : {}),
  }
}
