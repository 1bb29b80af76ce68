import { readFileSync } from 'node:fs'
import { type CliIo, nodeIo } from '../../src/cli/_io.js'
import { main } from '../../src/cli/main.js'

export interface Ran {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** The lines of a virtual file as readline gives them: split at \n, \r\n or \r, no empty line after the last end. */
async function* linesOf(text: string): AsyncGenerator<string> {
  const lines = text.split(/\r\n|\n|\r/)
  if (lines.at(-1) === '') lines.pop()
  yield* lines
}

/**
 * Runs the CLI in-process. `files` are virtual files (path → text or JSON value); any
 * other path is read from disk, so a missing path fails like it does for real.
 */
export async function run(argv: readonly string[], files: Readonly<Record<string, unknown>> = {}): Promise<Ran> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: (text) => {
      stdout += text
    },
    stderr: (text) => {
      stderr += text
    },
    readFile: (path) => {
      if (path in files) {
        const content = files[path]
        return typeof content === 'string' ? content : JSON.stringify(content, null, 2)
      }
      return readFileSync(path, 'utf8')
    },
    readLines: (path) => (path in files ? linesOf(String(files[path])) : nodeIo.readLines(path)),
  }
  const code = await main(argv, io)
  return { code, stdout, stderr }
}

export const CATALOGUE = { id: 'conversations', version: '1.0.0' } as const

/** A policy file value: the built-in catalogue, these roles and users. */
export const policyFile = (users: readonly unknown[], roles: readonly unknown[] = []): Record<string, unknown> => ({
  catalogue: CATALOGUE,
  roles,
  users,
})

export const AGENT_PERMISSIONS = [
  'contact-center/conversations/view',
  'contact-center/conversations/work-assigned',
  'conversations/allow-assignment',
  'conversations/my-work/transfer',
  'conversations/my-work/internal-notes',
  'conversations/my-work/tags',
  'conversations/my-work/outbound',
  'conversations/my-work/customer-profile',
]

/** A duplicate of agent without allow-assignment, as policy.duplicateRole + updateRole would store it. */
export const AGENT_COPY = {
  id: 'agent-lite',
  name: 'Agent without assignment',
  permissions: AGENT_PERMISSIONS.filter((p) => p !== 'conversations/allow-assignment'),
  derivedFrom: 'agent',
}
