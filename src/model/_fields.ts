/** Field rules the record readers share. */

/** How a reader treats a record's `version` (R16): `allowed` (a whole number ≥ 0 when present), `required`, or not read. */
export type VersionRule = 'allowed' | 'required' | undefined

const isVersion = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0

/** Whether `version` breaks the rule. */
export const badVersion = (version: unknown, rule: VersionRule): boolean =>
  rule !== undefined && (version === undefined ? rule === 'required' : !isVersion(version))

/**
 * A copy of a list whose every slot, read once by index (so a hole or the array's own
 * iterator cannot slip past), should hold a string; `bad` hears the index of each that does not.
 */
export function stringsOf(list: readonly unknown[], bad: (index: number) => void): string[] {
  const copy: string[] = []
  for (let i = 0; i < list.length; i++) {
    const item: unknown = list[i]
    if (typeof item === 'string') copy.push(item)
    else bad(i)
  }
  return copy
}
