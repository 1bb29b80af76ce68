import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root: the package `npm pack` packs (its built dist/; `npm test` builds first). */
export const root = fileURLToPath(new URL('../..', import.meta.url))

/** The result of a command run in the scratch project: its exit code and standard output. */
export interface Ran {
  readonly code: number
  readonly out: string
}

/** A fresh project with the packed package installed, as a product would have it. */
export interface PackedProject {
  /** The project's folder (a temporary directory). */
  readonly dir: string
  /** Runs `node` with these arguments in the project. */
  readonly node: (args: string[]) => Ran
  /** Deletes the project. */
  readonly remove: () => void
}

/** Runs a program in `cwd`; a non-zero exit is returned, not thrown. */
export function run(file: string, args: string[], cwd: string): Ran {
  try {
    return { code: 0, out: execFileSync(file, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) }
  } catch (err) {
    const e = err as { status: number; stdout: string }
    return { code: e.status, out: e.stdout }
  }
}

/**
 * Packs the repository (`npm pack` into the scratch folder, so nothing is written beside the
 * sources), installs the tarball into a new project with this `package.json` type, and links
 * the product's own dev dependencies from the repository's node_modules; seatguard brings none.
 */
export function packedProject(
  options: { readonly type?: 'module' | 'commonjs'; readonly devDependencies?: readonly string[] } = {},
): PackedProject {
  const dir = mkdtempSync(join(tmpdir(), 'seatguard-packed-'))
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: root, encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop() as string
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'product', private: true, type: options.type ?? 'module' }))
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(dir, tarball)], {
    cwd: dir,
    stdio: 'ignore',
  })
  mkdirSync(join(dir, 'node_modules'), { recursive: true })
  for (const name of options.devDependencies ?? []) {
    symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name), 'dir')
  }
  return {
    dir,
    node: (args) => run(process.execPath, args, dir),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
