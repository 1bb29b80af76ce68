/**
 * seatguard: permission-based access control for seat-licensed products. Catalogues,
 * policies with default and custom roles, checks, seat reports, and the storage service.
 *
 * @module seatguard
 */
export { conversations } from './catalogue/conversations.js'
export { defineCatalogue } from './catalogue/define.js'
export type {
  Catalogue,
  CatalogueDefinition,
  DefaultRole,
  ExclusivePair,
  KnownId,
  Permission,
  PermissionDefinition,
  PermissionOf,
  PermissionReach,
  RoleDefinition,
  RoleOf,
} from './catalogue/types.js'
export type { SeatguardErrorOptions } from './errors.js'
export { ForbiddenError, SeatguardError } from './errors.js'
export type { ReachColumns, SqlFilter } from './evaluate/reach-sql.js'
export { reachToSql } from './evaluate/reach-sql.js'
export { createGrant } from './grant/create.js'
export type {
  Audience,
  DecisionMessage,
  DecisionMessages,
  DecisionWords,
  DescribableDecision,
  DescribeOptions,
} from './grant/describe.js'
export { describeDecision } from './grant/describe.js'
export type { Grant, GrantReach, WithheldReason } from './grant/format.js'
export type {
  AuditAction,
  AuditDraft,
  AuditEntry,
  AuditQuery,
  RoleAuditAction,
  TenantAuditAction,
  UserAuditAction,
} from './model/audit.js'
export type { BatchUserInput, ImportOptions, ImportProgress, SetUsersOptions } from './model/batch.js'
export type { Access, AccessMode, Decision } from './model/decision.js'
export type { DryRun, TenantImpact } from './model/dry-run.js'
export type { ErrorCode } from './model/error-code.js'
export type { Change, Impact, ImpactRow } from './model/impact.js'
export type { Problem, ProblemCode } from './model/problem.js'
export type { QueueMember, QueueReport } from './model/queues.js'
export type { MembershipKind, Reach, WorkItem } from './model/reach.js'
export type { DecisionReason } from './model/reason.js'
export type { CustomRoleData, NewRole, Role, RolePatch, StoredRole } from './model/role.js'
export type {
  SeatFlag,
  SeatReport,
  SeatReportRow,
  SeatUsage,
  StoredSeatLimit,
  TenantSeatReport,
} from './model/seats.js'
export type { StoredUser, User, UserInput } from './model/user.js'
export { can, explain } from './policy/built-in.js'
export { createPolicy } from './policy/create.js'
export { impact } from './policy/impact.js'
export type { Policy, PolicyData } from './policy/types.js'
export type { UserIndex } from './policy/user-index.js'
export { createUserIndex } from './policy/user-index.js'
export { createAccessControl } from './service/create.js'
export type { Tenants, TenantsOptions } from './service/tenants.js'
export { createTenants } from './service/tenants.js'
export type { AccessControl, AccessControlOptions } from './service/types.js'
export type { DeleteRoleOptions, SyncStatus, WriteOptions, WriteOutcome } from './service/write-options.js'
export { createMemoryStore } from './store/memory.js'
export type { PolicyStore, StoreEvent, StoreTransaction, TenantState } from './store/types.js'
