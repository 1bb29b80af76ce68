import { type CommandSpec, commandHelp, parseCommandArgs } from './_args.js'
import { CATALOGUE_OPTION, readCatalogueOption } from './_catalogue.js'
import { checkUser } from './_check-user.js'
import { byPath, countOf, type Finding, plural } from './_findings.js'
import { type CliIo, EXIT } from './_io.js'
import { loadPolicyFile, type PolicyFile } from './_load.js'
import { textTable } from './_table.js'

export const checkSpec: CommandSpec = {
  name: 'check',
  positionals: ['file'],
  options: { json: { type: 'boolean', description: 'print the findings as JSON' }, catalogue: CATALOGUE_OPTION },
  summary: 'report every problem with the roles and users of a policy file',
  description: [
    'Checks a policy file ("-" reads standard input) against the catalogue (--catalogue): the',
    'custom roles (R3: ids, permissions, derivedFrom) and every user (unknown roles, R8 exclusive',
    'roles, R9 a copy beside its source, R6 permissions without a prerequisite, R10 seats missing',
    'or unused). Errors fail the check; warnings are shown but do not.',
  ],
  exitCodes: [
    '0  no errors (warnings may be shown)',
    '1  at least one error was found',
    '2  usage error, or the file cannot be read as a policy file',
  ],
  examples: [
    'seatguard check policy.json',
    'seatguard check policy.json --json | jq .findings',
    'my-service export-policy | seatguard check -',
    'seatguard check desk.json --catalogue helpdesk.catalogue.json',
  ],
}

/** Every finding of a loaded file, in path order: its roles and users, then each user's assignment. */
export function findingsOf(loaded: PolicyFile): Finding[] {
  return byPath([...loaded.findings, ...loaded.users.flatMap((u) => checkUser(loaded.policy, u, loaded.rejectedRoles))])
}

/** `seatguard check <file>` */
export function check(args: readonly string[], io: CliIo): number {
  const parsed = parseCommandArgs(checkSpec, args)
  if (parsed === 'help') {
    io.stdout(commandHelp(checkSpec))
    return EXIT.ok
  }
  const loaded = loadPolicyFile(io, parsed.positionals[0] ?? '', readCatalogueOption(io, parsed.values.catalogue))
  const { file } = loaded
  const findings = findingsOf(loaded)
  const errors = countOf(findings, 'error')
  const warnings = countOf(findings, 'warning')
  if (parsed.values.json === true) {
    io.stdout(`${JSON.stringify({ file, errors, warnings, findings }, null, 2)}\n`)
  } else {
    const scope = `${plural(loaded.counts.roles, 'custom role')}, ${plural(loaded.counts.users, 'user')}`
    if (findings.length === 0) {
      io.stdout(`No problems in ${file} (${scope}).\n`)
    } else {
      const rows = findings.map((f) => [f.severity, f.path, f.rule ?? '-', f.code, f.message])
      io.stdout(
        `${textTable(['SEVERITY', 'PATH', 'RULE', 'CODE', 'MESSAGE'], rows)}\n${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${file} (${scope}).\n`,
      )
    }
  }
  return errors > 0 ? EXIT.problems : EXIT.ok
}
