/** Timing and heap helpers for the benchmark. Every timed run is verified before it counts. */

export interface Timing {
  /** Median checks per second over the samples. */
  readonly opsPerSec: number
  readonly samples: readonly number[]
  /** Checks per run and runs per sample (slow libraries run a prefix of the checks). */
  readonly checks: number
  readonly runs: number
}

export interface MeasureOptions {
  readonly samples: number
  /** Wanted duration of one sample, in milliseconds. */
  readonly sampleMs: number
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const now = (): number => Number(process.hrtime.bigint()) / 1e6

/** A calibrated, warmed-up mode: each `sample()` times one sample and returns checks per second. */
export interface Timer {
  readonly checks: number
  readonly runs: number
  readonly sample: () => number
}

/**
 * Prepares to time `run` (which counts allowed decisions among the first n checks), verifying
 * every run against `allowedBefore[n]`: a model that decides differently from the ground
 * truth throws instead of reporting a number.
 */
export function calibrate(
  label: string,
  run: (n: number) => number,
  allowedBefore: Uint32Array,
  sampleMs: number,
): Timer {
  const total = allowedBefore.length - 1
  const once = (n: number, runs: number): number => {
    const start = now()
    for (let k = 0; k < runs; k++) {
      const allowed = run(n)
      if (allowed !== allowedBefore[n]) {
        throw new Error(
          `${label}: ${allowed} of the first ${n} checks allowed, the ground truth says ${allowedBefore[n]}`,
        )
      }
    }
    return now() - start
  }
  // Calibrate (this also warms the code up): grow n until a run is long enough to time.
  let n = Math.min(100, total)
  let ms = once(n, 1)
  while (ms < sampleMs / 10 && n < total) {
    n = Math.min(total, n * 4)
    ms = once(n, 1)
  }
  // Scale to the wanted sample length; re-measure at that size, and rescale while a pause
  // (a collection, another process) during calibration left the samples far too short.
  let runs = 1
  for (let attempt = 0; attempt < 5; attempt++) {
    const perCheck = ms / (n * runs)
    const wanted = Math.max(1, Math.round(sampleMs / Math.max(perCheck, 1e-9)))
    n = Math.min(total, wanted)
    runs = Math.max(1, Math.round(wanted / total))
    ms = once(n, runs)
    if (ms >= sampleMs / 2) break
  }
  return { checks: n, runs, sample: () => (n * runs) / (once(n, runs) / 1000) }
}

/** Calibrates, then takes every sample in a row; the median is the result. */
export function measure(
  label: string,
  run: (n: number) => number,
  allowedBefore: Uint32Array,
  options: MeasureOptions,
): Timing {
  const timer = calibrate(label, run, allowedBefore, options.sampleMs)
  const samples = Array.from({ length: options.samples }, () => timer.sample())
  return { opsPerSec: median(samples), samples, checks: timer.checks, runs: timer.runs }
}

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc
  if (collect === undefined) throw new Error('run node with --expose-gc (npm run bench does)')
  for (let i = 0; i < 3; i++) collect()
}

/** Heap in use after a full collection, in bytes (JS heap plus typed-array buffers). */
export function heapNow(): number {
  gc()
  const { heapUsed, arrayBuffers } = process.memoryUsage()
  return heapUsed + arrayBuffers
}

export { now }
