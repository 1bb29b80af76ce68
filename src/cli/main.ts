import pkg from '../../package.json' with { type: 'json' }
import { type CommandSpec, unknownOption, usageLine } from './_args.js'
import { CliError, type CliIo, EXIT, nodeIo } from './_io.js'
import { didYouMean, followedBy } from './_suggest.js'
import { catalogue, catalogueSpec } from './catalogue.js'
import { check, checkSpec } from './check.js'
import { diff, diffSpec } from './diff.js'
import { explain, explainSpec } from './explain.js'
import { queues, queuesSpec } from './queues.js'
import { seats, seatsSpec } from './seats.js'
import { test, testSpec } from './test.js'

/** A command: its exit code, or a promise of it for a command that streams its input. */
type Run = (args: readonly string[], io: CliIo) => number | Promise<number>

const COMMANDS: ReadonlyMap<string, { readonly spec: CommandSpec; readonly run: Run }> = new Map([
  ['check', { spec: checkSpec, run: check }],
  ['explain', { spec: explainSpec, run: explain }],
  ['seats', { spec: seatsSpec, run: seats }],
  ['queues', { spec: queuesSpec, run: queues }],
  ['catalogue', { spec: catalogueSpec, run: catalogue }],
  ['diff', { spec: diffSpec, run: diff }],
  ['test', { spec: testSpec, run: test }],
])

/** The version printed by `--version`, from package.json (bundled at build time). */
export const VERSION: string = pkg.version

/** The tool's `--help`. */
export function toolHelp(): string {
  const specs = [...COMMANDS.values()].map((c) => c.spec)
  const width = Math.max(...specs.map((s) => s.name.length))
  return [
    'Usage: seatguard <command> [options]',
    '',
    'Checks and explains the roles, users and seats of a seatguard policy file, against the',
    'built-in "conversations" catalogue or, with --catalogue <file> on any command, the catalogue',
    'of your product (a JSON definition, as defineCatalogue takes it).',
    '',
    'Commands:',
    ...specs.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}`),
    '',
    'Options:',
    '  -h, --help     show this help ("seatguard <command> --help" for one command)',
    '  -v, --version  print the version',
    '',
    'Usage of each command:',
    ...specs.map((s) => `  ${usageLine(s)}`),
    '  (<file> is a path, or - to read standard input)',
    '',
    'Policy file (JSON; policy.toJSON() plus users):',
    '  { "catalogue": { "id": "conversations", "version": "1.0.0" },',
    '    "roles": [{ "id": "…", "name": "…", "permissions": ["…"], "description"?: "…", "derivedFrom"?: "agent" }],',
    '    "users": [{ "id": "…", "roles": ["agent"], "seat"?: true, "queues"?: ["billing"] }] }',
    '',
    'Users file (check <file> --users <users.jsonl>; JSON lines, one user per line, checked',
    'with the roles of the policy file instead of its users):',
    '  { "id": "…", "roles": ["agent"], "seat"?: true, "queues"?: ["billing"], "expectedVersion"?: 3 }',
    '',
    'Exit codes: 0 ok; 1 problems found (check), access denied (explain), a failed test (test) or a',
    'lost permission with --fail-on-loss (diff); 2 usage or input error.',
    '',
  ].join('\n')
}

function run(argv: readonly string[], io: CliIo): number | Promise<number> {
  const [first, ...rest] = argv
  if (first === '-h' || first === '--help') {
    io.stdout(toolHelp())
    return EXIT.ok
  }
  if (first === '-v' || first === '--version') {
    io.stdout(`${VERSION}\n`)
    return EXIT.ok
  }
  if (first === undefined) {
    io.stderr(toolHelp())
    return EXIT.usage
  }
  if (first === 'help') {
    const topic = rest[0]
    if (topic === undefined) {
      io.stdout(toolHelp())
      return EXIT.ok
    }
    return run([topic, '--help'], io)
  }
  const command = COMMANDS.get(first)
  if (command === undefined) {
    const what = first.startsWith('-')
      ? unknownOption(first, ['--help', '--version'])
      : `unknown command ${JSON.stringify(first)}${didYouMean(first, COMMANDS.keys())}`
    throw new CliError(followedBy(what, 'run "seatguard --help" for the list of commands.'))
  }
  return command.run(rest, io)
}

/**
 * Runs the `seatguard` command line with `argv` (the arguments after the program name)
 * and resolves to the exit code; it never rejects. Everything is written through `io`, so
 * tests need not spawn. Asynchronous because `check --users` streams its file line by line.
 */
export async function main(argv: readonly string[], io: CliIo = nodeIo): Promise<number> {
  try {
    return await run(argv, io)
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr(`seatguard: ${err.message}\n${err.lines.map((line) => `${line}\n`).join('')}`)
      return EXIT.usage
    }
    // Not the user's fault: say so, with the stack, and use a code no command returns.
    io.stderr(
      `seatguard: internal error (please report it): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    )
    return EXIT.internal
  }
}
