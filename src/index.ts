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
  RoleDefinition,
  RoleOf,
} from './catalogue/types.js'
export { can, explain } from './default.js'
export { ForbiddenError, SeatguardError } from './errors.js'
export type { ErrorCode, SeatguardErrorOptions } from './errors.js'
export { createGrant } from './grant/create.js'
export type { Grant, WithheldReason } from './grant/format.js'
export { createPolicy } from './policy/create.js'
export { createUserIndex } from './policy/user-index.js'
export type { UserIndex } from './policy/user-index.js'
export type {
  Access,
  AccessMode,
  CustomRoleData,
  Decision,
  DecisionReason,
  NewRole,
  Policy,
  PolicyData,
  Problem,
  ProblemCode,
  Role,
  RolePatch,
  SeatFlag,
  SeatReport,
  SeatReportRow,
  User,
} from './policy/types.js'
export { createAccessControl } from './service/create.js'
export { createMemoryStore } from './service/memory.js'
export type { AccessControl, AccessControlOptions, DeleteRoleOptions, UserInput, WriteOptions } from './service/access.js'
export type {
  AuditAction,
  AuditDraft,
  AuditEntry,
  AuditQuery,
  PolicyStore,
  RoleAuditAction,
  StoreEvent,
  StoreTransaction,
  StoredRole,
  StoredUser,
  TenantState,
  UserAuditAction,
} from './service/types.js'
