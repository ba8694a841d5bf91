// Journeys: each runs twice, with JavaScript and without, against a real server, and every page
// a visitor arrives at must pass axe. A journey fails if it leaves a page unchecked, if the browser
// logs an error (a CSP violation, a script error) or if any asset fails to load.
//
// How axe sees a page: the visitor's own context keeps the Content-Security-Policy and its
// JavaScript setting, so it cannot run axe. At each check the page's current DOM is copied,
// its scripts removed (so nothing runs twice or runs when the visitor had no JavaScript), and it
// is served at the same address in a separate bypassCSP context, where stylesheets and fonts load
// from the server as usual and axe runs. Nothing is requested again, so one-off pages (a form
// re-shown with errors after a POST, a success banner shown once) are checked as the visitor saw
// them. Limit: <noscript> content is not checked in the run without JavaScript.
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { assertNoAxeViolations } from './axe.ts';
import { browserSkipReason, launchBrowser, newAxeContext, newVisitorContext } from './browser.ts';
import { startTestServer, type StartOptions, type TestServer } from './server.ts';
import { e2eSettings } from './settings.ts';

export type Visitor = {
  page: Page;
  javaScript: boolean;
  /** Goes to a path on the server (e.g. '/cookies') as if typed into the address bar. */
  visit: (pathAndQuery: string) => Promise<Response | null>;
  /** Runs axe on the page the visitor is on and saves a screenshot; page objects call it on arrival. */
  checkPage: () => Promise<void>;
};

export type Journey<Seeded> = Visitor & {
  server: TestServer<Seeded>;
  /** Another person using the service at the same time, with their own cookies. */
  newVisitor: () => Promise<Visitor>;
  /**
   * Declares an answer a page's script asks for and handles (an autosave told of a conflict: 409),
   * so that it is not reported as a failed resource. Only scripts' requests (fetch) are excused.
   */
  expectAnswer: (path: RegExp, status: number) => void;
};

export type JourneyBody<Seeded> = (journey: Journey<Seeded>) => Promise<void>;
export type DefineJourney<Seeded> = (title: string, body: JourneyBody<Seeded>) => void;

type Arrival = { url: string; checked: boolean };

function withoutHash(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.toString();
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'home';
}

function withoutScripts(html: string): string {
  return html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
}

/** Everything one journey run shares: the axe context, the screenshot folder, the problems seen. */
class JourneyRun {
  readonly problems: string[] = [];
  readonly expectedAnswers: { path: RegExp; status: number }[] = [];
  readonly #arrivals: { visitor: string; list: Arrival[] }[] = [];
  readonly #contexts: BrowserContext[] = [];
  #screenshots = 0;
  #axePage: Page | undefined;
  /** The page that loaded most recently, whoever's it is: the one to photograph when a journey fails. */
  lastPage: Page | undefined;
  readonly browser: Browser;
  readonly axeContext: BrowserContext;
  readonly baseUrl: string;
  readonly javaScript: boolean;
  readonly screenshotDir: string;

  constructor(browser: Browser, axeContext: BrowserContext, baseUrl: string, javaScript: boolean, screenshotDir: string) {
    this.browser = browser;
    this.axeContext = axeContext;
    this.baseUrl = baseUrl;
    this.javaScript = javaScript;
    this.screenshotDir = screenshotDir;
  }

  async newVisitor(): Promise<Visitor> {
    const context = await newVisitorContext(this.browser, { javaScript: this.javaScript });
    this.#contexts.push(context);
    const page = await context.newPage();
    const name = `visitor ${this.#arrivals.length + 1}`;
    const arrivals: Arrival[] = [];
    this.#arrivals.push({ visitor: name, list: arrivals });
    this.#watch(page, arrivals);
    return {
      page,
      javaScript: this.javaScript,
      visit: (pathAndQuery) => page.goto(new URL(pathAndQuery, this.baseUrl).toString()),
      checkPage: () => this.#checkPage(page, arrivals),
    };
  }

