// Debian's Chromium driven by playwright-core: one browser per test file, a fresh context per journey.
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { e2eSettings } from './settings.ts';

/** Headless flags that keep Chromium from reaching the network on its own or needing a GPU. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

const ACTION_TIMEOUT_MS = 10_000;

const CONTEXT_DEFAULTS: BrowserContextOptions = {
  locale: 'en-GB',
  timezoneId: 'Europe/London',
  viewport: { width: 1024, height: 768 },
};

function chromiumMissing(): string | undefined {
  try {
    fs.accessSync(e2eSettings.chromePath, fs.constants.X_OK);
    return undefined;
  } catch {
    return `Chromium not found at ${e2eSettings.chromePath}. Install it with: apt-get install -y chromium (or set CHROME_PATH)`;
  }
}

/**
 * Why browser tests are skipped, or false when they run. With REQUIRE_BROWSER_TESTS=true a
 * missing Chromium is never a reason to skip: the tests run and fail at launch, saying why.
 */
export function browserSkipReason(): string | false {
  const missing = chromiumMissing();
  if (!missing || e2eSettings.requireBrowser) return false;
  return missing;
}

export async function launchBrowser(): Promise<Browser> {
  const missing = chromiumMissing();
  if (missing) throw new Error(`Browser tests are required (REQUIRE_BROWSER_TESTS=true): ${missing}`);
  return chromium.launch({ executablePath: e2eSettings.chromePath, args: CHROMIUM_ARGS, headless: true });
}

/** A context as a visitor has it: the page's Content-Security-Policy applies; JavaScript on or off. */
export async function newVisitorContext(browser: Browser, options: { javaScript: boolean }): Promise<BrowserContext> {
  const context = await browser.newContext({ ...CONTEXT_DEFAULTS, javaScriptEnabled: options.javaScript });
  // Pages here answer in well under a second; a missing element should fail fast, not after 30 s.
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  return context;
}

/**
 * The only context that ignores the Content-Security-Policy: axe is injected as a script the
 * policy (rightly) refuses. Nothing a visitor does runs here; see journey.ts.
 */
export function newAxeContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ ...CONTEXT_DEFAULTS, javaScriptEnabled: true, bypassCSP: true });
}
