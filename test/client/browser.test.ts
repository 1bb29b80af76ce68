import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFrontendServer } from '../../examples/frontend/server.js'
import { MONITOR, NOTES, ROUTING, TRANSFER, VIEW } from '../_fixtures.js'
import { executablePath, launchChromium, onlyServer, requireChromium, skipped } from './_chromium.js'

const title = `examples/frontend in headless Chromium: ${executablePath ?? skipped}`
requireChromium('test/client/browser.test.ts')

describe.skipIf(executablePath === undefined)(title, () => {
  let server: Server
  let browser: Browser
  let base = ''

  beforeAll(async () => {
    server = await createFrontendServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  })

  /** Opens the page as a user and waits until its script has finished (or failed). */
  async function open(user: string, setup?: (page: Page) => Promise<void>): Promise<Page> {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await onlyServer(page, base) // any other request fails the test
    if (setup) await setup(page)
    await page.goto(`${base}/?user=${user}`)
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached' })
    expect(errors).toEqual([])
    return page
  }

  const visible = (page: Page): Promise<string[]> =>
    page.$$eval('[data-permission]:not(li)', (els) =>
      els.filter((el) => !(el as HTMLElement).hidden).map((el) => (el as HTMLElement).dataset.permission ?? ''),
    )
  const reasons = (page: Page): Promise<Record<string, string>> =>
    page.$$eval('#why li', (items) =>
      Object.fromEntries(items.map((li) => [li.dataset.permission ?? '', li.dataset.reason ?? ''])),
    )

  it('R4: an agent with a seat sees the agent controls; supervision and setup stay hidden, not granted', async () => {
    const page = await open('ana')
    expect(await page.textContent('#mode')).toBe('full')
    expect(await visible(page)).toEqual([VIEW, TRANSFER, NOTES])
    expect(await page.isVisible(`button[data-permission="${TRANSFER}"]`)).toBe(true)
    expect(await reasons(page)).toEqual({ [MONITOR]: 'not-granted', [ROUTING]: 'not-granted' })
    await page.close()
  })

  it('R5: the same agent without a seat is a viewer: only the inbox shows, and the page says a seat is missing', async () => {
    const page = await open('ben')
    expect(await page.textContent('#mode')).toBe('viewer')
    expect(await visible(page)).toEqual([VIEW])
    expect(await page.isHidden(`button[data-permission="${TRANSFER}"]`)).toBe(true)
    expect(await reasons(page)).toEqual({
      [TRANSFER]: 'no-seat',
      [NOTES]: 'no-seat',
      [MONITOR]: 'not-granted',
      [ROUTING]: 'not-granted',
    })
    expect(await page.textContent(`#why li[data-permission="${TRANSFER}"]`)).toBe(
      "Transfer conversations isn't available to you: you have no seat. Ask your administrator.",
    )
    await page.close()
  })

  const conversations = (page: Page): Promise<Record<string, [string, boolean]>> =>
    page.$$eval('#conversations li', (rows) =>
      Object.fromEntries(
        rows.map((li) => [
          li.dataset.conversation ?? '',
          [li.dataset.reason ?? '', li.querySelector('button') !== null],
        ]),
      ),
    )

  it('R21, R25: Transfer shows on a conversation only where the grant’s reach admits it, as the server would say', async () => {
    const ana = await open('ana') // agent, seat, queue billing
    expect(await conversations(ana)).toEqual({
      'c-1': ['granted', true], // billing: her queue
      'c-2': ['granted', true], // sales, assigned to her
      'c-3': ['out-of-reach', false], // sales, not hers
    })
    expect(await ana.textContent('#conversations li[data-conversation="c-3"]')).toBe(
      "c-3 (sales) Transfer conversations isn't available on this item: it isn't in your queues or assigned to you.",
    )
    await ana.close()
    const ben = await open('ben') // no seat: the seat is the reason, before any reach (R22)
    expect(Object.values(await conversations(ben))).toEqual([
      ['no-seat', false],
      ['no-seat', false],
      ['no-seat', false],
    ])
    await ben.close()
  })

  it('refuses a grant for another catalogue version: every control stays hidden and the page shows the error', async () => {
    const page = await open('ana', async (p) => {
      await p.route('**/grant?*', async (route) => {
        const grant = (await (await route.fetch()).json()) as Record<string, unknown>
        await route.fulfill({ json: { ...grant, catalogue: { id: 'conversations', version: '2.0.0' } } })
      })
    })
    expect(await visible(page)).toEqual([])
    expect(await page.getAttribute('#error', 'data-code')).toBe('data/invalid catalogue-mismatch')
    expect(await page.textContent('#error')).toContain('fetch a new one')
    await page.close()
  })

  it('refuses a tampered grant (a viewer who added Transfer and set mode full): nothing is shown', async () => {
    const page = await open('vic', async (p) => {
      await p.route('**/grant?*', async (route) => {
        const grant = (await (await route.fetch()).json()) as { permissions: string[] }
        await route.fulfill({
          json: { ...grant, mode: 'full', permissions: [...grant.permissions, TRANSFER, TRANSFER] },
        })
      })
    })
    expect(await visible(page)).toEqual([])
    expect(await page.getAttribute('#error', 'data-code')).toBe('data/invalid malformed')
    await page.close()
  })
})
