// `npm run lint:package`: checks the package as npm would publish it, with publint --strict and
// with attw's default profile (node10, node16 from CJS and from ESM, bundler). It packs into a
// temporary folder and lints that tarball, so nothing in the project folder is written or removed:
// `attw --pack .` deletes a tarball of the same name that the user packed there before.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const bin = (name) => join(root, 'node_modules', '.bin', name)
const dir = mkdtempSync(join(tmpdir(), 'seatguard-lint-package-'))
try {
  const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: root, encoding: 'utf8' })
  const tarball = join(dir, packed.trim().split('\n').pop())
  execFileSync(bin('publint'), ['run', tarball, '--strict'], { cwd: root, stdio: 'inherit' })
  execFileSync(bin('attw'), [tarball], { cwd: root, stdio: 'inherit' })
} catch (err) {
  if (typeof err?.status !== 'number') throw err
  process.exitCode = err.status
} finally {
  rmSync(dir, { recursive: true, force: true })
}
