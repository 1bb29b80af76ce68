import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { root, run } from './_packed.js'

// `npm run lint:package` packs and runs publint and attw (~15 s on 2 cores): CI runs it, as CI's
// own package step does; a local `npm test` skips it.
const inCI = Boolean(process.env.CI)
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }

describe.runIf(inCI)('npm run lint:package (issue 12)', () => {
  it('passes with attw’s default profile and leaves a tarball the user packed in the project folder as it was', () => {
    const tarball = join(root, `seatguard-${version}.tgz`)
    const own = !existsSync(tarball)
    if (own) writeFileSync(tarball, randomBytes(64))
    const before = readFileSync(tarball)
    try {
      const linted = run('npm', ['run', 'lint:package'], root)
      expect(linted.out).toMatch(/│ node10 +│ 🟢/) // attw's default profile; `--profile node16` leaves the row out
      expect(linted.out).toContain('No problems found')
      expect(linted.code).toBe(0)
      expect(existsSync(tarball) && readFileSync(tarball).equals(before)).toBe(true)
    } finally {
      if (own) rmSync(tarball, { force: true })
    }
  }, 120_000)
})
