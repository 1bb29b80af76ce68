// The page's script: fetch the signed-in user's grant, then show the controls it allows and
// say why the others are hidden. Only the *type* of the catalogue is imported, so the
// catalogue itself never reaches the browser; the client entry is under 1 KB min+gz.
import type { conversations } from 'seatguard'
import { createGuard, GrantError } from 'seatguard/client'

// The catalogue this page was written for; a grant made with any other is refused.
const CATALOGUE = { id: 'conversations', version: '1.0.0' }

const element = (id: string): HTMLElement => document.getElementById(id) as HTMLElement
const controls = document.querySelectorAll<HTMLElement>('[data-permission]')

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
      item.textContent = `${control.textContent}: ${decision.message}`
      element('why').append(item)
    }
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
