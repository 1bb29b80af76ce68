import { impactCompiled } from '../evaluate/_impact.js'
import type { Impact } from '../model/impact.js'
import { compiledOf } from '../policy/create.js'
import { type CommandSpec, commandHelp, parseCommandArgs } from './_args.js'
import { CATALOGUE_OPTION, readCatalogueOption } from './_catalogue.js'
import { plural } from './_findings.js'
import { CliError, type CliIo, EXIT } from './_io.js'
import { loadPolicyFile, requireSound } from './_load.js'
import { textTable } from './_table.js'

export const diffSpec: CommandSpec = {
  name: 'diff',
  positionals: ['before', 'after'],
  options: {
    json: { type: 'boolean', description: 'print the impact as JSON: { rows, totals }' },
    'fail-on-loss': { type: 'boolean', description: 'exit 1 when any user loses a permission' },
    catalogue: CATALOGUE_OPTION,
  },
  summary: 'the impact of one policy file over another: who gains and loses what',
  description: [
    'Compares two policy files (R33): one row per user whose effective permissions, mode (R7),',
    'seat need (R10), capacity (R11) or queue-membership kind (R19) change, or who gets a new',
    'assignment error; then seats needed and capacity before and after. Users are matched by id;',
    'a user in one file only is compared with a user who has no roles and no seat. Both files are',
    'read against the one catalogue (--catalogue), so both must be for it.',
  ],
  exitCodes: [
    '0  the impact was printed (also with --fail-on-loss when nobody loses a permission)',
    '1  with --fail-on-loss: at least one user loses a permission',
    '2  usage error, unreadable or invalid file, another catalogue',
  ],
  examples: [
    'seatguard diff before.json after.json',
    'seatguard diff main.json branch.json --fail-on-loss',
    'seatguard diff before.json after.json --json | jq .totals',
    'seatguard diff before.json after.json --catalogue helpdesk.catalogue.json',
  ],
}

const list = (ids: readonly string[]): string => (ids.length === 0 ? '-' : ids.join(', '))
const pair = <T>([a, b]: readonly [T, T]): string => (a === b ? String(a) : `${a} → ${b}`)

/** The impact as an aligned table and a totals line. */
export function formatImpact(impact: Impact): string {
  const rows = impact.rows.map((r) => [
    r.userId,
    pair(r.mode),
    pair(r.needsSeat),
    pair(r.countsTowardCapacity),
    pair(r.membership.map((k) => k ?? '-') as [string, string]),
    list(r.lost),
    list(r.gained),
    list(r.errors.map((p) => p.code)),
  ])
  const t = impact.totals
  const totals = `${plural(impact.rows.length, 'user')} of ${t.users} changed; seats needed ${pair(t.seatsNeeded)}; capacity ${pair(t.capacity)}.`
  if (rows.length === 0) return `No user's access changes.\nTotals: ${totals}\n`
  const headers = ['USER', 'MODE', 'NEEDS SEAT', 'CAPACITY', 'MEMBERSHIP', 'LOST', 'GAINED', 'NEW ERRORS']
  return `${textTable(headers, rows)}\nTotals: ${totals}\n`
}

/** `seatguard diff <before> <after>` */
export function diff(args: readonly string[], io: CliIo): number {
  const parsed = parseCommandArgs(diffSpec, args)
  if (parsed === 'help') {
    io.stdout(commandHelp(diffSpec))
    return EXIT.ok
  }
  const used = readCatalogueOption(io, parsed.values.catalogue)
  const [before, after] = [0, 1].map((i) => {
    const loaded = loadPolicyFile(io, parsed.positionals[i] ?? '', used)
    requireSound(loaded, 'diff')
    return loaded
  })
  const [cb, ca] = [compiledOf(before?.policy), compiledOf(after?.policy)]
  if (cb === undefined || ca === undefined || before === undefined || after === undefined)
    throw new CliError('diff: the policy files could not be compiled.')
  const impact = impactCompiled(
    cb,
    ca,
    before.users.map((u) => u.user),
    after.users.map((u) => u.user),
    'diff',
  )
  io.stdout(parsed.values.json === true ? `${JSON.stringify(impact, null, 2)}\n` : formatImpact(impact))
  const loss = impact.rows.some((r) => r.lost.length > 0)
  return parsed.values['fail-on-loss'] === true && loss ? EXIT.problems : EXIT.ok
}
