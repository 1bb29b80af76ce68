/**
 * The console examples of docs/cli.md: blocks of the form
 *
 *     ```console
 *     $ seatguard <args>
 *     <output>
 *     $ echo $?
 *     <exit code>
 *     ```
 *
 * `doc.test.ts` runs each one and compares. `npx tsx test/cli/_doc.ts --write` reruns them
 * all through the CLI and rewrites their output in place.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { run } from './_run.js'

export const DOC = 'docs/cli.md'

export interface ConsoleBlock {
  /** 1-based line of the `$ seatguard` line in the document. */
  readonly line: number
  readonly argv: readonly string[]
  readonly output: string
  readonly code: number | undefined
  /** Character range of the block body (between the fences) in the document. */
  readonly start: number
  readonly end: number
}

/** Splits a command line like a shell would, for the simple quoting docs use. */
export function shellWords(text: string): string[] {
  const words: string[] = []
  for (const m of text.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3] ?? '')
  return words
}

export function consoleBlocks(doc: string): ConsoleBlock[] {
  const blocks: ConsoleBlock[] = []
  for (const m of doc.matchAll(/```console\n([\s\S]*?)```/g)) {
    const body = m[1] ?? ''
    const lines = body.split('\n')
    const first = lines[0] ?? ''
    if (!first.startsWith('$ seatguard')) continue
    const echo = lines.indexOf('$ echo $?')
    const output = lines.slice(1, echo === -1 ? -1 : echo).join('\n')
    const start = (m.index ?? 0) + '```console\n'.length
    blocks.push({
      line: doc.slice(0, m.index).split('\n').length + 1,
      argv: shellWords(first.slice('$ seatguard'.length)),
      output: output === '' ? '' : `${output}\n`,
      code: echo === -1 ? undefined : Number(lines[echo + 1]),
      start,
      end: start + body.length,
    })
  }
  return blocks
}

/** Reruns every block and returns the document with fresh output and exit codes. */
export async function refreshed(doc: string): Promise<string> {
  let out = doc
  for (const block of consoleBlocks(doc).reverse()) {
    const r = await run(block.argv)
    const body = `$ seatguard ${block.argv.join(' ')}\n${r.stdout}${r.stderr}$ echo $?\n${r.code}\n`
    out = out.slice(0, block.start) + body + out.slice(block.end)
  }
  return out
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--write')) {
  writeFileSync(DOC, await refreshed(readFileSync(DOC, 'utf8')))
}
