import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// The README line that states the core's size budget ends with this marker (invisible when rendered).
const README_MARKER = '<!-- size-limit: core -->'
const BUDGET_BYTES = 5000 // the core is at most 5 KB min+gz (docs/performance.md); never loosen it silently

interface Check {
  readonly name: string
  readonly path: string
  readonly import?: string
  readonly limit?: string
  readonly gzip?: boolean
}

const checks = JSON.parse(readFileSync('.size-limit.json', 'utf8')) as Check[]
const core = checks.find((c) => c.path === 'dist/index.js' && c.import === '{ can }')

describe('the size budget (.size-limit.json)', () => {
  it('measures `import { can }` from the built root entry, gzipped, within 5 KB', () => {
    expect(core).toBeDefined()
    expect(core?.gzip).toBe(true)
    const match = /^(\d+(?:\.\d+)?) KB$/.exec(core?.limit ?? '')
    expect(match, 'limit written as "<n> KB"').not.toBeNull()
    expect(Number(match?.[1]) * 1000).toBeLessThanOrEqual(BUDGET_BYTES)
  })

  it('is the limit the README quotes', () => {
    const lines = readFileSync('README.md', 'utf8')
      .split('\n')
      .filter((line) => line.includes(README_MARKER))
    expect(lines, `README.md needs exactly one line with ${README_MARKER}`).toHaveLength(1)
    expect(lines[0]).toContain(core?.limit)
  })
})