  #watch(page: Page, arrivals: Arrival[]): void {
    const failedDocuments = new Set<string>();
    page.on('domcontentloaded', () => {
      arrivals.push({ url: withoutHash(page.url()), checked: false });
      this.lastPage = page;
    });
    const expected = (url: string, status?: number) =>
      this.expectedAnswers.some((a) => a.path.test(new URL(url).pathname) && (status === undefined || a.status === status));
    page.on('response', (response) => {
      if (response.status() < 400) return;
      if (response.request().resourceType() === 'fetch' && expected(response.url(), response.status())) return;
      // A page that answers 404 on purpose is the journey's to assert; a missing asset is a defect.
      if (response.request().isNavigationRequest()) failedDocuments.add(response.url());
      else this.problems.push(`${response.request().resourceType()} ${response.url()} answered ${response.status()}`);
    });
    page.on('requestfailed', (request) => {
      // An expected answer whose body the page had no need to read is cut off when the page moves on.
      if (request.resourceType() === 'fetch' && expected(request.url()) && request.failure()?.errorText === 'net::ERR_ABORTED') return;
      if (!request.isNavigationRequest()) this.problems.push(`${request.resourceType()} ${request.url()} failed: ${request.failure()?.errorText}`);
    });
    page.on('pageerror', (error) => this.problems.push(`script error on ${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const source = message.location().url;
      if (message.text().startsWith('Failed to load resource') && failedDocuments.has(source)) return;
      const status = /status of (\d{3})/.exec(message.text())?.[1];
      if (message.text().startsWith('Failed to load resource') && status && expected(source, Number(status))) return;
      this.problems.push(`console error on ${page.url()}: ${message.text()}`);
    });
  }

  async #checkPage(page: Page, arrivals: Arrival[]): Promise<void> {
    await page.waitForLoadState('load');
    const url = withoutHash(page.url());
    const html = withoutScripts(await page.content());
    this.#axePage ??= await this.axeContext.newPage();
    const axePage = this.#axePage;
    await axePage.route(
      (address) => withoutHash(address.toString()) === url,
      (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
      { times: 1 },
    );
    await axePage.goto(url, { waitUntil: 'load' });
    await assertNoAxeViolations(axePage, `${new URL(url).pathname} (${this.javaScript ? 'with' : 'without'} JavaScript)`);
    await this.screenshot(page, new URL(url).pathname);
    const arrival = arrivals.findLast((a) => a.url === url);
    if (arrival) arrival.checked = true;
  }

  async screenshot(page: Page, name: string): Promise<string> {
    fs.mkdirSync(this.screenshotDir, { recursive: true });
    this.#screenshots++;
    const file = path.join(this.screenshotDir, `${String(this.#screenshots).padStart(2, '0')}-${slug(name)}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }

  uncheckedPages(): string[] {
    return this.#arrivals.flatMap(({ visitor, list }) => list.filter((a) => !a.checked).map((a) => `${visitor}: ${a.url}`));
  }

  async close(): Promise<void> {
    await Promise.all([...this.#contexts.map((c) => c.close()), this.#axePage?.close()]);
  }
}

async function runJourney<Seeded>(
  title: string,
  body: JourneyBody<Seeded>,
  shared: { browser: Browser; axeContext: BrowserContext; server: TestServer<Seeded>; suite: string },
  javaScript: boolean,
): Promise<void> {
  const screenshotDir = path.join(e2eSettings.screenshotDir, slug(shared.suite), `${slug(title)}-${javaScript ? 'with-js' : 'no-js'}`);
  fs.rmSync(screenshotDir, { recursive: true, force: true });
  const run = new JourneyRun(shared.browser, shared.axeContext, shared.server.url, javaScript, screenshotDir);
  const first = await run.newVisitor();
  const journey: Journey<Seeded> = {
    ...first,
    server: shared.server,
    newVisitor: () => run.newVisitor(),
    expectAnswer: (path, status) => void run.expectedAnswers.push({ path, status }),
  };
  try {
    await body(journey);
    const unchecked = run.uncheckedPages();
    if (unchecked.length > 0) throw new Error(`These pages were visited but not checked with axe:\n  ${unchecked.join('\n  ')}`);
    if (run.problems.length > 0) throw new Error(`The browser reported problems:\n  ${run.problems.join('\n  ')}`);
  } catch (error) {
    const shot = await run.screenshot(run.lastPage ?? first.page, 'failure').catch(() => undefined);
    if (error instanceof Error) {
      const context = `${shot ? `\nScreenshot of the last page: ${shot}` : ''}\nServer output:\n${shared.server.output() || '(none)'}`;
      error.message += context;
      // The runner prints the stack, which was written when the error was made, not the message.
      if (error.stack) error.stack += context;
    }
    throw error;
  } finally {
    await run.close();
  }
}

/**
 * A suite of journeys against one server (seeded first) and one browser. Each journey defined in
 * `define` becomes two tests: with JavaScript and without. Skipped, with the reason, when Chromium
 * is missing, unless REQUIRE_BROWSER_TESTS=true.
 */
export function describeJourneys<Seeded = undefined>(
  name: string,
  options: StartOptions<Seeded>,
  define: (journey: DefineJourney<Seeded>) => void,
): void {
  const skip = browserSkipReason();
  describe(name, () => {
    let server: TestServer<Seeded> | undefined;
    let browser: Browser | undefined;
    let axeContext: BrowserContext | undefined;

    if (!skip) {
      before(async () => {
        browser = await launchBrowser();
        axeContext = await newAxeContext(browser);
        server = await startTestServer(options);
      });

      after(async () => {
        try {
          await browser?.close();
        } finally {
          await server?.stop();
        }
      });
    }

    define((title, body) => {
      for (const javaScript of [true, false]) {
        test(`${title} (${javaScript ? 'with' : 'without'} JavaScript)`, { skip }, async () => {
          if (!browser || !axeContext || !server) throw new Error('The browser or the server did not start.');
          await runJourney(title, body, { browser, axeContext, server, suite: name }, javaScript);
        });
      }
    });
  });
}
