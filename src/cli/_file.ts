import { CliError, type CliIo } from './_io.js'

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
}

/** Line and column (both from 1) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return { line, column: offset - before.lastIndexOf('\n') }
}

/** How a file argument is named in messages: `-` is standard input. */
export const fileLabel = (file: string): string => (file === '-' ? '<stdin>' : file)

/** The input error for a file that cannot be read (`what`: "the policy file"), with the reason in words. */
export function readError(file: string, what: string, err: unknown): CliError {
  const code = (err as { code?: unknown }).code
  const reason = typeof code === 'string' ? `${REASONS[code] ?? 'cannot be read'} (${code})` : String(err)
  return new CliError(`${fileLabel(file)}: cannot read ${what}: ${reason}.`)
}

/** Parsed JSON, or why not: the parser's reason without its position, and the offset it stopped at. */
export type ParsedJson =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: string; readonly offset: number | undefined }

/** `JSON.parse`, with its error taken apart for a message that gives a line and a column. */
export function parseJson(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    const at = /at position (\d+)/.exec(message)
    const offset = at ? Number(at[1]) : /end of JSON input/.test(message) ? text.length : undefined
    const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '')
    return { ok: false, reason, offset }
  }
}

/** Reads and parses a JSON file (`-`: standard input); `what` names it in a read error. */
export function readJsonFile(io: CliIo, file: string, what = 'the policy file'): unknown {
  let text: string
  try {
    text = io.readFile(file)
  } catch (err) {
    throw readError(file, what, err)
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const parsed = parseJson(text)
  if (parsed.ok) return parsed.value
  const place = parsed.offset === undefined ? undefined : lineColumn(text, parsed.offset)
  const where = place === undefined ? '' : `:${place.line}:${place.column}`
  throw new CliError(`${fileLabel(file)}${where}: invalid JSON: ${parsed.reason}.`)
}
