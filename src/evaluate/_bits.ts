/** Bitsets over interned permission numbers: word `p >>> 5`, bit `p & 31`. */

export const wordsFor = (count: number): number => Math.max(1, Math.ceil(count / 32))

export const has = (set: Uint32Array, p: number, offset = 0): boolean =>
  ((set[offset + (p >>> 5)] ?? 0) & (1 << (p & 31))) !== 0

export function add(set: Uint32Array, p: number, offset = 0): void {
  const at = offset + (p >>> 5)
  set[at] = (set[at] ?? 0) | (1 << (p & 31))
}

export function maskOf(count: number, test: (p: number) => boolean): Uint32Array {
  const set = new Uint32Array(wordsFor(count))
  for (let p = 0; p < count; p++) if (test(p)) add(set, p)
  return set
}

/** The members of a set, in ascending order. */
export function members(set: Uint32Array, count: number): number[] {
  const out: number[] = []
  for (let p = 0; p < count; p++) if (has(set, p)) out.push(p)
  return out
}
