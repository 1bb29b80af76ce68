import { parseArgs } from 'node:util'
import { CliError } from './_io.js'
import { closest, followedBy } from './_suggest.js'

/** One option of a command, as `node:util` parseArgs takes it, plus its help text. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean'
  readonly short?: string
  /** The value's placeholder in help, for string options: `<id>`. */
  readonly value?: string
  /** A string option the command cannot run without. */
  readonly required?: boolean
  readonly description: string
}

/** What a command accepts, and the text its `--help` prints. */
export interface CommandSpec {
  readonly name: string
  /** Positional arguments, all required, in order: `['file']`. */
  readonly positionals: readonly string[]
  readonly options: Readonly<Record<string, OptionSpec>>
  /** One line for the tool's command list. */
  readonly summary: string
  /** A few lines shown under the usage line of `--help`. */
  readonly description: readonly string[]
  /** What each exit code means for this command. */
  readonly exitCodes: readonly string[]
  readonly examples: readonly string[]
}

export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | undefined>>
  readonly positionals: readonly string[]
}

const HELP: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' }

/** `seatguard check <file>` */
export const usageLine = (spec: CommandSpec): string => {
  const required = Object.entries(spec.options)
    .filter(([, o]) => o.required === true)
    .map(([name, o]) => `--${name} ${o.value ?? '<value>'}`)
  return ['seatguard', spec.name, ...spec.positionals.map((p) => `<${p}>`), ...required, '[options]'].join(' ')
}

/** Parses a command's arguments; `'help'` when `--help` was given. Usage errors are CliErrors. */
export function parseCommandArgs(spec: CommandSpec, args: readonly string[]): ParsedArgs | 'help' {
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: [...args],
      options: { ...spec.options, help: HELP },
      allowPositionals: true,
      strict: true,
    })
  } catch (err) {
    throw new CliError(
      followedBy(`${spec.name}: ${usageProblem(err, spec)}`, `run "seatguard ${spec.name} --help" for usage.`),
    )
  }
  const { values, positionals } = parsed
  if (values.help === true) return 'help'
  const missing = spec.positionals[positionals.length]
  if (missing !== undefined) throw new CliError(`${spec.name}: missing <${missing}>; usage: ${usageLine(spec)}`)
  for (const [name, o] of Object.entries(spec.options)) {
    if (o.required === true && (typeof values[name] !== 'string' || values[name] === '')) {
      throw new CliError(`${spec.name}: missing --${name} ${o.value ?? '<value>'}; usage: ${usageLine(spec)}`)
    }
  }
  const extra = positionals[spec.positionals.length]
  if (extra !== undefined)
    throw new CliError(`${spec.name}: unexpected argument ${JSON.stringify(extra)}; usage: ${usageLine(spec)}`)
  return { values: values as ParsedArgs['values'], positionals }
}

/** `unknown option --jsn; did you mean --json?`: long options are guessed among `known`, short ones are not. */
export function unknownOption(option: string, known: Iterable<string>): string {
  const match = option.startsWith('--') ? closest(option, known) : undefined
  return `unknown option ${option}${match === undefined ? '' : `; did you mean ${match}?`}`
}

/** A short reason for a parseArgs error (its own messages are long and mention internals). */
function usageProblem(err: unknown, spec: CommandSpec): string {
  const { code, message } = err as { code?: string; message?: string }
  const option = /'(-[^']*)'/.exec(message ?? '')?.[1]
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    if (option === undefined) return 'unknown option'
    return unknownOption(
      option,
      ['help', ...Object.keys(spec.options)].map((name) => `--${name}`),
    )
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /argument missing/.test(message ?? '')
      ? `option ${optionName(message)} needs a value`
      : `option ${optionName(message)} takes no value`
  }
  return String(message ?? err)
}

const optionName = (message: string | undefined): string => /(--[a-z-]+)/.exec(message ?? '')?.[1] ?? 'option'

/** The `--help` text of a command. */
export function commandHelp(spec: CommandSpec): string {
  const options = Object.entries({ ...spec.options, help: HELP }).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.value ?? '<value>'}` : ''}`
    return [flag, o.description] as const
  })
  const width = Math.max(...options.map(([flag]) => flag.length))
  return [
    `Usage: ${usageLine(spec)}`,
    '',
    ...spec.description,
    '',
    'Options:',
    ...options.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
    '',
    'Exit codes:',
    ...spec.exitCodes.map((line) => `  ${line}`),
    '',
    'Examples:',
    ...spec.examples.map((line) => `  ${line}`),
    '',
  ].join('\n')
}
