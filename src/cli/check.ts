import { type CommandSpec, commandHelp, type ParsedArgs, parseCommandArgs } from './_args.js'
import { CATALOGUE_OPTION, readCatalogueOption } from './_catalogue.js'
import { checkUser } from './_check-user.js'
import { fileLabel } from './_file.js'
import { byPath, countOf, type Finding, plural } from './_findings.js'
import { CliError, type CliIo, EXIT } from './_io.js'
import { loadPolicyFile, type PolicyFile } from './_load.js'
import { textTable } from './_table.js'
import { checkUsersFile } from './_users-file.js'

export const checkSpec: CommandSpec = {
  name: 'check',
  positionals: ['file'],
  options: {
    json: { type: 'boolean', description: 'print the findings as JSON' },
    users: {
      type: 'string',
      value: '<file>',
      description: "check the users of a JSON-lines file (one per line) instead of the policy file's",
    },
    catalogue: CATALOGUE_OPTION,
  },
  summary: 'report every problem with the roles and users of a policy file',
  description: [
    'Checks a policy file ("-" reads standard input) against the catalogue (--catalogue): the',
    'custom roles (R3: ids, permissions, derivedFrom) and every user (unknown roles, R8 exclusive',
    'roles, R9 a copy beside its source, R6 permissions without a prerequisite, R10 seats missing',
    'or unused). Errors fail the check; warnings are shown but do not.',
    'With --users <file> the users come from a JSON-lines file instead, one user object per line',
    '(blank lines ignored), streamed line by line: an import checked before it runs, against the',
    'roles of the policy file, whose own users are then not checked. Each line is read as',
    'importUsers reads it (ids a store can keep, "expectedVersion", no "version"). A line that is',
    'not JSON or not a valid user is an error at "line N"; the other lines are still checked.',
  ],
  exitCodes: [
    '0  no errors (warnings may be shown)',
    '1  at least one error was found (a bad line of the --users file is one)',
    '2  usage error, or the file cannot be read as a policy file, or the --users file cannot be read',
  ],
  examples: [
    'seatguard check policy.json',
    'seatguard check policy.json --json | jq .findings',
    'my-service export-policy | seatguard check -',
    'seatguard check desk.json --catalogue helpdesk.catalogue.json',
    'seatguard check policy.json --users import.jsonl',
    'my-idp export-users | seatguard check policy.json --users -',
  ],
}

/** Every finding of a loaded file, in path order: its roles and users, then each user's assignment. */
export function findingsOf(loaded: PolicyFile): Finding[] {
  return byPath([...loaded.findings, ...loaded.users.flatMap((u) => checkUser(loaded.policy, u, loaded.rejectedRoles))])
}

/** The users file of `--users`: a path, refused when empty or when standard input already holds the policy file. */
function usersOption(value: string | boolean | undefined, policyPath: string): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value === '') throw new CliError('--users needs a path to a JSON-lines users file.')
  if (value === '-' && policyPath === '-') {
    throw new CliError(
      'check: the policy file and --users cannot both be read from standard input ("-"); give one of them as a path.',
    )
  }
  return value
}

/** "its own 2 users are not checked: --users replaces them" when the policy file has users. */
function replaced(count: number): string {
  if (count === 0) return ''
  return `; its own ${plural(count, 'user')} ${count === 1 ? 'is' : 'are'} not checked: --users replaces ${count === 1 ? 'it' : 'them'}`
}

/** What was checked, and the findings: the policy file alone, or its roles with the users of `--users`. */
async function checked(
  io: CliIo,
  path: string,
  values: ParsedArgs['values'],
): Promise<{ findings: Finding[]; scope: string; json: Record<string, unknown> }> {
  const used = readCatalogueOption(io, values.catalogue)
  const usersPath = usersOption(values.users, path)
  if (usersPath === undefined) {
    const loaded = loadPolicyFile(io, path, used)
    const { file, counts } = loaded
    const scope = `${file} (${plural(counts.roles, 'custom role')}, ${plural(counts.users, 'user')})`
    return { findings: findingsOf(loaded), scope, json: { file } }
  }
  const loaded = loadPolicyFile(io, path, used, false)
  const { file, counts } = loaded
  const users = await checkUsersFile(io, usersPath, loaded.policy, loaded.rejectedRoles)
  const usersFile = fileLabel(usersPath)
  const scope = `${usersFile} (${plural(users.users, 'user')}), checked with the roles of ${file} (${plural(counts.roles, 'custom role')}${replaced(counts.users)})`
  return { findings: [...byPath(loaded.findings), ...users.findings], scope, json: { file, usersFile } }
}

/** `seatguard check <file> [--users <file.jsonl>]` */
export async function check(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(checkSpec, args)
  if (parsed === 'help') {
    io.stdout(commandHelp(checkSpec))
    return EXIT.ok
  }
  const { findings, scope, json } = await checked(io, parsed.positionals[0] ?? '', parsed.values)
  const errors = countOf(findings, 'error')
  const warnings = countOf(findings, 'warning')
  if (parsed.values.json === true) {
    io.stdout(`${JSON.stringify({ ...json, errors, warnings, findings }, null, 2)}\n`)
  } else if (findings.length === 0) {
    io.stdout(`No problems in ${scope}.\n`)
  } else {
    const rows = findings.map((f) => [f.severity, f.path, f.rule ?? '-', f.code, f.message])
    const summary = `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${scope}.`
    io.stdout(`${textTable(['SEVERITY', 'PATH', 'RULE', 'CODE', 'MESSAGE'], rows)}\n${summary}\n`)
  }
  return errors > 0 ? EXIT.problems : EXIT.ok
}
