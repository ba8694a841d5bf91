// Unit tests of the report's HTML: GOV.UK publication markup, keys on every block, tables with headers, and text always escaped.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { composeReport, documentBlocks } from './compose.ts';
import { REPORT_CSS, renderFamilySummaryHtml, renderReportHtml, standaloneReportHtml } from './report-html.ts';
import { demoInputs } from './report-test-support.ts';

const SCRIPT = '<script>alert("x")</script>';

describe('renderReportHtml', () => {
  test('writes the title as the one h1, sections as h2 and subsections as h3, in the document’s order', () => {
    const document = composeReport(demoInputs({ framework: '2016' }));
    const html = renderReportHtml(document);
    assert.ok(html.startsWith('<article class="app-report" lang="en-GB">'));
    const headings = [...html.matchAll(/<(h[1-3]) class="govuk-heading-(xl|l|m)"[^>]*>([^<]*)<\/h[1-3]>/g)].map((m) => [m[1], m[2], m[3]]);
    assert.deepEqual(headings.filter((h) => h[0] === 'h1'), [['h1', 'xl', 'Joint local area SEND inspection in Northbrook']]);
    const expected = document.sections.flatMap((s) => [s.heading, ...s.subsections.map((sub) => sub.heading)]);
    assert.deepEqual(
      headings.map((h) => h[2].replaceAll('&#39;', "'")),
      expected,
    );
    assert.ok(headings.filter((h) => h[0] === 'h3').every((h) => h[1] === 'm'));
    assert.match(html, /<section class="app-report__section" aria-labelledby="section-opening"><h2 class="govuk-heading-l" id="section-opening">Introduction<\/h2>/);
  });

  test('inside a page with its own main heading, every heading moves one level down and there is no h1', () => {
    const document = composeReport(demoInputs({ framework: '2016' }));
    const standalone = [...renderReportHtml(document).matchAll(/<(h[1-4]) [^>]*>([^<]*)<\/h[1-4]>/g)].map((m) => [m[1], m[2]]);
    const nested = [...renderReportHtml(document, { nested: true }).matchAll(/<(h[1-4]) [^>]*>([^<]*)<\/h[1-4]>/g)].map((m) => [m[1], m[2]]);
    assert.equal(nested.length, standalone.length);
    assert.ok(!nested.some(([tag]) => tag === 'h1'));
    nested.forEach(([tag, text], i) => {
      assert.equal(text, standalone[i]![1]);
      assert.equal(Number(tag!.slice(1)), Number(standalone[i]![0]!.slice(1)) + 1);
    });
  });

  test('gives every block its key as id and data-key, paragraphs as govuk-body and lists as bullets', () => {
    const document = composeReport(demoInputs());
    const html = renderReportHtml(document);
    for (const block of documentBlocks(document)) {
      const tag = block.type === 'paragraph' ? '<p class="govuk-body"' : '<ul class="govuk-list govuk-list--bullet"';
      assert.ok(html.includes(`${tag} id="${block.key}" data-key="${block.key}">`), `block ${block.key} is marked`);
    }
    assert.match(html, /<li>Amina Rahman, Ofsted lead inspector<\/li>/);
  });

  test('writes tables with a caption, column headers and row headers', () => {
    const html = renderReportHtml(composeReport(demoInputs()));
    assert.match(
      html,
      /<table class="govuk-table app-report__table app-report__table--short"><caption class="govuk-table__caption govuk-table__caption--s">Areas for priority action, by responsible body<\/caption><thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Responsible body<\/th><th scope="col" class="govuk-table__header">Area for priority action<\/th><\/tr><\/thead><tbody class="govuk-table__body"><tr class="govuk-table__row"><th scope="row" class="govuk-table__header">The local authority and the integrated care board<\/th><td class="govuk-table__cell">Leaders across/,
    );
  });

  test('a long table may break across pages; a short one is kept together', () => {
    const findings = Array.from({ length: 12 }, (_, i) => ({ kind: 'area_for_improvement', criteria: ['I1'], body: `Improvement ${i + 1}.`, responsibleBody: 'icb', partners: '' }));
    const html = renderReportHtml(composeReport(demoInputs({ outcome: 'positive', findings })));
    assert.match(html, /<table class="govuk-table app-report__table"><caption[^>]*>Areas for improvement, by responsible body/);
  });

  test('shows what anyone typed as text, never as markup', () => {
    const document = composeReport(
      demoInputs({
        areaName: 'North & "Brook"',
        findings: [
          { kind: 'effective', criteria: ['L1'], body: `Leaders ${SCRIPT} listen.`, responsibleBody: null, partners: '' },
          { kind: 'area_for_improvement', criteria: ['L1'], body: '<b>bold</b>', responsibleBody: 'named_partners', partners: '<img src=x onerror=alert(1)>' },
        ],
        narrative: { experience: [{ type: 'list', items: ['</li></ul><script>evil()</script>'] }] },
        team: [{ role: 'ofsted_lead', display_name: '<i>Lead</i>', organisation: 'ofsted' }],
      }),
    );
    const html = renderReportHtml(document);
    assert.ok(!html.includes('<script'), 'no script element');
    assert.ok(!html.includes('<img') && !html.includes('<b>') && !html.includes('<i>'), 'no element from text');
    assert.ok(html.includes('Leaders &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; listen.'));
    assert.ok(html.includes('<th scope="row" class="govuk-table__header">&lt;img src=x onerror=alert(1)&gt;</th>'));
    assert.ok(html.includes('North &amp; &quot;Brook&quot;'));

    const summary = renderFamilySummaryHtml(document);
    assert.ok(!summary.includes('<script') && summary.includes('&lt;script&gt;'));
    const page = standaloneReportHtml(document);
    assert.ok(page.includes('<title>Area SEND inspection of North &amp; &quot;Brook&quot; Local Area Partnership</title>'));
  });
});

describe('renderFamilySummaryHtml', () => {
  test('writes the summary’s title and its paragraphs and lists', () => {
    const document = composeReport(demoInputs({ outcome: 'positive' }));
    const html = renderFamilySummaryHtml(document);
    assert.ok(html.startsWith('<article class="app-report app-family-summary" lang="en-GB"><h1 class="govuk-heading-xl">What inspectors found in Northbrook: a summary for children, young people and families</h1><p class="govuk-body">'));
    assert.equal((html.match(/<ul class="govuk-list govuk-list--bullet">/g) ?? []).length, document.familySummary.blocks.filter((b) => b.type === 'list').length);
  });
});

describe('standaloneReportHtml', () => {
  test('is a whole page with the report’s styles written in and nothing fetched', () => {
    const document = composeReport(demoInputs());
    const page = standaloneReportHtml(document);
    assert.ok(page.startsWith('<!doctype html>\n<html lang="en-GB">'));
    assert.ok(page.includes(`<style>${REPORT_CSS}</style>`));
    assert.ok(page.includes(renderReportHtml(document)));
    assert.doesNotMatch(page, /<link|<script|src=|@import|url\(/);
  });
});
