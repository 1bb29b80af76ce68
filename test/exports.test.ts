import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * The public surface, as a list: every name each package entry exports, values and types.
 * A restructure that moves files must leave this list as it is; a change to it is a change
 * of the API and belongs in a changeset.
 */
const ENTRIES = {
  seatguard: 'src/index.ts',
  'seatguard/client': 'src/client/index.ts',
  'seatguard/postgres': 'src/postgres/index.ts',
  'seatguard/testing': 'src/testing/index.ts',
} as const

const EXPECTED: Record<keyof typeof ENTRIES, string[]> = {
  seatguard: [
    'Access',
    'AccessControl',
    'AccessControlOptions',
    'AccessMode',
    'Audience',
    'AuditAction',
    'AuditDraft',
    'AuditEntry',
    'AuditQuery',
    'BatchUserInput',
    'Catalogue',
    'CatalogueDefinition',
    'Change',
    'CustomRoleData',
    'Decision',
    'DecisionMessage',
    'DecisionMessages',
    'DecisionReason',
    'DecisionWords',
    'DefaultRole',
    'DeleteRoleOptions',
    'DescribableDecision',
    'DescribeOptions',
    'DryRun',
    'ErrorCode',
    'ExclusivePair',
    'ForbiddenError',
    'Grant',
    'GrantReach',
    'Impact',
    'ImpactRow',
    'ImportOptions',
    'ImportProgress',
    'KnownId',
    'MembershipKind',
    'NewRole',
    'Permission',
    'PermissionDefinition',
    'PermissionOf',
    'PermissionReach',
    'Policy',
    'PolicyData',
    'PolicyStore',
    'Problem',
    'ProblemCode',
    'QueueMember',
    'QueueReport',
    'Reach',
    'ReachColumns',
    'Role',
    'RoleAuditAction',
    'RoleDefinition',
    'RoleOf',
    'RolePatch',
    'SeatFlag',
    'SeatReport',
    'SeatReportRow',
    'SeatUsage',
    'SeatguardError',
    'SeatguardErrorOptions',
    'SetUsersOptions',
    'SqlFilter',
    'SyncStatus',
    'StoreEvent',
    'StoreTransaction',
    'StoredRole',
    'StoredSeatLimit',
    'StoredUser',
    'TenantAuditAction',
    'TenantImpact',
    'TenantSeatReport',
    'TenantState',
    'Tenants',
    'TenantsOptions',
    'User',
    'UserAuditAction',
    'UserIndex',
    'UserInput',
    'WithheldReason',
    'WorkItem',
    'WriteOptions',
    'WriteOutcome',
    'can',
    'conversations',
    'createAccessControl',
    'createGrant',
    'createMemoryStore',
    'createPolicy',
    'createTenants',
    'createUserIndex',
    'defineCatalogue',
    'describeDecision',
    'explain',
    'impact',
    'reachToSql',
  ],
  'seatguard/client': [
    'Audience',
    'DecisionMessage',
    'DecisionMessages',
    'DecisionWords',
    'DescribableDecision',
    'DescribeOptions',
    'Grant',
    'GrantError',
    'GrantProblem',
    'GrantReach',
    'Guard',
    'GuardDecision',
    'GuardOptions',
    'GuardReason',
    'PermissionIn',
    'WithheldReason',
    'WorkItem',
    'createGuard',
    'describeDecision',
  ],
  'seatguard/postgres': [
    'PgConnection',
    'PgNotification',
    'PgPool',
    'PgPoolConnection',
    'PgQueryable',
    'PgResult',
    'PgliteLike',
    'PostgresClient',
    'PostgresStore',
    'PostgresStoreOptions',
    'createPostgresStore',
  ],
  'seatguard/testing': [
    'AssertPolicyOptions',
    'FastCheck',
    'InvariantSample',
    'MakeStore',
    'PolicyArbitraries',
    'PolicyArbitrariesOptions',
    'PolicyInvariant',
    'PolicyInvariantError',
    'PolicyLike',
    'RoleEdit',
    'TestFunctions',
    'TestStoreOptions',
    'applyRoleEdit',
    'assertPolicy',
    'policyArbitraries',
    'policyInvariants',
    'testStore',
  ],
}

function exportsOf(program: ts.Program, file: string): string[] {
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(file)
  const symbol = source && checker.getSymbolAtLocation(source)
  if (symbol === undefined) throw new Error(`${file} is not a module`)
  return checker
    .getExportsOfModule(symbol)
    .map((s) => s.getName())
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

describe('the public API', () => {
  const program = ts.createProgram(Object.values(ENTRIES), {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    resolveJsonModule: true,
    noEmit: true,
    types: ['node'],
  })

  for (const [entry, file] of Object.entries(ENTRIES) as [keyof typeof ENTRIES, string][]) {
    it(`${entry} exports exactly the listed names`, () => {
      expect(exportsOf(program, file)).toEqual([...EXPECTED[entry]].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    })
  }
})
