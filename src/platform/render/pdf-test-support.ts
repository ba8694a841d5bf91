// For tests that print PDFs: they need Debian's Chromium, so on a machine without it they are
// skipped with this reason, unless REQUIRE_BROWSER_TESTS=true (as in CI) makes a missing browser fail.
import fs from 'node:fs';
import type { Config } from '../../config.ts';

/** Why PDF tests cannot run here, or false when they must run. */
export function pdfTestSkipReason(config: Pick<Config, 'chromePath' | 'test'>): string | false {
  if (config.test.requireBrowser) return false;
  try {
    fs.accessSync(config.chromePath, fs.constants.X_OK);
    return false;
  } catch {
    return `Chromium not found at ${config.chromePath} (apt-get install chromium, or set CHROME_PATH; REQUIRE_BROWSER_TESTS=true turns this skip into a failure)`;
  }
}
