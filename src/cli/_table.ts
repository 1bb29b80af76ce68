/** Plain-text and Markdown tables, with no dependency. */
import { displayWidth, padDisplay } from './_width.js'

export type Row = readonly string[]

/**
 * Control characters as `\u000a`: ids and names come from the policy file, and a newline
 * in one would forge a row, an escape sequence would reach the terminal, a bidirectional
 * override (U+202E) or line separator would reorder or break what is shown.
 */
export const printable = (text: string): string =>
  text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are escaped
    /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )

/**
 * Aligned text rows: every column as wide as its widest cell, two spaces between
 * columns, no trailing spaces. The last column is never padded, so it may hold prose.
 * Widths are display widths ({@link displayWidth}: 山田太郎 takes 8 columns, a combining
 * accent none), so columns line up in a terminal whatever script the names are in.
 * Control characters in cells are escaped ({@link printable}).
 */
export function aligned(rows: readonly Row[]): string {
  const all = rows.map((row) => row.map(printable))
  const columns = Math.max(0, ...all.map((row) => row.length))
  const widths = Array.from({ length: columns }, (_, col) =>
    Math.max(...all.map((row) => displayWidth(row[col] ?? ''))),
  )
  const line = (row: Row): string =>
    row
      .map((cell, col) => (col === row.length - 1 ? cell : padDisplay(cell, widths[col] ?? 0)))
      .join('  ')
      .trimEnd()
  return `${all.map(line).join('\n')}\n`
}

/** An aligned text table with a header row. */
export const textTable = (headers: Row, rows: readonly Row[]): string => aligned([headers, ...rows])

/** Escapes what would break a Markdown table cell. */
const mdCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

/** A GitHub-flavoured Markdown table. Cells are escaped; wrap code yourself with {@link code}. */
export function markdownTable(headers: Row, rows: readonly Row[]): string {
  const line = (row: Row): string => `| ${row.join(' | ')} |`
  return `${[line(headers.map(mdCell)), line(headers.map(() => '---')), ...rows.map(line)].join('\n')}\n`
}

/** A Markdown code span around escaped text, for ids in tables. */
export const code = (text: string): string => `\`${mdCell(text)}\``

/** Markdown-safe plain text for a table cell. */
export const md = mdCell

/** "yes" / "no", for boolean columns. */
export const yesNo = (value: boolean): string => (value ? 'yes' : 'no')
