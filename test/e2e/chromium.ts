/**
 * Debian's headless Chromium for the browser tests (playwright-core drives it): where it is, whether it is there, and
 * one launch with no background traffic of its own. Without it the tests are skipped, unless REQUIRE_BROWSER=1, which
 * makes them fail instead (CI sets it).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../src/paths';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
export const SCREENSHOTS = fromRoot('test/e2e/screenshots');

/** With REQUIRE_BROWSER=1 and no Chromium, a failing test in place of the skipped ones. */
export function requireChromium(what: string): void {
  if (haveChromium || process.env.REQUIRE_BROWSER !== '1') return;
  describe(what, () => {
    it(`need Chromium at ${CHROMIUM} (REQUIRE_BROWSER=1): apt-get install -y chromium, or set CHROMIUM_PATH`, () => {
      expect.fail(`no Chromium at ${CHROMIUM}`);
    });
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // no background traffic of Chromium's own: the machines here have no internet, and the tests count requests
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
