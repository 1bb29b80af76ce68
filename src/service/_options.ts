import { isObject, show } from '../_util.js'
import { ensureCatalogue } from '../catalogue/define.js'
import type { Catalogue } from '../catalogue/types.js'
import { SeatguardError } from '../errors.js'
import { isStorableId, MAX_ID_LENGTH } from '../model/ids.js'
import type { PolicyStore } from '../store/types.js'
import type { AccessControlOptions } from './types.js'

const DEFAULT_POLL = 5000
const MAX_POLL = 2 ** 31 - 1

/** The options of createAccessControl after validation. */
export interface ReadAccessControlOptions {
  readonly catalogue: Catalogue
  readonly store: PolicyStore
  readonly tenant: string
  readonly pollInterval: number
}

/** Validates the options of createAccessControl; each bad one is `data/invalid` (a bad catalogue, `catalogue/invalid`). */
export function readAccessControlOptions(options: AccessControlOptions): ReadAccessControlOptions {
  const { catalogue, store, tenant, pollInterval = DEFAULT_POLL } = (options ?? {}) as AccessControlOptions
  const checked = ensureCatalogue(catalogue)
  if (
    typeof store !== 'object' ||
    store === null ||
    typeof store.load !== 'function' ||
    typeof store.transaction !== 'function' ||
    typeof store.audit !== 'function'
  ) {
    throw new SeatguardError(
      'data/invalid',
      'createAccessControl: "store" must be a PolicyStore, such as createMemoryStore().',
    )
  }
  // R18: a tenant a database would change (a lone surrogate becomes U+FFFD) could merge with another.
  if (!isStorableId(tenant)) {
    throw new SeatguardError(
      'data/invalid',
      `createAccessControl: "tenant" must be a non-empty string of at most ${MAX_ID_LENGTH} characters, without NUL characters or lone surrogates, got ${show(tenant)}.`,
    )
  }
  // R15: the limit was an option of each process, so two instances could enforce two limits.
  if (isObject(options) && 'seatLimit' in options) {
    throw new SeatguardError(
      'data/invalid',
      'createAccessControl: "seatLimit" is no longer an option: the seat limit is tenant data kept in the store. Remove it and call `await ac.setSeatLimit(limit)` once.',
    )
  }
  // setInterval turns anything above 2^31 - 1 ms (Infinity too) into 1 ms: a hot poll loop.
  if (typeof pollInterval !== 'number' || !(pollInterval >= 0 && pollInterval <= MAX_POLL)) {
    throw new SeatguardError(
      'data/invalid',
      `createAccessControl: "pollInterval" must be a number of milliseconds from 0 (never) to ${MAX_POLL}, got ${show(pollInterval)}.`,
    )
  }
  return { catalogue: checked, store, tenant, pollInterval }
}
