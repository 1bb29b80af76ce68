import { isObject } from '../_util.js'
import { versionLine } from '../grant/format.js'
import type { Policy } from '../policy/types.js'
import { type CliCatalogue, catalogueLabel } from './_catalogue.js'
import { fileLabel, readJsonFile } from './_file.js'
import { brief, type Finding, keyPath } from './_findings.js'
import { CliError, type CliIo } from './_io.js'
import { readRoles } from './_read-roles.js'
import { type FileUser, readUsers } from './_read-users.js'
import { didYouMean, followedBy } from './_suggest.js'

const TOP_KEYS = ['catalogue', 'roles', 'users']

/** A policy file, read: the policy it defines, its valid users, and what is wrong inside it. */
export interface PolicyFile {
  /** The file as messages name it (`<stdin>` for `-`). */
  readonly file: string
  readonly policy: Policy
  readonly users: readonly FileUser[]
  /** Problems with single roles and users (R3, shapes, duplicate ids), in file order. */
  readonly findings: readonly Finding[]
  /** Custom roles that were refused (not in `policy`): by id, the findings that refused them. */
  readonly rejectedRoles: ReadonlyMap<string, readonly Finding[]>
  readonly counts: { readonly roles: number; readonly users: number }
}

/**
 * Checks the catalogue reference against the catalogue in use. A policy is for it when the
 * ids are the same and the versions are on the same line (versionLine, the rule the browser
 * guard applies to grants): minor and patch releases of a catalogue only add, so a file
 * written against 1.0.0 is read by 1.x (semantic versioning).
 */
function checkCatalogue(file: string, ref: unknown, used: CliCatalogue): void {
  const { id, version } = used.catalogue
  const wanted = `{ "id": "${id}", "version": "${version}" }`
  if (ref === undefined)
    throw new CliError(
      `${file}: "catalogue" is missing; a policy file says which catalogue it is for: "catalogue": ${wanted}.`,
    )
  if (!isObject(ref) || typeof ref.id !== 'string' || typeof ref.version !== 'string') {
    throw new CliError(`${file}: catalogue: must be an object with string "id" and "version", such as ${wanted}.`)
  }
  if (ref.id !== id) {
    const hint = used.file === undefined ? '; give its definition with --catalogue <file>' : ''
    throw new CliError(
      `${file}: catalogue.id: the policy is for catalogue ${JSON.stringify(ref.id)}, but the command uses ${catalogueLabel(used)}${hint}.`,
    )
  }
  const line = versionLine(version)
  if (versionLine(ref.version) !== line) {
    const which = line === version ? `version ${JSON.stringify(version)}` : line
    throw new CliError(
      `${file}: catalogue.version: the policy is for ${id} ${JSON.stringify(ref.version)}, but ${catalogueLabel(used)} is version ${version}; only ${which} files can be read.`,
    )
  }
}

function listAt(file: string, data: Record<string, unknown>, key: 'roles' | 'users'): readonly unknown[] {
  const value = data[key]
  if (value === undefined) return []
  if (!Array.isArray(value)) throw new CliError(`${file}: ${key}: must be an array, got ${brief(value)}.`)
  return value
}

/**
 * Reads a policy file, `{ "catalogue": { id, version }, "roles": [...], "users": [...] }`,
 * against the catalogue in use. Problems with the file itself (unreadable, not JSON, wrong
 * shape, another catalogue) throw a CliError; problems inside the role and user lists are
 * returned as findings.
 */
export function loadPolicyFile(io: CliIo, path: string, used: CliCatalogue, withUsers = true): PolicyFile {
  return readPolicyData(fileLabel(path), readJsonFile(io, path), used, withUsers)
}

/**
 * Reads a policy file's content already parsed (`file` names it in messages), as
 * {@link loadPolicyFile} does. Without `withUsers` (`check --users`, whose users come from
 * another file) the `users` list is only counted: its entries are neither read nor reported.
 */
export function readPolicyData(file: string, data: unknown, used: CliCatalogue, withUsers = true): PolicyFile {
  if (!isObject(data)) {
    throw new CliError(
      `${file}: a policy file must be a JSON object with "catalogue", "roles" and "users", got ${Array.isArray(data) ? 'an array' : brief(data)}.`,
    )
  }
  for (const key of Object.keys(data)) {
    if (!TOP_KEYS.includes(key)) {
      throw new CliError(
        followedBy(
          `${file}: ${keyPath('', key)}: unknown key${didYouMean(key, TOP_KEYS)}`,
          'a policy file has "catalogue", "roles" and "users".',
        ),
      )
    }
  }
  checkCatalogue(file, data.catalogue, used)
  const roleList = listAt(file, data, 'roles')
  const userList = listAt(file, data, 'users')
  const roles = readRoles(roleList, used.catalogue)
  const users = readUsers(withUsers ? userList : [])
  return {
    file,
    policy: roles.policy,
    users: users.users,
    findings: [...roles.findings, ...users.findings],
    rejectedRoles: roles.rejected,
    counts: { roles: roleList.length, users: userList.length },
  }
}

/** For commands that need a sound file: refuses (exit 2) when any role or user could not be read. */
export function requireSound(loaded: PolicyFile, command: string): void {
  if (loaded.findings.length === 0) return
  throw new CliError(
    `${loaded.file}: the policy file has ${loaded.findings.length} invalid ${loaded.findings.length === 1 ? 'entry' : 'entries'}; fix ${loaded.findings.length === 1 ? 'it' : 'them'} before running ${command} ("seatguard check" lists every problem):`,
    loaded.findings.map((f) => `  ${f.path}: ${f.message}`),
  )
}
