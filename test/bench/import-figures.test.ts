import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { IMPORT_END, IMPORT_START, renderImportDoc } from '../../bench/_report.js'
import type { Results } from '../../bench/run.js'

// docs/storage.md quotes the import figures of the published benchmark run (R38) between two
// markers that `npm run bench` rewrites; this keeps the text there equal to what
// bench/results.json holds, so no figure in the docs comes from anywhere else.
describe('docs/storage.md import figures', () => {
  const results = JSON.parse(readFileSync('bench/results.json', 'utf8')) as Results
  const doc = readFileSync('docs/storage.md', 'utf8')

  it('R38: the text between the import markers is what bench/results.json says', () => {
    const start = doc.indexOf(IMPORT_START)
    const end = doc.indexOf(IMPORT_END)
    expect(start, 'docs/storage.md has the import markers').toBeGreaterThan(0)
    expect(end).toBeGreaterThan(start)
    expect(doc.slice(start + IMPORT_START.length, end).trim()).toBe(renderImportDoc(results))
  })

  it('R38: once measured, every figure quoted is one of the results file', () => {
    const m = results.importUsers
    const text = renderImportDoc(results)
    if (m === undefined) {
      expect(text).not.toMatch(/\d+(\.\d+)? (ms|s|MB)\b/) // not measured yet: no figure at all
      return
    }
    expect(text).toContain(`| memory store (median of ${m.memory.samplesMs.length}) |`)
    if (m.postgres === null) expect(text).toContain(`not measured: ${m.postgresSkipped}`)
    else expect(text).toContain(`${m.postgres.statementsPerBatch.toFixed(1)} statements per batch`)
  })
})
