import { createReadStream, readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'

/**
 * Everything the CLI does to the outside world goes through this object, so tests can
 * run `main(argv, io)` in-process and read what it wrote.
 */
export interface CliIo {
  /** Writes text to standard output (the caller adds newlines). */
  readonly stdout: (text: string) => void
  /** Writes text to standard error. */
  readonly stderr: (text: string) => void
  /** Reads a UTF-8 file (`-`: standard input); throws a Node error (with `code`, e.g. `ENOENT`) when it cannot. */
  readonly readFile: (path: string) => string
  /**
   * The lines of a UTF-8 file (`-`: standard input), one at a time, without their line ends
   * (`\n`, `\r\n`): a large file is never held whole. Iterating rejects with a Node error
   * (with `code`) when the file cannot be read.
   */
  readonly readLines: (path: string) => AsyncIterable<string>
}

/** The real process: stdout, stderr and the file system. */
export const nodeIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path === '-' ? 0 : path, 'utf8'),
  readLines: (path) =>
    createInterface({ input: path === '-' ? process.stdin : createReadStream(path, 'utf8'), crlfDelay: Infinity }),
}

/** Exit codes, documented in docs/cli.md. */
export const EXIT = {
  /** The command did its job: no errors found, access allowed, report printed. */
  ok: 0,
  /** `check` found error-level problems, or `explain` denied access. */
  problems: 1,
  /** Bad command line, unreadable or invalid input: nothing was checked. */
  usage: 2,
  /** seatguard itself failed: a bug, reported with its stack. */
  internal: 70,
} as const

/** A failure of the command line or its input (exit code 2). `lines` are printed after the message. */
export class CliError extends Error {
  readonly lines: readonly string[]
  constructor(message: string, lines: readonly string[] = []) {
    super(message)
    this.name = 'CliError'
    this.lines = lines
  }
}
