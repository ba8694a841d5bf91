import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../config.ts';
import { pdfTestSkipReason } from './pdf-test-support.ts';
import { createPdfRenderer, PdfUnavailableError, printableDocument, PRINT_CSS, type PdfRenderer } from './pdf.ts';

const config = loadConfig({ ...process.env, NODE_ENV: 'test' });

const skipBrowser = pdfTestSkipReason(config);

/** A PDF string as text: literal "(...)" with backslash escapes, or "<FEFF...>" UTF-16BE hex. */
function decodePdfString(raw: string): string {
  if (raw.startsWith('<')) {
    const bytes = Buffer.from(raw.slice(1, -1), 'hex');
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
    return bytes.toString('latin1');
  }
  return raw.slice(1, -1).replace(/\\([()\\])/g, '$1');
}

function titlesIn(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  return [...text.matchAll(/\/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>)/g)].map((m) => decodePdfString(m[1]));
}

function pageCount(pdf: Buffer): number {
  return [...pdf.toString('latin1').matchAll(/\/Type\s*\/Page[^s]/g)].length;
}

const LETTER = `
  <h1>Area SEND inspection of a fictional area</h1>
  <p>Dates of inspection: 2 to 6 March 2026</p>
  <h2>Summary findings</h2>
  <p>${'Children and young people are listened to. '.repeat(40)}</p>
  <table><caption>Responses</caption><thead><tr><th>Question</th><th>Agree</th></tr></thead>
  <tbody>${Array.from({ length: 80 }, (_, i) => `<tr><td>Question ${i + 1}</td><td>${i}%</td></tr>`).join('')}</tbody></table>
  <h2>Next steps</h2>
  <p><a href="https://example.org/next">What happens next</a></p>`;

describe('printableDocument', () => {
  test('writes the title escaped, the language, and the print styles into the page', () => {
    const page = printableDocument({ title: 'A & B </title><script>', html: '<p>x</p>', css: '.extra { color: red }', lang: 'cy' });
    assert.match(page, /<title>A &amp; B &lt;\/title&gt;&lt;script&gt;<\/title>/);
    assert.match(page, /<html lang="cy">/);
    assert.ok(page.includes(PRINT_CSS));
    assert.ok(page.indexOf('.extra { color: red }') > page.indexOf(PRINT_CSS), 'extra styles come after print.css, so they win');
    assert.match(page, /<body><p>x<\/p><\/body>/);
    assert.throws(() => printableDocument({ title: 'T', html: '', css: '</style><script>' }), TypeError);
  });

  test('print.css sets A4 pages and keeps table rows and headings together', () => {
    assert.match(PRINT_CSS, /@page\s*{\s*size: A4;/);
    assert.match(PRINT_CSS, /tr,[^{]*{[^}]*break-inside: avoid/);
    assert.match(PRINT_CSS, /h1,\s*h2,\s*h3,\s*h4\s*{[^}]*break-after: avoid/);
    assert.match(PRINT_CSS, /thead\s*{\s*display: table-header-group/);
  });
});

describe('createPdfRenderer without Chromium', () => {
  test('says plainly that Chromium is missing and where it was looked for', async () => {
    const renderer = createPdfRenderer({ chromiumPath: '/nowhere/chromium' });
    try {
      await assert.rejects(renderer.render({ title: 'T', html: '<p>x</p>' }), (error: unknown) => {
        assert.ok(error instanceof PdfUnavailableError);
        assert.match(error.message, /Chromium was not found at \/nowhere\/chromium/);
        assert.match(error.message, /apt-get install chromium/);
        return true;
      });
    } finally {
      await renderer.close();
    }
  });
});

describe('createPdfRenderer', { skip: skipBrowser }, () => {
  let renderer: PdfRenderer;
  before(() => {
    renderer = createPdfRenderer({ chromiumPath: config.chromePath });
  });
  after(async () => {
    await renderer.close();
  });

  test('prints a tagged PDF with the title and language in its metadata', async (t) => {
    const started = performance.now();
    const pdf = await renderer.render({ title: 'Inspection letter: Ünïcode (draft)', html: LETTER });
    const first = performance.now() - started;
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    // Matched with test() rather than assert.match, which would print the whole PDF on failure.
    const text = pdf.toString('latin1');
    assert.ok(/\/StructTreeRoot \d+ 0 R/.test(text), 'has a structure tree');
    assert.ok(/\/MarkInfo\s*<<(\s*\/Type \/MarkInfo)?\s*\/Marked true/.test(text), 'is marked as tagged');
    assert.ok(/\/Lang \(en-GB\)/.test(text), 'states its language');
    const titles = titlesIn(pdf);
    assert.ok(titles.includes('Inspection letter: Ünïcode (draft)'), `titles found: ${titles.join(' | ')}`);
    // outline: true turns headings into bookmarks.
    assert.ok(titles.includes('Summary findings') && titles.includes('Next steps'));
    assert.ok(pageCount(pdf) >= 2, 'the long table runs onto a second page');

    const again = performance.now();
    await renderer.render({ title: 'Second', html: LETTER });
    t.diagnostic(`first PDF (with browser launch) ${Math.round(first)} ms, next ${Math.round(performance.now() - again)} ms, ${pdf.length} bytes, ${pageCount(pdf)} pages`);
  });

  test('runs no JavaScript in the document', async () => {
    const pdf = await renderer.render({ title: 'Original title', html: `<p>x</p><script>document.title = 'Changed by a script'</script>` });
    const titles = titlesIn(pdf);
    assert.ok(titles.includes('Original title'));
    assert.ok(!titles.includes('Changed by a script'));
  });

  test('makes no network requests, even for images and styles the document points to', async () => {
    let requests = 0;
    const server = http.createServer((_req, res) => {
      requests++;
      res.end('body { color: red }');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const pdf = await renderer.render({
        title: 'T',
        html: `<link rel="stylesheet" href="http://127.0.0.1:${port}/style.css"><img src="http://127.0.0.1:${port}/logo.png" alt="Logo"><iframe src="http://127.0.0.1:${port}/"></iframe><p>x</p>`,
      });
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.equal(requests, 0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('makes several PDFs at once from one browser', async () => {
    const pdfs = await Promise.all(Array.from({ length: 5 }, (_, i) => renderer.render({ title: `Document ${i}`, html: `<h1>Document ${i}</h1>` })));
    pdfs.forEach((pdf, i) => assert.ok(titlesIn(pdf).includes(`Document ${i}`)));
  });

  test('refuses work once closed, after finishing what it had started', async () => {
    const own = createPdfRenderer({ chromiumPath: config.chromePath });
    const pending = own.render({ title: 'Last one', html: '<p>x</p>' });
    const closing = own.close();
    assert.ok(titlesIn(await pending).includes('Last one'));
    await closing;
    await assert.rejects(own.render({ title: 'T', html: '' }), /has been closed/);
  });
});
