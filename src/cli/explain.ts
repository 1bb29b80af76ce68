import type { Reach, WorkItem } from '../model/reach.js'
import { type CommandSpec, commandHelp, parseCommandArgs, usageLine } from './_args.js'
import { CATALOGUE_OPTION, readCatalogueOption } from './_catalogue.js'
import { CliError, type CliIo, EXIT } from './_io.js'
import { loadPolicyFile, requireSound } from './_load.js'
import { didYouMean, followedBy, sentence } from './_suggest.js'
import { aligned } from './_table.js'

export const explainSpec: CommandSpec = {
  name: 'explain',
  positionals: ['file'],
  options: {
    user: { type: 'string', short: 'u', value: '<id>', required: true, description: 'the id of a user in the file' },
    permission: {
      type: 'string',
      short: 'p',
      value: '<id>',
      required: true,
      description: 'a permission id of the catalogue',
    },
    queue: { type: 'string', value: '<id>', description: 'explain on a work item in this queue (R21)' },
    assignee: { type: 'string', value: '<id>', description: 'explain on a work item assigned to this user id (R21)' },
    json: { type: 'boolean', description: 'print the user, the item and the decision as JSON' },
    catalogue: CATALOGUE_OPTION,
  },
  summary: 'say whether a user may use a permission, and why',
  description: [
    'Decides whether the user may use the permission now, with the roles and seat the file',
    'gives them, and prints the decision: allowed, reason (granted, not-granted, no-seat,',
    'missing-prerequisite, out-of-reach), the roles that grant it, missing prerequisites and a message.',
    'With --queue and/or --assignee it decides on that work item (R21): a permission that reaches',
    'queues or assigned work must also reach the item, and out-of-reach says where it does reach.',
  ],
  exitCodes: ['0  allowed', '1  denied', '2  usage error, unreadable or invalid file, unknown user or permission id'],
  examples: [
    'seatguard explain policy.json --user ana --permission conversations/allow-assignment',
    'seatguard explain policy.json -u ana -p conversations/my-work/recordings --json',
    'seatguard explain policy.json -u ana -p conversations/my-work/transfer --queue billing --assignee bo',
  ],
}

/** The work item of `--queue` / `--assignee`, or `undefined` when neither is given. */
function itemOf(values: Readonly<Record<string, string | boolean | undefined>>): WorkItem | undefined {
  const { queue, assignee } = values
  for (const [name, value] of [
    ['queue', queue],
    ['assignee', assignee],
  ] as const) {
    if (value === '') throw new CliError(`explain: --${name} needs a non-empty id; usage: ${usageLine(explainSpec)}`)
  }
  if (queue === undefined && assignee === undefined) return undefined
  return {
    ...(typeof queue === 'string' ? { queue } : {}),
    ...(typeof assignee === 'string' ? { assignee } : {}),
  }
}

/** A reach in words, for the `reach` row of an out-of-reach decision (R22, R23). */
function reachText(reach: Reach): string {
  if (reach.kind === 'all') return 'every item'
  if (reach.kind === 'none') return `no item (${reach.reason})`
  const parts = [
    ...(reach.queues.length > 0 ? [`items in queues ${reach.queues.join(', ')}`] : []),
    ...(reach.assignee !== null ? [`items assigned to ${reach.assignee}`] : []),
  ]
  return parts.length > 0 ? parts.join('; ') : 'no item (no queue, no assigned work)'
}

/** `seatguard explain <file> --user <id> --permission <id> [--queue <id>] [--assignee <id>]` */
export function explain(args: readonly string[], io: CliIo): number {
  const parsed = parseCommandArgs(explainSpec, args)
  if (parsed === 'help') {
    io.stdout(commandHelp(explainSpec))
    return EXIT.ok
  }
  const item = itemOf(parsed.values)
  const userId = String(parsed.values.user)
  const permissionId = String(parsed.values.permission)
  const loaded = loadPolicyFile(io, parsed.positionals[0] ?? '', readCatalogueOption(io, parsed.values.catalogue))
  const { file } = loaded
  requireSound(loaded, 'explain')
  const { policy } = loaded
  const found = loaded.users.find((u) => u.user.id === userId)
  if (found === undefined) {
    const ids = loaded.users.map((u) => u.user.id)
    throw new CliError(
      sentence(`${file}: no user ${JSON.stringify(userId)} in the policy file${didYouMean(userId, ids)}`),
    )
  }
  const permission = policy.catalogue.permissions.find((p) => p.id === permissionId)
  if (permission === undefined) {
    const ids = policy.catalogue.permissions.map((p) => p.id as string)
    throw new CliError(
      followedBy(
        `--permission: ${JSON.stringify(permissionId)} is not a permission of the ${policy.catalogue.name} catalogue${didYouMean(permissionId, ids)}`,
        '"seatguard catalogue" lists them.',
      ),
    )
  }
  const { user } = found
  const decision = policy.explain(user, permissionId, item)
  if (parsed.values.json === true) {
    io.stdout(`${JSON.stringify(item === undefined ? { user, decision } : { user, item, decision }, null, 2)}\n`)
  } else {
    const none = (list: readonly string[] | undefined): string => (list?.length ? list.join(', ') : '-')
    const queues = user.queues?.length ? `; queues: ${[...new Set(user.queues)].join(', ')}` : ''
    const where = [
      ...(item?.queue !== undefined ? [`queue ${item.queue}`] : []),
      ...(item?.assignee !== undefined ? [`assigned to ${item.assignee}`] : []),
    ]
    const rows = [
      ['user', `${user.id} (roles: ${none(user.roles)}; seat: ${user.seat === true ? 'yes' : 'no'}${queues})`],
      ['permission', `${permission.id} (${permission.name})`],
      ...(item === undefined ? [] : [['item', where.join(', ')]]),
      ['allowed', decision.allowed ? 'yes' : 'no'],
      ['reason', decision.reason],
      ['granted by', none(decision.grantedBy)],
      ['missing', none(decision.missing)],
      ...(decision.reach === undefined ? [] : [['reach', reachText(decision.reach)]]),
      ['message', decision.message],
    ]
    io.stdout(aligned(rows))
  }
  return decision.allowed ? EXIT.ok : EXIT.problems
}
