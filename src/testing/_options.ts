import { SeatguardError } from '../errors.js'
import { missingMembers } from './_policy-like.js'

const FC_MEMBERS = ['constant', 'constantFrom', 'oneof', 'record', 'subarray', 'property', 'check'] as const

export const invalid = (message: string): SeatguardError => new SeatguardError('data/invalid', message)

/** Refuses a value that is not a fast-check module or not a policy (data/invalid). */
export function requireInputs(fn: string, fc: unknown, policy: unknown): void {
  const f = fc as Record<string, unknown> | null
  if (typeof f !== 'object' || f === null || FC_MEMBERS.some((m) => typeof f[m] !== 'function'))
    throw invalid(`${fn}: the first argument must be the fast-check module (import fc from 'fast-check').`)
  const missing = missingMembers(policy)
  if (missing.length > 0)
    throw invalid(`${fn}: the policy must have the Policy members; it lacks ${missing.join(', ')}.`)
}

/** A whole number of at least `min`, or `fallback` when absent. */
export function count(fn: string, name: string, value: unknown, fallback: number, min = 1): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    throw invalid(`${fn}: ${name} must be a whole number of at least ${min}, got ${String(value)}.`)
  return value
}
