/**
 * Finds the TypeScript snippets the docs promise will compile: ```ts fences in Markdown,
 * and ```ts fences inside the `@example` tags of TSDoc comments in src.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

export interface Snippet {
  /** Where the snippet lives, relative to the repository root. */
  readonly file: string
  /** 1-based line of the file that holds the snippet's first code line. */
  readonly line: number
  /** The code, one entry per line; line i sits at `line + i` of `file`. */
  readonly code: readonly string[]
  readonly kind: 'markdown' | 'tsdoc'
  /**
   * The `program=NAME` of the fence (```ts program=server): the blocks of one file that name
   * the same program are parts of one module, joined in order by {@link programOf}, compiled
   * as one and run as one. Absent for a block that stands alone.
   */
  readonly program?: string
}

const PROGRAM = /\bprogram=([\w.-]+)/

// ```ts or ```typescript, optionally followed by words; "nocompile" opts a block out.
const OPEN = /^\s*```(ts|typescript)\b(.*)$/
const CLOSE = /^\s*```\s*$/

/** The ```ts blocks of one Markdown text, except those marked `nocompile`. */
export function markdownSnippets(file: string, text: string): Snippet[] {
  const lines = text.split(/\r?\n/)
  const out: Snippet[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i] ?? '')
    if (!open) continue
    const start = i + 1
    let end = start
    while (end < lines.length && !CLOSE.test(lines[end] ?? '')) end++
    if (end === lines.length) throw new Error(`${file}:${i + 1}: a \`\`\`${open[1]} block is never closed`)
    const info = open[2] ?? ''
    const program = PROGRAM.exec(info)?.[1]
    if (!/\bnocompile\b/.test(info))
      out.push({
        file,
        line: start + 1,
        code: lines.slice(start, end),
        kind: 'markdown',
        ...(program === undefined ? {} : { program }),
      })
    i = end
  }
  return out
}

/** The ```ts blocks inside `@example` tags of the TSDoc comments in one source text. */
export function tsdocSnippets(file: string, text: string): Snippet[] {
  const lines = text.split(/\r?\n/)
  const out: Snippet[] = []
  let inComment = false
  let inExample = false
  let block: { start: number; code: string[] } | undefined
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? ''
    if (!inComment) {
      if (/^\s*\/\*\*/.test(raw) && !raw.includes('*/')) {
        inComment = true
        inExample = false
      }
      continue
    }
    if (/^\s*\*\//.test(raw)) {
      if (block) throw new Error(`${file}:${block.start}: an @example fence is never closed`)
      inComment = false
      continue
    }
    const body = raw.replace(/^\s*\* ?/, '')
    if (block) {
      if (CLOSE.test(body)) {
        out.push({ file, line: block.start, code: block.code, kind: 'tsdoc' })
        block = undefined
      } else block.code.push(body)
      continue
    }
    const tag = /^@(\w+)/.exec(body.trim())
    if (tag) inExample = tag[1] === 'example'
    if (inExample && OPEN.test(body) && !/\bnocompile\b/.test(body)) block = { start: i + 2, code: [] }
  }
  return out
}

/** Files under `dir` (recursively) whose name passes `keep`, as paths relative to `root`. */
export function filesUnder(root: string, dir: string, keep: (name: string) => boolean): string[] {
  const found: string[] = []
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (keep(entry.name)) found.push(relative(root, path))
    }
  }
  walk(join(root, dir))
  return found.sort()
}

export const read = (root: string, file: string): string => readFileSync(join(root, file), 'utf8')

/** One program of a Markdown file: its parts, in order, and their code joined. */
export interface Program {
  readonly file: string
  readonly name: string
  readonly parts: readonly Snippet[]
  /** The parts' lines, one blank line between two parts. */
  readonly code: readonly string[]
  /** Where line `i` (0-based) of `code` sits, as `file:line`. */
  where(i: number): string
}

/** Joins the snippets of `file` that name `program` into one module, in the order they appear. */
export function programOf(snippets: readonly Snippet[], file: string, program: string): Program {
  const parts = snippets.filter((s) => s.file === file && s.program === program)
  if (parts.length === 0) throw new Error(`${file} has no \`\`\`ts program=${program} block`)
  const code: string[] = []
  const origin: string[] = []
  for (const part of parts) {
    if (code.length > 0) {
      code.push('')
      origin.push(`${file}:${part.line - 1}`)
    }
    part.code.forEach((line, i) => {
      code.push(line)
      origin.push(`${file}:${part.line + i}`)
    })
  }
  return { file, name: program, parts, code, where: (i) => origin[i] ?? `${file}:${parts[0]?.line ?? 0}` }
}
