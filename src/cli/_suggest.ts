/** "Did you mean …?" for unknown ids, by edit distance. */

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost)
    }
    previous = current
  }
  return previous[b.length] ?? 0
}

/** The closest candidate, if it is close enough to be a likely typo; else undefined. */
export function closest(wanted: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const d = distance(wanted.toLowerCase(), candidate.toLowerCase())
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(wanted.length / 4)) ? best : undefined
}

/** `; did you mean "x"?` or an empty string. */
export function didYouMean(wanted: string, candidates: Iterable<string>): string {
  const match = closest(wanted, candidates)
  return match === undefined ? '' : `; did you mean ${JSON.stringify(match)}?`
}

/**
 * Joins a clause and what follows it: with `; `, or, after a question (a clause that ends in
 * "did you mean …?"), as a new sentence: `unknown option --jsn; did you mean --json? Run …`.
 */
export const followedBy = (clause: string, next: string): string =>
  clause.endsWith('?') ? `${clause} ${next.charAt(0).toUpperCase()}${next.slice(1)}` : `${clause}; ${next}`

/** Ends a sentence with a full stop, unless it already ends with one or a question mark. */
export const sentence = (text: string): string => (/[.?!]$/.test(text) ? text : `${text}.`)
