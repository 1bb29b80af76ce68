/**
 * docs/storage.md has a runnable import example (R38): it generates a file of 10,000 users and
 * imports it into PGlite with importUsers. This test runs that very block (its `seatguard`
 * imports mapped to src) and checks that each `console.log(...) // value` line prints the value
 * its comment shows, and that it reported progress after each of the ten batches.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { markdownSnippets } from './_extract.js'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../..')
const DOC = 'docs/storage.md'
const out = join(here, '.storage-import-example', String(process.pid))

/** The one ```ts block of docs/storage.md that imports into PGlite. */
function exampleBlock(): string[] {
  const blocks = markdownSnippets(DOC, readFileSync(join(root, DOC), 'utf8')).filter(
    (s) => s.code.some((line) => line.includes('new PGlite')) && s.code.some((line) => line.includes('importUsers(')),
  )
  expect(blocks, `${DOC} has exactly one PGlite import example`).toHaveLength(1)
  return [...(blocks[0]?.code ?? [])]
}

/** What a `console.log(x) // { a: 1, b: [2] }` line's comment says it prints, read as JSON. */
function said(line: string): unknown {
  const comment = /\/\/ (.*)$/.exec(line)?.[1]
  if (comment === undefined) throw new Error(`${DOC}: no // value comment on: ${line}`)
  return JSON.parse(comment.replace(/([{,]\s*)([A-Za-z]\w*):/g, '$1"$2":').replaceAll("'", '"'))
}

afterAll(() => rmSync(out, { recursive: true, force: true }))

describe('docs/storage.md: the import example runs on PGlite and prints what it says', () => {
  it('R38: importing the generated file of 10,000 users prints the totals, seats and check its comments show', async () => {
    const code = exampleBlock()
    const expected = code.filter((line) => line.startsWith('console.log(')).map(said)
    expect(expected).toHaveLength(3)
    mkdirSync(out, { recursive: true })
    const file = join(out, 'example.ts')
    const to = (entry: string): string => relative(out, join(root, entry)).replaceAll('\\', '/')
    const source = code
      .join('\n')
      .replace("from 'seatguard/postgres'", `from '${to('src/postgres/index.js')}'`)
      .replace("from 'seatguard'", `from '${to('src/index.js')}'`)
    writeFileSync(file, `${source}\nexport {}\n`)
    const printed: unknown[] = []
    const log = vi.spyOn(console, 'log').mockImplementation((value: unknown) => {
      printed.push(value)
    })
    try {
      await import(/* @vite-ignore */ file)
    } finally {
      log.mockRestore()
    }
    const progress = printed.filter((p) => typeof p === 'string' && p.startsWith('batch '))
    expect(progress).toEqual(Array.from({ length: 10 }, (_, i) => `batch ${i + 1}: ${(i + 1) * 1000} users written`))
    expect(printed.filter((p) => !progress.includes(p as string))).toEqual(expected)
  }, 120_000)
})
