// The page of the React example: one guard for the signed-in user, kept live by the server's
// push stream, and components that read it through React's own useSyncExternalStore (R36).
// No binding package: guard.subscribe and guard.revision are exactly what the hook takes.
import { useSyncExternalStore } from 'react'
import { createRoot } from 'react-dom/client'
import type { conversations } from 'seatguard'
import { createGuard, type Guard, type PermissionIn } from 'seatguard/client'

type Permission = PermissionIn<typeof conversations>
type LiveGuard = Guard<Permission>

// The catalogue this page was built for: a grant of another major version is refused.
const CATALOGUE = { id: 'conversations', version: '1.0.0' }
const TRANSFER = 'conversations/my-work/transfer'
const NOTES = 'conversations/my-work/internal-notes'

/** Renders the component again whenever the guard's grant is replaced, and returns the guard. */
function useGuard(guard: LiveGuard): LiveGuard {
  // The revision is the snapshot: the same number until update() accepts a grant.
  useSyncExternalStore(guard.subscribe, () => guard.revision)
  return guard
}

function Toolbar({ guard }: { guard: LiveGuard }) {
  const live = useGuard(guard)
  const transfer = live.explain(TRANSFER)
  return (
    <section data-revision={live.revision}>
      <p>
        Signed in as <strong>{live.user}</strong>, mode <strong id="mode">{live.mode}</strong>.
      </p>
      {transfer.allowed ? (
        <button type="button" data-permission={TRANSFER}>
          Transfer
        </button>
      ) : (
        // The server still checks every request; this only keeps the page honest about it.
        <p id="why" data-reason={transfer.reason}>
          {transfer.message}
        </p>
      )}
      {live.can(NOTES) && (
        <button type="button" data-permission={NOTES}>
          Add internal note
        </button>
      )}
    </section>
  )
}

function showError(error: unknown): void {
  const alert = document.getElementById('error') as HTMLElement
  alert.hidden = false
  alert.textContent = error instanceof Error ? error.message : String(error)
}

async function start(): Promise<void> {
  const user = encodeURIComponent(new URLSearchParams(location.search).get('user') ?? '')
  const response = await fetch(`/grant?user=${user}`)
  if (!response.ok) throw new Error(`The server refused the grant (${response.status}).`)
  const guard: LiveGuard = createGuard<typeof conversations>(await response.json(), { catalogue: CATALOGUE })
  createRoot(document.getElementById('root') as HTMLElement).render(<Toolbar guard={guard} />)

  // The server pushes the user's grant when it changes (its first message is the current one).
  const events = new EventSource(`/grants?user=${user}`)
  events.onopen = () => {
    document.body.dataset.live = 'true'
  }
  events.onmessage = (event: MessageEvent<string>) => {
    try {
      guard.update(JSON.parse(event.data)) // every component using useGuard renders again
    } catch (error) {
      showError(error) // refused whole (GrantError): the old grant stays; a catalogue-mismatch needs a reload
    }
  }
}

start().catch(showError)
