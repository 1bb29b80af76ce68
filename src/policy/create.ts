import { isObject, show } from '../_util.js'
import { ensureCatalogue } from '../catalogue/define.js'
import type { Catalogue } from '../catalogue/types.js'
import { errorFromProblems, ForbiddenError, reading, SeatguardError } from '../errors.js'
import { checkCompiled } from '../evaluate/_check.js'
import { type Compiled, compile, indexCatalogue } from '../evaluate/_compile.js'
import { accessOf, canCompiled, NO_ACCESS, readUser } from '../evaluate/_decide.js'
import { explainCompiled } from '../evaluate/_explain.js'
import { queueReportCompiled, withMembership } from '../evaluate/_queues.js'
import { canItemCompiled, reachCompiled } from '../evaluate/_reach.js'
import { seatReportCompiled } from '../evaluate/_seats.js'
import type { Access, Decision } from '../model/decision.js'
import type { Problem } from '../model/problem.js'
import type { QueueReport } from '../model/queues.js'
import type { Reach, WorkItem } from '../model/reach.js'
import type { CustomRoleData, Role, RolePatch } from '../model/role.js'
import type { SeatReport } from '../model/seats.js'
import type { User } from '../model/user.js'
import { defaultRoles, editedPermissions, readCustomRole } from './_roles.js'
import type { Policy, PolicyData } from './types.js'

/**
 * Builds an immutable {@link Policy} from a catalogue and (optionally) stored custom
 * roles, for example `policy.toJSON().roles`. Custom roles are validated (R3): every
 * problem is listed in the thrown `SeatguardError`, whose code is the first one's.
 *
 * @example
 * ```ts
 * import { conversations, createPolicy } from 'seatguard'
 * const policy = createPolicy(conversations, [
 *   { id: 'downloader', name: 'Downloader', permissions: ['conversations/my-work/download-conversation'] },
 * ])
 * policy.can({ id: 'ana', roles: ['agent', 'downloader'], seat: true }, 'conversations/my-work/download-conversation') // true
 * ```
 */
export function createPolicy<TPermission extends string, TRole extends string>(
  catalogue: Catalogue<TPermission, TRole>,
): Policy<TPermission, TRole>
export function createPolicy<TPermission extends string, TRole extends string>(
  catalogue: Catalogue<TPermission, TRole>,
  customRoles: readonly CustomRoleData[],
): Policy<TPermission, string>
export function createPolicy(catalogue: Catalogue, customRoles: readonly CustomRoleData[] = []): Policy {
  const cat = indexCatalogue(ensureCatalogue(catalogue))
  if (!Array.isArray(customRoles))
    throw new SeatguardError('data/invalid', 'createPolicy: custom roles must be an array.')
  const roles = defaultRoles(cat)
  const taken = new Set(roles.map((r) => r.id))
  const problems: Problem[] = []
  reading('createPolicy: custom roles', () => {
    for (const data of customRoles) {
      const role = readCustomRole(cat, data, taken, problems)
      if (role) {
        roles.push(role)
        taken.add(role.id)
      }
    }
  })
  if (problems.length > 0) throw errorFromProblems(problems)
  return new PolicyValue(compile(cat, Object.freeze(roles)))
}

const compiledPolicies = new WeakMap<object, Compiled>()

/** The compiled form behind a policy made by createPolicy, for layers that index users; undefined for anything else. */
export function compiledOf(policy: unknown): Compiled | undefined {
  return typeof policy === 'object' && policy !== null ? compiledPolicies.get(policy) : undefined
}

class PolicyValue implements Policy {
  readonly #c: Compiled

  constructor(compiled: Compiled) {
    this.#c = compiled
    compiledPolicies.set(this, compiled)
    Object.freeze(this)
  }

  get catalogue(): Catalogue {
    return this.#c.cat.catalogue
  }

  get roles(): readonly Role[] {
    return this.#c.roles
  }

  role(id: string): Role | undefined {
    const r = this.#c.roleIndex.get(id)
    return r === undefined ? undefined : this.#c.roles[r]
  }

  // Role data comes from callers: `reading` turns a getter or proxy that throws into data/invalid.
  createRole(data: { id: string; name: string; description?: string; permissions: readonly string[] }): Policy {
    return reading('createRole', () => {
      if (!isObject(data)) return this.#withRole(data, undefined)
      const { id, name, description, permissions, derivedFrom } = data as Record<string, unknown>
      // R3: only duplicateRole records derivedFrom; taking the caller's would make R8 and R9 treat a
      // role made from scratch as a copy of a default role.
      if (derivedFrom !== undefined) {
        throw new SeatguardError(
          'data/invalid',
          `Role ${show(id)}: createRole takes no "derivedFrom"; duplicate the default role instead (R3).`,
        )
      }
      return this.#withRole({ id, name, description, permissions }, undefined)
    })
  }

