/**
 * What counts as a quoted figure in the docs, and the defaults of the source that the docs
 * may quote. Used by test/docs/figures.test.ts and test/bench/storage-figures.test.ts.
 */
import { readFileSync } from 'node:fs'

const NUM = String.raw`\d[\d,]*(?:\.\d+)?`
// "84 ns", "0.13 / 1.0 / 2.1 ms", "1,272.4–1,300.4 ms", "1.2 KB", "2.20 M/s"
const SPACED = new RegExp(
  String.raw`(?<![\w.,/])(${NUM}(?:\s?–\s?${NUM}|\s/\s${NUM})*)\s?(KB|kB|KiB|MB|GB|B|bytes|ms|µs|ns|s|M/s|k/s|ops/s|ops)(?![\p{L}\p{N}_/])`,
  'gu',
)
// "12.7×", "14–25×"; a formula such as "2 × pollInterval" is no figure.
const RATIO = new RegExp(String.raw`(?<![\w.,/])(${NUM}(?:–${NUM})*)×`, 'gu')

/** Every size, time, rate or ratio a text quotes, one entry per number (both ends of a range). */
export function figures(text: string): string[] {
  const found: string[] = []
  for (const m of text.matchAll(SPACED))
    for (const part of (m[1] ?? '').split(/\s?–\s?|\s\/\s/)) found.push(`${part} ${m[2]}`)
  for (const m of text.matchAll(RATIO)) for (const part of (m[1] ?? '').split('–')) found.push(`${part}×`)
  return found
}

/** A whole number the source declares: `read('src/postgres/_fail.ts', /DEFAULT_DEADLINE = (\d+)/)`. */
function declared(file: string, pattern: RegExp): number {
  const value = pattern.exec(readFileSync(file, 'utf8'))?.[1]
  if (value === undefined) throw new Error(`${file} no longer matches ${pattern}: update test/docs/_figures.ts`)
  return Number(value)
}

/** Milliseconds as the docs write seconds: 5000 is `5 s`, 100 is `0.1 s`. */
export const seconds = (ms: number): string => `${ms / 1000} s`

/** The defaults and fixed delays the docs quote, read from where the code declares them. */
export const defaults = {
  /** `pollInterval` of createAccessControl. */
  pollMs: (): number => declared('src/service/_options.ts', /DEFAULT_POLL = (\d+)/),
  /** `deadline` of createPostgresStore. */
  deadlineMs: (): number => declared('src/postgres/_fail.ts', /DEFAULT_DEADLINE = (\d+)/),
  /** The LISTEN connection's first reconnect delay, and the most it doubles to. */
  listenRetryFirstMs: (): number => declared('src/postgres/_listener.ts', /#delay = (\d+)/),
  listenRetryMostMs: (): number => declared('src/postgres/_listener.ts', /Math\.min\(this\.#delay \* 2, (\d+)\)/),
  /** How long the fault test's proxy refuses connections. */
  proxyDropMs: (): number => declared('test/postgres/faults.test.ts', /proxy\.drop\((\d+)\)/),
}
