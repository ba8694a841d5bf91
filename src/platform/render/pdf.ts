// HTML printed to tagged (accessible) A4 PDFs by Debian's Chromium, driven through playwright-core.
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { escapeMarkup } from './escape.ts';

/** The print stylesheet every PDF is made with (print.css beside this file). */
export const PRINT_CSS = fs.readFileSync(new URL('./print.css', import.meta.url), 'utf8');

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless flags that keep Chromium from reaching the network on its own or needing a GPU. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

// The same as print.css's @page rule, which Chromium follows when both are given; these apply
// only if a document's own styles drop that rule.
const MARGIN = { top: '20mm', right: '20mm', bottom: '25mm', left: '20mm' };

// Header and footer templates are drawn by Chromium apart from the page, so they need their own
// styles, and inline ones are the only kind they take. The site's Content-Security-Policy never
// sees them: they are not served. An empty header stops Chromium printing the date and title.
const HEADER_TEMPLATE = '<span></span>';
const FOOTER_TEMPLATE =
  '<div style="width:100%;text-align:center;font-family:Arial,\'Liberation Sans\',sans-serif;font-size:10pt;color:#0b0c0c">' +
  'Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>';

/** PDFs cannot be made on this machine (no Chromium, or it would not start). The message says what to do. */
export class PdfUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PdfUnavailableError';
  }
}

export type PdfInput = {
  /** The content of the document's <body>: the renderer writes the rest of the page. */
  html: string;
  /** The document's title, which PDF readers show in place of the file name. */
  title: string;
  /** Styles added after print.css, for one kind of document. */
  css?: string;
  /** The document's language (default en-GB), which screen readers use to pronounce it. */
  lang?: string;
};

export type PdfRenderer = {
  render(input: PdfInput): Promise<Buffer>;
  /** Closes the browser; waits for PDFs being made. The renderer cannot be used afterwards. */
  close(): Promise<void>;
};

export type PdfRendererOptions = {
  chromiumPath?: string;
  /** PDFs made at once; more wait their turn. Each open page costs Chromium tens of megabytes. */
  maxConcurrent?: number;
  /** How long one PDF may take before it fails (default 60 s). */
  timeoutMs?: number;
};

/**
 * The whole page Chromium prints. Styles are written into it rather than fetched from the
 * server, so a PDF can be made with no network at all: by a background job or the CLI with no
 * server running, and with nothing in a document (say, an image address someone typed) able to
 * make the server's machine send a request anywhere.
 */
export function printableDocument(input: PdfInput): string {
  const css = input.css ?? '';
  if (/<\/style/i.test(css)) throw new TypeError('A PDF stylesheet cannot contain "</style"');
  return [
    '<!doctype html>',
    `<html lang="${escapeMarkup(input.lang ?? 'en-GB')}">`,
    '<head><meta charset="utf-8">',
    `<title>${escapeMarkup(input.title)}</title>`,
    `<style>${PRINT_CSS}\n${css}</style>`,
    '</head>',
    `<body>${input.html}</body>`,
    '</html>',
  ].join('\n');
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}

/** Lets at most `max` tasks run at once; the rest queue in order. */
function createLimiter(max: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function limit<T>(task: () => Promise<T>): Promise<T> {
    if (running < max) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      // A waiting task takes over this slot, so the count only falls when nobody waits.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

/**
 * A renderer sharing one Chromium, started at the first PDF (not at start-up, so a server that
 * never makes a PDF never pays for a browser) and started again if it crashes. Each PDF gets a
 * fresh browser context with JavaScript off and every network request refused.
 */
export function createPdfRenderer(options: PdfRendererOptions = {}): PdfRenderer {
  const chromiumPath = options.chromiumPath ?? DEFAULT_CHROMIUM_PATH;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const limit = createLimiter(options.maxConcurrent ?? 2);
  let browser: Promise<Browser> | undefined;
  let closed = false;
  const inFlight = new Set<Promise<unknown>>();

  async function launch(): Promise<Browser> {
    try {
      await fs.promises.access(chromiumPath, fs.constants.X_OK);
    } catch {
      throw new PdfUnavailableError(
        `PDFs cannot be made because Chromium was not found at ${chromiumPath}. Install it (apt-get install chromium) or set CHROME_PATH to where it is.`,
      );
    }
    try {
      const launched = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, headless: true, timeout: timeoutMs });
      launched.on('disconnected', () => {
        if (browser !== undefined && !closed) browser = undefined;
      });
      return launched;
    } catch (error) {
      throw new PdfUnavailableError(`PDFs cannot be made because Chromium at ${chromiumPath} did not start: ${firstLine(error)}`, { cause: error });
    }
  }

  function sharedBrowser(): Promise<Browser> {
    browser ??= launch().catch((error: unknown) => {
      // The next PDF tries again: Chromium may have been installed in the meantime.
      browser = undefined;
      throw error;
    });
    return browser;
  }

  async function printInContext(context: BrowserContext, input: PdfInput): Promise<Buffer> {
    await context.route('**/*', (route) => route.abort('blockedbyclient'));
    const page = await context.newPage();
    page.setDefaultTimeout(timeoutMs);
    await page.setContent(printableDocument(input), { waitUntil: 'load' });
    return page.pdf({
      format: 'A4',
      printBackground: true,
      tagged: true,
      outline: true,
      margin: MARGIN,
      displayHeaderFooter: true,
      headerTemplate: HEADER_TEMPLATE,
      footerTemplate: FOOTER_TEMPLATE,
    });
  }

  async function render(input: PdfInput): Promise<Buffer> {
    const context = await (await sharedBrowser()).newContext({
      javaScriptEnabled: false,
      offline: true,
      serviceWorkers: 'block',
      locale: 'en-GB',
      timezoneId: 'Europe/London',
    });
    try {
      return await printInContext(context, input);
    } finally {
      await context.close().catch(() => undefined);
    }
  }

  return {
    render(input) {
      if (closed) return Promise.reject(new Error('The PDF renderer has been closed.'));
      const job = limit(() => render(input));
      inFlight.add(job);
      void job.finally(() => inFlight.delete(job)).catch(() => undefined);
      return job;
    },
    async close() {
      closed = true;
      await Promise.allSettled(inFlight);
      const running = browser;
      browser = undefined;
      if (running) await (await running.catch(() => undefined))?.close();
    },
  };
}
