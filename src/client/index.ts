/**
 * The browser side: read a grant made on the server with `createGrant` and ask it what
 * the user may do, to show or hide parts of the interface.
 *
 * @module seatguard/client
 */

export type {
  Audience,
  DecisionMessage,
  DecisionMessages,
  DecisionWords,
  DescribableDecision,
  DescribeOptions,
} from '../grant/describe.js'
export { describeDecision } from '../grant/describe.js'
export type { Grant, GrantReach, WithheldReason } from '../grant/format.js'
export type { GrantProblem } from './error.js'
export { GrantError } from './error.js'
export { createGuard } from './guard.js'
export type { Guard, GuardDecision, GuardOptions, GuardReason, PermissionIn, WorkItem } from './types.js'
