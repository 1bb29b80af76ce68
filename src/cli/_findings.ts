import type { Problem } from '../model/problem.js'

/** One problem found in a policy file, located by a JSON path such as `users[4].roles`. */
export interface Finding {
  readonly severity: 'error' | 'warning'
  /** Where in the file: `roles[2].permissions[0]`, `users[4].seat`. */
  readonly path: string
  /** The stable problem code: a seatguard error code, a warning code, or `data/invalid`. */
  readonly code: string
  /** The rule of the specification the problem breaks, when there is one: `R8`. */
  readonly rule?: string
  /** For a finding in a users file (`check --users`): its line, from 1. */
  readonly line?: number
  readonly message: string
}

const RULES: Readonly<Record<string, string>> = {
  'role/invalid-id': 'R3',
  'role/duplicate-id': 'R3',
  'role/unknown-permission': 'R3',
  'role/unknown': 'R3',
  'assignment/unusable-permission': 'R6',
  'assignment/exclusive-roles': 'R8',
  'assignment/derived-with-source': 'R9',
  'seat/missing': 'R10',
  'seat/unused': 'R10',
  'assignment/unknown-role': 'R13',
}

/** A finding for a problem code, with the rule it enforces looked up. */
export function finding(severity: Finding['severity'], path: string, code: string, message: string): Finding {
  const rule = RULES[code]
  return rule === undefined ? { severity, path, code, message } : { severity, path, code, rule, message }
}

/** A finding from a core Problem, placed at `path`. */
export const fromProblem = (problem: Problem, path: string): Finding =>
  finding(problem.severity, path, problem.code, problem.message)

export const countOf = (findings: readonly Finding[], severity: Finding['severity']): number =>
  findings.filter((f) => f.severity === severity).length

const pieces = (path: string): string[] => path.match(/\d+|\D+/g) ?? []
const codePoints = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Orders JSON paths as a reader expects: indices as numbers (`users[2]` before `users[10]`),
 * a path before the paths inside it, names in code-point order (no locale, so every machine
 * sorts alike).
 */
export function comparePaths(a: string, b: string): number {
  const x = pieces(a)
  const y = pieces(b)
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i] as string
    const q = y[i] as string
    const order = /^\d/.test(p) && /^\d/.test(q) ? Number(p) - Number(q) || codePoints(p, q) : codePoints(p, q)
    if (order !== 0) return Math.sign(order)
  }
  return Math.sign(x.length - y.length)
}

/** Findings in path order; findings at the same path keep the order they were found in. */
export const byPath = (findings: readonly Finding[]): Finding[] =>
  [...findings].sort((a, b) => comparePaths(a.path, b.path))

/** A JSON path one key deeper: `users[0].seat`, or `users[0]["odd key"]` when the key is not a plain name. */
export const keyPath = (at: string, key: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? (at === '' ? key : `${at}.${key}`) : `${at}[${JSON.stringify(key)}]`

/**
 * A value quoted for a message, cut to 60 characters; `nothing` when absent. Never throws: a
 * value JSON cannot write (nested past the stack, as a 2 MB `[[[…]]]` line of a users file
 * is) is described by its type and size instead, so a check reports it and goes on.
 */
export function brief(value: unknown): string {
  let text: string
  try {
    text = JSON.stringify(value) ?? 'nothing'
  } catch {
    return described(value)
  }
  return text.length > 60 ? `${text.slice(0, 59)}…` : text
}

/** `an array of 1 item, nested too deeply to show`: what brief() says of a value it cannot quote. */
function described(value: unknown): string {
  try {
    if (Array.isArray(value)) return `an array of ${plural(value.length, 'item')}, nested too deeply to show`
    if (typeof value === 'object' && value !== null)
      return `an object of ${plural(Object.keys(value).length, 'key')}, nested too deeply to show`
  } catch {
    // A value whose length or keys cannot be read either: its type is all there is to say.
  }
  return `a value of type ${typeof value} that cannot be shown`
}

/** "1 error", "3 warnings" */
export const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`