  duplicateRole(sourceId: string, data: { id: string; name: string; description?: string }): Policy {
    return reading('duplicateRole', () => {
      const source = this.#existing(sourceId)
      if (!isObject(data)) return this.#withRole(data, undefined)
      const { id, name, description } = data
      // R3: derivedFrom is the default role the copy descends from, through any chain of copies.
      const derivedFrom = source.kind === 'default' ? source.id : source.derivedFrom
      return this.#withRole(
        {
          id,
          name,
          description: description === undefined ? source.description : description,
          permissions: source.permissions,
          derivedFrom,
        },
        undefined,
      )
    })
  }

  updateRole(id: string, patch: RolePatch): Policy {
    return reading('updateRole', () => {
      const current = this.#editable(id)
      if (!isObject(patch)) throw new SeatguardError('data/invalid', `Role ${show(id)}: the patch must be an object.`)
      const { name, description, permissions, add, remove } = patch
      const problems: Problem[] = []
      const next = {
        ...current,
        ...(name !== undefined ? { name } : {}),
        ...(description !== undefined ? { description } : {}),
        ...editedPermissions(this.#c.cat, current, { permissions, add, remove }, problems),
      }
      return this.#withRole(next, id, problems)
    })
  }

  deleteRole(id: string): Policy {
    this.#editable(id)
    return new PolicyValue(compile(this.#c.cat, Object.freeze(this.#c.roles.filter((r) => r.id !== id))))
  }

  toJSON(): PolicyData {
    const { catalogue } = this.#c.cat
    const roles = this.#c.roles
      .filter((r) => r.kind === 'custom')
      .map(({ kind: _kind, ...data }): CustomRoleData => ({ ...data, permissions: [...data.permissions] }))
    return { catalogue: { id: catalogue.id, version: catalogue.version }, roles }
  }

  can(user: User, permission: string, item?: WorkItem): boolean {
    // Without an item, the hot path; with one, the item must also be within reach (R21).
    if (item === undefined) return canCompiled(this.#c, user, permission)
    return canCompiled(this.#c, user, permission) && canItemCompiled(this.#c, user, permission, item)
  }

  explain(user: User, permission: string, item?: WorkItem): Decision {
    return explainCompiled(this.#c, user, permission, item)
  }

  assertCan(user: User, permission: string, item?: WorkItem): void {
    const decision = explainCompiled(this.#c, user, permission, item)
    if (!decision.allowed) throw new ForbiddenError(decision)
  }

  reach(user: User, permission: string): Reach {
    return reachCompiled(this.#c, user, permission)
  }

  access(user: User): Access {
    const u = readUser(this.#c, user)
    return typeof u === 'string' ? NO_ACCESS : withMembership(this.#c, u, accessOf(this.#c, u.roles, u.seat))
  }

  check(user: User): Problem[] {
    return checkCompiled(this.#c, user)
  }

  seatReport(users: Iterable<User>): SeatReport {
    return seatReportCompiled(this.#c, users)
  }

  queueReport(users: Iterable<User>): QueueReport {
    return queueReportCompiled(this.#c, users)
  }

  #existing(id: string): Role {
    const role = this.role(id)
    if (role === undefined)
      throw new SeatguardError('role/unknown', `Role ${show(id)} does not exist in this policy.`, {
        context: { role: id },
      })
    return role
  }

  #editable(id: string): Role {
    const role = this.#existing(id)
    if (role.kind === 'default') {
      throw new SeatguardError(
        'role/immutable',
        `Role ${show(id)} is a default role and cannot be changed; duplicate it and edit the copy (R2).`,
        {
          context: { role: id },
        },
      )
    }
    return role
  }

  /** Adds a role, or replaces the role `replacing`, after validating it (R3); `found` lists problems found before. */
  #withRole(data: unknown, replacing: string | undefined, found: readonly Problem[] = []): Policy {
    const defined = isObject(data) ? Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) : data
    const roles = this.#c.roles
    const taken = new Set(roles.map((r) => r.id).filter((id) => id !== replacing))
    const problems: Problem[] = []
    const role = readCustomRole(this.#c.cat, defined, taken, problems)
    problems.push(...found)
    if (role === undefined || problems.length > 0) throw errorFromProblems(problems)
    const next = replacing === undefined ? [...roles, role] : roles.map((r) => (r.id === replacing ? role : r))
    return new PolicyValue(compile(this.#c.cat, Object.freeze(next)))
  }
}
