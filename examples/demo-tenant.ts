// The tenant both server examples (express.ts, node-http.ts) guard: a service over the
// in-memory store with four users, and the conversations the app keeps in its own database.
import { type AccessControl, conversations, createAccessControl, createMemoryStore, type WorkItem } from 'seatguard'

export const VIEW = 'contact-center/conversations/view'
export const TRANSFER = 'conversations/my-work/transfer'

/** ana: agent with a seat, in billing; ben: agent without a seat (a viewer, R5); vic: viewer; bo: supervisor. */
export async function createDemoTenant(): Promise<AccessControl> {
  const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
  await ac.setUser({ id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] })
  await ac.setUser({ id: 'ben', roles: ['agent'], queues: ['billing'] })
  await ac.setUser({ id: 'vic', roles: ['viewer'] })
  await ac.setUser({ id: 'bo', roles: ['supervisor'], seat: true })
  return ac
}

/** A conversation as the app stores it; its queue and assignee make it the work item of a check (R21). */
export interface Conversation extends WorkItem {
  readonly id: string
}

const list: Conversation[] = [
  { id: 'c-1', queue: 'billing' },
  { id: 'c-2', queue: 'sales', assignee: 'ana' },
  { id: 'c-3', queue: 'sales' },
]
export const conversationById = new Map(list.map((c) => [c.id, c]))
export const conversationsIn = (queue: string): Conversation[] => list.filter((c) => c.queue === queue)
