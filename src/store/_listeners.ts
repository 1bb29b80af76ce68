import type { StoreEvent } from './types.js'

/** A store's change-feed subscribers. Each hears every event; one that throws is skipped, never the others. */
export class Listeners {
  readonly #set = new Set<(event: StoreEvent) => void>()

  get size(): number {
    return this.#set.size
  }

  add(listener: (event: StoreEvent) => void): void {
    this.#set.add(listener)
  }

  delete(listener: (event: StoreEvent) => void): void {
    this.#set.delete(listener)
  }

  clear(): void {
    this.#set.clear()
  }

  emit(event: StoreEvent): void {
    for (const listener of this.#set) {
      try {
        listener(event)
      } catch {
        // A listener's failure is its own; the commit it hears of stands.
      }
    }
  }
}
