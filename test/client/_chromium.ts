import { existsSync } from 'node:fs'
import { type Browser, chromium, type Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'

// Debian's Chromium (`apt-get install -y chromium`), or only the binary SEATGUARD_CHROMIUM names
// when it is set. Playwright never downloads a browser here. Without one, the browser suites are
// skipped, and say so (in their title and on stderr); they never pass without running.
// CI sets SEATGUARD_REQUIRE_BROWSER=1 after installing Chromium: there a missing browser fails.
const candidates = process.env.SEATGUARD_CHROMIUM
  ? [process.env.SEATGUARD_CHROMIUM]
  : ['/usr/bin/chromium', '/usr/bin/chromium-browser']

/** The Chromium binary the browser suites run, or undefined when there is none. */
export const executablePath = candidates.find((path) => existsSync(path))

/** Why a browser suite is skipped, for its title and the warning. */
export const skipped = `SKIPPED: no Chromium binary at ${candidates.join(' or ')}; install it with \`apt-get install -y chromium\` (or set SEATGUARD_CHROMIUM)`

/**
 * Says on stderr that `file`'s browser suite is skipped when there is no Chromium, and adds
 * the test that fails for it where SEATGUARD_REQUIRE_BROWSER=1 (CI).
 */
export function requireChromium(file: string): void {
  if (executablePath === undefined) console.warn(`${file} ${skipped}`)
  describe.runIf(process.env.SEATGUARD_REQUIRE_BROWSER === '1')('the browser test is required here', () => {
    it('finds a Chromium binary', () => {
      expect(executablePath, skipped).toBeDefined()
    })
  })
}

/** Headless Chromium with the flags TOOLCHAIN.md gives (no sandbox, no background networking). */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: executablePath ?? '', // defined: the suites run only when it is
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })

/** Only the test server at `base` may be reached: any other request the page makes fails. */
export const onlyServer = async (page: Page, base: string): Promise<void> => {
  await page.route('**/*', (route) => (route.request().url().startsWith(base) ? route.fallback() : route.abort()))
}
