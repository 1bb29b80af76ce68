import { type CommandSpec, commandHelp, parseCommandArgs } from './_args.js'
import { CliError, type CliIo, EXIT } from './_io.js'
import { loadPolicyFile, requireSound } from './_load.js'
import { didYouMean, sentence } from './_suggest.js'
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
    json: { type: 'boolean', description: 'print the user and the decision as JSON' },
  },
  summary: 'say whether a user may use a permission, and why',
  description: [
    'Decides whether the user may use the permission now, with the roles and seat the file',
    'gives them, and prints the decision: allowed, reason (granted, not-granted, no-seat,',
    'missing-prerequisite), the roles that grant it, missing prerequisites and a message.',
  ],
  exitCodes: ['0  allowed', '1  denied', '2  usage error, unreadable or invalid file, unknown user or permission id'],
  examples: [
    'seatguard explain policy.json --user ana --permission conversations/allow-assignment',
    'seatguard explain policy.json -u ana -p conversations/my-work/recordings --json',
  ],
}

/** `seatguard explain <file> --user <id> --permission <id>` */
export function explain(args: readonly string[], io: CliIo): number {
  const parsed = parseCommandArgs(explainSpec, args)
  if (parsed === 'help') {
    io.stdout(commandHelp(explainSpec))
    return EXIT.ok
  }
  const userId = String(parsed.values.user)
  const permissionId = String(parsed.values.permission)
  const loaded = loadPolicyFile(io, parsed.positionals[0] ?? '')
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
      `--permission: ${JSON.stringify(permissionId)} is not a permission of the ${policy.catalogue.name} catalogue${didYouMean(permissionId, ids)}; "seatguard catalogue" lists them.`,
    )
  }
  const { user } = found
  const decision = policy.explain(user, permissionId)
  if (parsed.values.json === true) {
    io.stdout(`${JSON.stringify({ user, decision }, null, 2)}\n`)
  } else {
    const none = (list: readonly string[] | undefined): string => (list?.length ? list.join(', ') : '-')
    const rows = [
      ['user', `${user.id} (roles: ${none(user.roles)}; seat: ${user.seat === true ? 'yes' : 'no'})`],
      ['permission', `${permission.id} (${permission.name})`],
      ['allowed', decision.allowed ? 'yes' : 'no'],
      ['reason', decision.reason],
      ['granted by', none(decision.grantedBy)],
      ['missing', none(decision.missing)],
      ['message', decision.message],
    ]
    io.stdout(aligned(rows))
  }
  return decision.allowed ? EXIT.ok : EXIT.problems
}
