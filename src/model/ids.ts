/** What a valid id is, for roles (R3), users and tenants (R18). */

/** A custom role id (R3): 1 to 64 of `a-z 0-9 . _ : -`, starting with a letter or digit. */
export const ROLE_ID = /^[a-z0-9][a-z0-9._:-]{0,63}$/

/** A queue id (R19): the application's, 1 to 128 of `A-Z a-z 0-9 . _ : / -`, starting with a letter or digit. */
export const QUEUE_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/

/** The longest user id (and tenant) a store must keep: ids are in the primary key, whose entries databases bound. */
export const MAX_ID_LENGTH = 256

/**
 * Whether a database can keep the string as given: no NUL (PostgreSQL refuses it) and no
 * lone surrogate (turned into U+FFFD, so two such ids would become one, or refused in jsonb).
 * The service refuses what a store could not keep, so every store behaves alike.
 */
export function storable(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c === 0) return false
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1)
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false
      i++
    } else if (c >= 0xdc00 && c <= 0xdfff) return false
  }
  return true
}

/** Whether a user id or tenant can be stored: a non-empty, storable string of at most {@link MAX_ID_LENGTH} characters. */
export const isStorableId = (id: unknown): id is string =>
  typeof id === 'string' && id !== '' && id.length <= MAX_ID_LENGTH && storable(id)
