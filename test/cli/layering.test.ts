import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { describe, expect, it } from 'vitest'

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))
const imports = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? '')

describe('the CLI is a layer on top of the core', () => {
  it('no module outside src/cli imports src/cli, so the package entries never bundle it', () => {
    const offenders = files('src')
      .filter((f) => !f.startsWith(join('src', 'cli')))
      .flatMap((f) => imports(f).filter((i) => i.startsWith('.') && normalize(join(dirname(f), i)).startsWith(join('src', 'cli'))).map((i) => `${f}: ${i}`))
    expect(offenders).toEqual([])
  })

  it('src/cli imports only the core (relative), node: builtins and package.json', () => {
    const outside = files(join('src', 'cli')).flatMap((f) => imports(f).filter((i) => !i.startsWith('.') && !i.startsWith('node:')).map((i) => `${f}: ${i}`))
    expect(outside).toEqual([])
  })

  it('the checker itself finds imports', () => {
    expect(imports(join('src', 'cli', 'main.ts'))).toContain('./check.js')
  })
})
