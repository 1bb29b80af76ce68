import type { Policy } from '../policy/types.js'
import { checkUser } from './_check-user.js'
import { parseJson, readError } from './_file.js'
import { byPath, type Finding, finding } from './_findings.js'
import type { CliIo } from './_io.js'
import { type ReadEntry, userReader } from './_read-users.js'

/** A users file checked: how many users it holds and what is wrong with them, in line order. */
export interface UsersFile {
  readonly users: number
  readonly findings: readonly Finding[]
}

/** A finding of a users file, with its line number beside the path (`line 3.roles[0]`). */
function atLine(f: Finding, line: number): Finding {
  const { message, ...rest } = f
  return { ...rest, line, message }
}

/** The findings of one non-blank line: not JSON, not a valid user, or what `check` finds for the user. */
function lineFindings(
  text: string,
  line: number,
  read: (raw: unknown, at: string) => ReadEntry,
  policy: Policy,
  rejected: ReadonlyMap<string, readonly Finding[]>,
): Finding[] {
  const at = `line ${line}`
  const content = text.trim()
  const parsed = parseJson(content)
  if (!parsed.ok) {
    const lead = text.length - text.trimStart().length
    const column = parsed.offset === undefined ? '' : ` (column ${lead + parsed.offset + 1})`
    const message = `Not a JSON value: ${parsed.reason}${column}; each line holds one user object.`
    return [finding('error', at, 'data/invalid', message)]
  }
  const entry = read(parsed.value, at)
  return entry.user === undefined ? [...entry.findings] : checkUser(policy, entry.user, rejected)
}

/**
 * Checks a JSON-lines users file (`--users <file>`, R38): one user object per line, blank
 * lines ignored, each user read by the same reader as a policy file's users and checked
 * against `policy` as they are. The file is streamed line by line and nothing of a line is
 * kept once it is checked but its user id (to refuse a repeated one) and its findings, so
 * an import of any size can be checked before it runs. A line that is not JSON, or not a
 * valid user, is a finding at `line N`; the other lines are still checked. A file that
 * cannot be read is an input error (exit 2).
 */
export async function checkUsersFile(
  io: CliIo,
  path: string,
  policy: Policy,
  rejected: ReadonlyMap<string, readonly Finding[]>,
): Promise<UsersFile> {
  const read = userReader('import')
  const findings: Finding[] = []
  const lines = io.readLines(path)[Symbol.asyncIterator]()
  let line = 0
  let users = 0
  try {
    for (;;) {
      let next: IteratorResult<string>
      try {
        next = await lines.next()
      } catch (err) {
        throw readError(path, 'the users file', err)
      }
      if (next.done === true) break
      line++
      const text = line === 1 && next.value.charCodeAt(0) === 0xfeff ? next.value.slice(1) : next.value
      if (text.trim() === '') continue
      users++
      for (const f of lineFindings(text, line, read, policy, rejected)) findings.push(atLine(f, line))
    }
  } finally {
    // Closes the file when the loop stopped early (an error above); after the last line it does nothing.
    await lines.return?.()
  }
  return { users, findings: byPath(findings) }
}
