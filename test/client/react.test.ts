import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createReactExample, type ReactExample } from '../../examples/react/server.js'
import { NOTES, TRANSFER } from '../_fixtures.js'
import { executablePath, launchChromium, onlyServer, requireChromium, skipped } from './_chromium.js'

const title = `examples/react (a live guard) in headless Chromium: ${executablePath ?? skipped}`
requireChromium('test/client/react.test.ts')

// Each test waits for a real browser and server round trips: more than vitest's 5 s default on a busy machine.
describe.skipIf(executablePath === undefined)(title, { timeout: 30_000 }, () => {
  let example: ReactExample
  let browser: Browser
  let base = ''

  beforeAll(async () => {
    example = await createReactExample()
    await new Promise<void>((resolve) => example.server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(example.server.address() as AddressInfo).port}`
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await example?.close()
  })

  /**
   * Opens the page as a user and waits for `ready`: by default, until its push stream is open
   * and has delivered the current grant (revision 1). `setup` may route the page's requests first.
   */
  async function open(
    user: string,
    {
      setup,
      ready = 'body[data-live="true"] section[data-revision="1"]',
    }: { setup?: (page: Page) => Promise<unknown>; ready?: string } = {},
  ): Promise<{ page: Page; errors: string[]; navigations: string[] }> {
    const page = await browser.newPage()
    const errors: string[] = []
    const navigations: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('framenavigated', (frame) => navigations.push(frame.url()))
    await onlyServer(page, base)
    if (setup) await setup(page)
    await page.goto(`${base}/?user=${user}`)
    await page.waitForSelector(ready, { state: 'attached' })
    return { page, errors, navigations }
  }

  const transfer = `button[data-permission="${TRANSFER}"]`
  const revision = (page: Page): Promise<string | null> => page.getAttribute('section', 'data-revision')

  it('R36, R4, R5: revoking the seat on the server hides Transfer without a reload; granting it back shows it again', async () => {
    const { page, errors, navigations } = await open('ana')
    expect(await page.textContent('#mode')).toBe('full')
    expect(await page.isVisible(transfer)).toBe(true)
    expect(await page.isVisible(`button[data-permission="${NOTES}"]`)).toBe(true)
    // A mark on the window: a reload or a navigation would lose it.
    await page.evaluate(() => Object.assign(window, { seatguardMark: 'still the same page' }))

    await example.ac.revokeSeat('ana', { actor: 'admin' })
    await page.waitForSelector(transfer, { state: 'detached' })
    expect(await page.textContent('#mode')).toBe('viewer')
    expect(await page.getAttribute('#why', 'data-reason')).toBe('no-seat')
    expect(await page.textContent('#why')).toContain("Transfer conversations isn't available to you: you have no seat.")
    expect(await page.isVisible(`button[data-permission="${NOTES}"]`)).toBe(false)
    expect(await revision(page)).toBe('2')

    await example.ac.grantSeat('ana', { actor: 'admin' })
    await page.waitForSelector(transfer, { state: 'visible' })
    expect(await page.textContent('#mode')).toBe('full')
    expect(await revision(page)).toBe('3')

    expect(await page.evaluate(() => (window as { seatguardMark?: string }).seatguardMark)).toBe('still the same page')
    expect(navigations).toEqual([`${base}/?user=ana`]) // the first load only
    expect(errors).toEqual([])
    expect(await page.isHidden('#error')).toBe(true)
    await page.close()
  })

  it('R36: a change to another user pushes nothing to this page; the next change of its own user does', async () => {
    const { page, errors } = await open('ana')
    await example.ac.setUser({ id: 'ben', roles: ['supervisor'], seat: true }, { actor: 'admin' })
    await example.ac.revokeSeat('ana', { actor: 'admin' })
    await page.waitForSelector(transfer, { state: 'detached' })
    // One update only, for ana's own change: ben's was not pushed (revision 1 was the stream's first message).
    expect(await revision(page)).toBe('2')
    await example.ac.grantSeat('ana', { actor: 'admin' })
    await page.waitForSelector(transfer, { state: 'visible' })
    expect(errors).toEqual([])
    await page.close()
  })

  it('R36: a pushed grant the page cannot read is refused whole: the old grant stays and the page says why', async () => {
    // The stream sends a grant of a format version this client does not read (and asks for no quick reconnect).
    const unreadable = JSON.stringify({ format: 'seatguard.grant', v: 2 })
    const { page, errors } = await open('ana', {
      setup: (p) =>
        p.route('**/grants?*', (route) =>
          route.fulfill({ contentType: 'text/event-stream', body: `retry: 60000\ndata: ${unreadable}\n\n` }),
        ),
      ready: '#error:not([hidden])',
    })
    expect(await page.textContent('#error')).toBe('seatguard/client: grant version 2 is not 1.')
    expect(await page.isVisible(transfer)).toBe(true) // still the grant the page had
    expect([await page.textContent('#mode'), await revision(page)]).toEqual(['full', '0'])
    expect(errors).toEqual([])
    await page.close()
  })
})
