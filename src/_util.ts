/** Small helpers shared by the core; not part of the public API. */

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== ''

/**
 * An array whose every slot, 0 to length - 1, holds a string. Read by index: `.every` skips
 * the holes of a sparse array (`['a', , 'b']`, `new Array(3)`), and a hole is not a string.
 */
export function isStringArray(value: unknown): value is readonly string[] {
  if (!Array.isArray(value)) return false
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false
  return true
}

/**
 * A prototype-free object used as a string-keyed table. On the `can` hot path V8 reads
 * one about twice as fast as a Map (measured in bench/), and no key can hit a prototype.
 */
export function table<V>(entries: Iterable<readonly [string, V]>): Readonly<Record<string, V>> {
  const out = Object.create(null) as Record<string, V>
  for (const [key, value] of entries) out[key] = value
  return out
}

/** Quotes a value for a message, whatever its type, without ever throwing. */
export function show(value: unknown): string {
  try {
    return typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? typeof value)
  } catch {
    return typeof value
  }
}

/** Recursively freezes plain data (objects and arrays) and returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
  }
  return value
}

/**
 * The strings of a list without repeats, first kept, in order; the list itself when it has none.
 * A Set only for a list long enough to need one: most users hold a few roles and queues, and a
 * batch of thousands of them should not pay a Set each (R38), while a huge list stays linear (R13).
 */
export function distinct(list: readonly string[]): readonly string[] {
  if (list.length > 8) {
    const set = new Set(list)
    return set.size === list.length ? list : [...set]
  }
  for (let i = 1; i < list.length; i++) {
    if (list.lastIndexOf(list[i] as string, i - 1) === -1) continue
    return list.filter((item, at) => list.indexOf(item) === at)
  }
  return list
}
