import { conversations } from '../catalogue/conversations.js'
import { defineCatalogue, ensureCatalogue } from '../catalogue/define.js'
import type { Catalogue, CatalogueDefinition } from '../catalogue/types.js'
import { SeatguardError } from '../errors.js'
import type { OptionSpec } from './_args.js'
import { fileLabel, readJsonFile } from './_file.js'
import { plural } from './_findings.js'
import { CliError, type CliIo } from './_io.js'

/** The catalogue a command works on, and where it came from: `file` is undefined for the built-in one. */
export interface CliCatalogue {
  readonly catalogue: Catalogue
  /** The `--catalogue` file as messages name it; undefined for the built-in catalogue. */
  readonly file?: string
}

/** `--catalogue <file>`, the same on every command. */
export const CATALOGUE_OPTION: OptionSpec = {
  type: 'string',
  value: '<file>',
  description: 'the product catalogue: a JSON definition, used instead of the built-in one',
}

/** The built-in catalogue, the default of every command. */
export const BUILT_IN: CliCatalogue = { catalogue: conversations }

/** How messages name the catalogue in use: `the built-in catalogue "conversations"`. */
export const catalogueLabel = ({ catalogue, file }: CliCatalogue): string =>
  file === undefined
    ? `the built-in catalogue ${JSON.stringify(catalogue.id)}`
    : `catalogue ${JSON.stringify(catalogue.id)} (from ${file})`

/**
 * The catalogue of `--catalogue <file>`, or the built-in one when the option is absent.
 * The file holds what defineCatalogue takes (permissions and roles as objects keyed by id);
 * the normalised form that `seatguard catalogue --json` prints (lists) is read too. Either
 * way defineCatalogue validates it, and each of its problems is listed (exit 2).
 */
export function readCatalogueOption(io: CliIo, value: string | boolean | undefined): CliCatalogue {
  if (value === undefined) return BUILT_IN
  if (typeof value !== 'string' || value === '') throw new CliError('--catalogue needs a path to a catalogue file.')
  const file = fileLabel(value)
  const data = readJsonFile(io, value, 'the catalogue file')
  try {
    const { permissions, roles } = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>
    const listed = Array.isArray(permissions) && Array.isArray(roles)
    // Unchecked data on purpose: defineCatalogue validates every field and names what is wrong.
    const catalogue = listed ? ensureCatalogue(data) : defineCatalogue(data as CatalogueDefinition<string, string>)
    return { catalogue, file }
  } catch (err) {
    if (!(err instanceof SeatguardError) || err.code !== 'catalogue/invalid') throw err
    const problems = err.problems.length > 0 ? err.problems.map((p) => p.message) : [err.message]
    throw new CliError(
      `${file}: not a valid catalogue (${plural(problems.length, 'problem')}); fix the definition:`,
      problems.map((message) => `  ${message}`),
    )
  }
}
