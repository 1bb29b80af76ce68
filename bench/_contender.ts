import type { Scenario } from './_scenario.js'

/**
 * The timed modes; each counts the allowed decisions among the first n checks of the scenario.
 * Every contender writes these loops out in full on purpose: a shared loop taking a callback
 * would put an indirect call inside every timed check and blur the ratios between libraries.
 */
export interface Modes {
  /** A check on the prebuilt per-user object (a seatguard User, a CASL ability, …). */
  readonly prebuilt: (n: number) => number
  /** A fresh user object per check, as a request handler gets it, then whatever the library needs per request. */
  readonly fresh: (n: number) => number
  /** Look the user up by id in what the library loaded, then check. */
  readonly byId: (n: number) => number
}

/** One library's model of the scenario. `load` builds everything checks need for all users. */
export interface Contender {
  readonly name: string
  /** The npm package measured, for its version; absent for the hand-written reference. */
  readonly pkg?: string
  /** How this library models the seat rule (shown in docs/performance.md). */
  readonly seatRule: string
  readonly load: (s: Scenario) => Modes | Promise<Modes>
}

/** The user a request handler builds per request: a fresh object and a fresh roles array. */
export interface RequestUser {
  id: string
  roles: string[]
  seat: boolean
}
