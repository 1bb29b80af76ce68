import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
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

/** Options of {@link packedProject}. */
export interface PackedProjectOptions {
  /** The project's `package.json` type (default `module`). */
  readonly type?: 'module' | 'commonjs'
  /** The product's own dev dependencies, linked from the repository's node_modules. */
  readonly devDependencies?: readonly string[]
  /** Copy the package this project installed instead of packing and installing it again. */
  readonly installedIn?: PackedProject
}

/**
 * Packs the repository (`npm pack` into the scratch folder, so nothing is written beside the
 * sources), installs the tarball into a new project with this `package.json` type, and links
 * the product's own dev dependencies from the repository's node_modules; seatguard brings none.
 * With `installedIn`, the package another project installed is copied instead.
 */
export function packedProject(options: PackedProjectOptions = {}): PackedProject {
  const dir = mkdtempSync(join(tmpdir(), 'seatguard-packed-'))
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'product', private: true, type: options.type ?? 'module' }))
  if (options.installedIn === undefined) {
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: root, encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop() as string
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(dir, tarball)], {
      cwd: dir,
      stdio: 'ignore',
    })
  } else {
    const installed = join(options.installedIn.dir, 'node_modules', 'seatguard')
    cpSync(installed, join(dir, 'node_modules', 'seatguard'), { recursive: true })
  }
  for (const name of options.devDependencies ?? []) {
    const link = join(dir, 'node_modules', name)
    mkdirSync(dirname(link), { recursive: true })
    symlinkSync(join(root, 'node_modules', name), link, 'dir')
  }
  return {
    dir,
    node: (args) => run(process.execPath, args, dir),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
