import { show } from '../_util.js'
import { reading, SeatguardError } from '../errors.js'
import { type ReadOptions, readOptions } from './_records.js'
import type { WriteOptions } from './types.js'

/** The most entries a list (or keys an object) passed to the service may hold: far above any tenant's need. */
export const MAX_ENTRIES = 10_000
/** No argument of the service nests deeper than an object holding a list of strings. */
const MAX_DEPTH = 3

/**
 * What a message names: a string, or an entry of a list (`at(i)`, worded only when an error needs
 * it: a batch of thousands of users names no position until one fails, R38).
 */
type Name = string | { readonly at: (index: number) => string; i: number }
const named = (what: Name): string => (typeof what === 'string' ? what : what.at(what.i))

const tooBig = (what: Name, n: number): SeatguardError =>
  new SeatguardError(
    'data/invalid',
    `${named(what)}: a list or object holds ${n} entries; at most ${MAX_ENTRIES} are read.`,
  )

function copy(what: Name, value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value
  if (depth >= MAX_DEPTH)
    throw new SeatguardError('data/invalid', `${named(what)}: the data nests deeper than any argument of this call.`)
  if (Array.isArray(value)) {
    const length = value.length
    if (length > MAX_ENTRIES) throw tooBig(what, length)
    const out: unknown[] = []
    // By index, as the readers do: a hole becomes undefined, which no reader accepts.
    for (let i = 0; i < length; i++) out.push(copy(what, value[i], depth + 1))
    return out
  }
  const keys = Object.keys(value)
  if (keys.length > MAX_ENTRIES) throw tooBig(what, keys.length)
  const out: Record<string, unknown> = {}
  for (const key of keys) {
    const entry = copy(what, (value as Record<string, unknown>)[key], depth + 1)
    // defineProperty for a key the copy inherits ("__proto__", or one a polluted or frozen
    // Object.prototype holds): it stays a plain own key, never a setter's or a read-only
    // property's. Every other key is assigned, which keeps a batch of users cheap to read (R38).
    if (key in out)
      Object.defineProperty(out, key, { value: entry, enumerable: true, writable: true, configurable: true })
    else out[key] = entry
  }
  return out
}

/**
 * R29: reads the caller's arguments once into plain copies (own enumerable properties, lists
 * by index), so a getter cannot answer twice and nothing the caller holds is read again. Any
 * throw while reading (a getter, a revoked or throwing Proxy) is `data/invalid` with the
 * original error as `cause`, as are lists past {@link MAX_ENTRIES}. The first `ids` arguments
 * must be strings (ids); a value of another type is `data/invalid` too.
 */
export function readArgs<T extends readonly unknown[]>(what: string, args: T, ids = 0): T {
  return reading(what, () => {
    for (let i = 0; i < ids; i++) {
      if (typeof args[i] !== 'string')
        throw new SeatguardError('data/invalid', `${what}: an id must be a string, got ${show(args[i])}.`)
    }
    return args.map((arg) => copy(what, arg, 0)) as unknown as T
  })
}

/** R29: a write's arguments read once into plain copies (see readArgs), then its options (the last) validated. */
export function readWrite<T extends readonly unknown[]>(what: string, args: T, ids = 0): [T, ReadOptions] {
  const read = readArgs(what, args, ids)
  return [read, readOptions(read[read.length - 1] as WriteOptions | undefined)]
}

/** The `data/invalid` error of an entry that threw while read, as {@link reading} words it. */
function unreadable(what: string, err: unknown): SeatguardError {
  try {
    return reading(what, () => {
      throw err
    })
  } catch (wrapped) {
    return wrapped as SeatguardError
  }
}

/** One entry of a list read by {@link readList}: its plain copy, or why it could not be read. */
export type ListEntry = { readonly value: unknown } | { readonly error: SeatguardError }

/**
 * R29 for a list of records (a `setUsers` batch): the list read by index, at most
 * {@link MAX_ENTRIES} entries, each copied on its own as readArgs copies an argument, so an entry
 * that cannot be read (a throwing getter, a revoked Proxy) is reported at its position (`at(i)`
 * starts its message) while the others are still read. A value that is not an array, one longer
 * than the cap, or one whose length cannot be read is refused whole with `data/invalid`.
 */
export function readList(what: string, list: unknown, at: (index: number) => string): ListEntry[] {
  return reading(what, () => {
    if (!Array.isArray(list))
      throw new SeatguardError('data/invalid', `${what}: pass an array of users, got ${show(list)}.`)
    const length = list.length
    if (length > MAX_ENTRIES) throw tooBig(what, length)
    const out: ListEntry[] = []
    const where = { at, i: 0 }
    for (let i = 0; i < length; i++) {
      where.i = i
      try {
        // Depth 1: an entry sits where a record argument sits inside readArgs' list of arguments.
        out.push({ value: copy(where, list[i], 1) })
      } catch (err) {
        // Worded as reading() words it: whatever the entry threw becomes a SeatguardError naming its position.
        out.push({ error: unreadable(at(i), err) })
      }
    }
    return out
  })
}
