import type { SeatReport } from '../model/seats.js'
import { type CommandSpec, commandHelp, parseCommandArgs } from './_args.js'
import { CATALOGUE_OPTION, readCatalogueOption } from './_catalogue.js'
import { plural } from './_findings.js'
import { type CliIo, EXIT } from './_io.js'
import { loadPolicyFile, requireSound } from './_load.js'
import { textTable, yesNo } from './_table.js'

export const seatsSpec: CommandSpec = {
  name: 'seats',
  positionals: ['file'],
  options: {
    json: { type: 'boolean', description: 'print the report as JSON: { rows, totals }' },
    catalogue: CATALOGUE_OPTION,
  },
  summary: 'the seat report: who needs a seat, who holds one, who is a viewer',
  description: [
    'Prints one row per user: the seat label (R12), the access mode (R7), whether they hold',
    'and need a seat (R10), whether they count toward capacity (R11), and the flags',
    'seat-missing (needs a seat, holds none) and seat-unused (holds a seat nobody needs); then totals.',
  ],
  exitCodes: [
    '0  the report was printed (flags do not fail it; use "seatguard check" in CI)',
    '2  usage error, unreadable or invalid file',
  ],
  examples: ['seatguard seats policy.json', 'seatguard seats policy.json --json | jq .totals'],
}

/** The report as an aligned table and a totals line. */
export function formatSeatReport(report: SeatReport): string {
  const rows = report.rows.map((r) => [
    r.userId,
    r.label === '' ? '-' : r.label,
    r.mode,
    yesNo(r.consumesSeat),
    yesNo(r.needsSeat),
    yesNo(r.countsTowardCapacity),
    r.flags.length > 0 ? r.flags.join(', ') : '-',
  ])
  const t = report.totals
  const totals = [
    plural(t.users, 'user'),
    `${plural(t.seatsUsed, 'seat')} used`,
    `${t.seatsNeeded} needed`,
    plural(t.viewers, 'viewer'),
    `${t.seatMissing} missing a seat`,
    plural(t.seatUnused, 'unused seat'),
  ].join(', ')
  return `${textTable(['USER', 'LABEL', 'MODE', 'SEAT', 'NEEDS SEAT', 'CAPACITY', 'FLAGS'], rows)}\nTotals: ${totals}.\n`
}

/** `seatguard seats <file>` */
export function seats(args: readonly string[], io: CliIo): number {
  const parsed = parseCommandArgs(seatsSpec, args)
  if (parsed === 'help') {
    io.stdout(commandHelp(seatsSpec))
    return EXIT.ok
  }
  const loaded = loadPolicyFile(io, parsed.positionals[0] ?? '', readCatalogueOption(io, parsed.values.catalogue))
  requireSound(loaded, 'seats')
  const report = loaded.policy.seatReport(loaded.users.map((u) => u.user))
  io.stdout(parsed.values.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatSeatReport(report))
  return EXIT.ok
}
