import type { QueueMember, QueueReport } from '../model/queues.js'
import { type CommandSpec, commandHelp, parseCommandArgs } from './_args.js'
import { CATALOGUE_OPTION, readCatalogueOption } from './_catalogue.js'
import { plural } from './_findings.js'
import { type CliIo, EXIT } from './_io.js'
import { loadPolicyFile, requireSound } from './_load.js'
import { textTable } from './_table.js'

export const queuesSpec: CommandSpec = {
  name: 'queues',
  positionals: ['file'],
  options: {
    json: { type: 'boolean', description: 'print the report as JSON: { queues, totals }' },
    catalogue: CATALOGUE_OPTION,
  },
  summary: 'the queue report: who belongs to each queue, as agent, viewer or inert member',
  description: [
    'Prints one row per queue membership (R24), queue by queue in the order first named: the',
    'kind of the membership (R19: agent when the user counts toward capacity, R11; viewer when',
    'a queue-reaching permission such as View conversations is effective; else inert, it opens',
    'nothing), and the flag seat-missing for a viewer who needs a seat (R10); then totals, which',
    'count memberships (a user in two queues counts twice). Users who reach every item',
    '(supervisors) without belonging to a queue are not members and are not listed.',
  ],
  exitCodes: [
    '0  the report was printed (flags do not fail it; use "seatguard check" in CI)',
    '2  usage error, unreadable or invalid file',
  ],
  examples: ['seatguard queues policy.json', 'seatguard queues policy.json --json | jq .totals'],
}

/** The report as an aligned table (one row per membership) and a totals line. */
export function formatQueueReport(report: QueueReport): string {
  const row = (queue: string, kind: string, m: QueueMember): string[] => [
    queue,
    kind,
    m.userId,
    m.flags.length > 0 ? m.flags.join(', ') : '-',
  ]
  const rows = report.queues.flatMap((q) => [
    ...q.agents.map((m) => row(q.queue, 'agent', m)),
    ...q.viewers.map((m) => row(q.queue, 'viewer', m)),
    ...q.inert.map((m) => row(q.queue, 'inert', m)),
  ])
  const t = report.totals
  const totals = [
    plural(t.queues, 'queue'),
    plural(t.agents, 'agent membership'),
    plural(t.viewers, 'viewer membership'),
    plural(t.inert, 'inert membership'),
  ].join(', ')
  return `${textTable(['QUEUE', 'KIND', 'USER', 'FLAGS'], rows)}\nTotals: ${totals}.\n`
}

/** `seatguard queues <file>` */
export function queues(args: readonly string[], io: CliIo): number {
  const parsed = parseCommandArgs(queuesSpec, args)
  if (parsed === 'help') {
    io.stdout(commandHelp(queuesSpec))
    return EXIT.ok
  }
  const loaded = loadPolicyFile(io, parsed.positionals[0] ?? '', readCatalogueOption(io, parsed.values.catalogue))
  requireSound(loaded, 'queues')
  const report = loaded.policy.queueReport(loaded.users.map((u) => u.user))
  io.stdout(parsed.values.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatQueueReport(report))
  return EXIT.ok
}
