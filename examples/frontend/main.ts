// The page's script: fetch the signed-in user's grant, then show the controls it allows and
// say why the others are hidden, then check Transfer on each conversation (a work item: its
// queue and assignee, R21). Only the *type* of the catalogue is imported, so the catalogue
// itself never reaches the browser; the client entry keeps to a small byte budget.
import type { conversations } from 'seatguard'
import { createGuard, GrantError } from 'seatguard/client'

// The catalogue this page was written for; a grant made with any other is refused.
const CATALOGUE = { id: 'conversations', version: '1.0.0' }

const element = (id: string): HTMLElement => document.getElementById(id) as HTMLElement
const controls = document.querySelectorAll<HTMLElement>('[data-permission]')
const TRANSFER = 'conversations/my-work/transfer'
/** What a list endpoint would return: conversations by queue and assignee. */
const conversationList = [
  { id: 'c-1', queue: 'billing' },
  { id: 'c-2', queue: 'sales', assignee: 'ana' },
  { id: 'c-3', queue: 'sales' },
]

async function start(): Promise<void> {
  const user = new URLSearchParams(location.search).get('user') ?? ''
  const response = await fetch(`/grant?user=${encodeURIComponent(user)}`)
  if (!response.ok) throw new Error(`The server refused the grant (${response.status}).`)
  const guard = createGuard<typeof conversations>(await response.json(), { catalogue: CATALOGUE })
  element('user').textContent = guard.user
  element('mode').textContent = guard.mode
  for (const control of controls) {
    const decision = guard.explain(control.dataset.permission ?? '')
    control.hidden = !decision.allowed
    if (!decision.allowed) {
      const item = document.createElement('li')
      item.dataset.permission = decision.permission
      item.dataset.reason = decision.reason
      // The sentence for the user, with the permission's display name from the grant (R35).
      item.textContent = decision.message
      element('why').append(item)
    }
  }
  for (const conversation of conversationList) {
    // The same answer the server gives for policy.can(user, TRANSFER, conversation).
    const decision = guard.explain(TRANSFER, conversation)
    const row = document.createElement('li')
    row.dataset.conversation = conversation.id
    row.dataset.reason = decision.reason
    row.textContent = `${conversation.id} (${conversation.queue}) `
    if (decision.allowed) {
      const button = document.createElement('button')
      button.type = 'button'
      button.textContent = 'Transfer'
      row.append(button)
    } else row.append(decision.message)
    element('conversations').append(row)
  }
}

start()
  .catch((error: unknown) => {
    // Every control stays hidden: a refused grant allows nothing.
    const alert = element('error')
    alert.hidden = false
    alert.dataset.code = error instanceof GrantError ? `${error.code} ${error.problem}` : 'fetch'
    alert.textContent = error instanceof Error ? error.message : String(error)
  })
  .finally(() => {
    document.body.dataset.ready = 'true'
  })
