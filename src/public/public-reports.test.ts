// The public search's form and the feed and sitemap builders: choices, plain errors with the values
// kept, links that keep the search, download names, and XML that escapes what it carries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FrameworkDefinition } from '../frameworks/framework.ts';
import { frameworkDefinition } from '../reports/report-test-support.ts';
import type { FeedReport } from '../reports/published-report.service.ts';
import { reportsAtomFeed, sitemapEntries, sitemapXml } from './public-feeds.ts';
import { downloadFileName, parseReportSearch, searchChoices, searchQuery, searchValues } from './public-reports.ts';

const definitions: FrameworkDefinition[] = [frameworkDefinition('2016'), frameworkDefinition('2023')];
const choices = searchChoices(definitions, [
  { laCode: '202', name: 'Camden', region: 'London' },
  { laCode: '352', name: 'Manchester', region: 'North West' },
]);

test('the choices offer both frameworks\' outcomes, and the areas and regions with reports', () => {
  assert.deepEqual(choices.regions.map((c) => c.value), ['London', 'North West']);
  assert.deepEqual(choices.frameworks, [
    { value: '2016', text: 'Joint local area SEND inspection (2016 to 2022)' },
    { value: '2023', text: 'Area SEND inspection (from 2023)' },
  ]);
  const outcomes = choices.outcomes.map((c) => c.value);
  for (const code of ['wsoa_required', 'wsoa_not_required', 'positive', 'inconsistent', 'widespread_systemic_failings', 'effective_action_all']) assert.ok(outcomes.includes(code), code);
  assert.equal(choices.outcomes.find((c) => c.value === 'positive')?.text, 'Positive experiences and outcomes (Area SEND inspection, from 2023)');
});

test('a good search becomes a filter; blanks mean any', () => {
  const parsed = parseReportSearch({ q: '  Camden   north ', area: '202', outcome: 'positive', framework: '2023', 'from-day': '1', 'from-month': '2', 'from-year': '2027', page: '2' }, choices);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.filter, { page: 2, q: 'Camden north', area: '202', region: undefined, outcome: 'positive', framework: '2023', from: '2027-02-01', to: undefined });
  const empty = parseReportSearch({}, choices);
  assert.ok(empty.ok);
  assert.deepEqual(empty.filter, { page: 1, area: undefined, region: undefined, outcome: undefined, framework: undefined, from: undefined, to: undefined });
});

test('every wrong value is reported with the value kept', () => {
  const parsed = parseReportSearch(
    { area: '999', region: 'Mars', outcome: 'excellent', framework: '2030', 'from-day': '31', 'from-month': '2', 'from-year': '2027', 'to-month': '3', page: '0' },
    choices,
  );
  assert.ok(!parsed.ok);
  assert.deepEqual(
    parsed.issues.map((i) => [i.field, i.message]),
    [
      ['area', 'Choose an area from the list: there are no published reports for the area asked for'],
      ['region', 'Choose a region from the list'],
      ['outcome', 'Choose an outcome from the list'],
      ['framework', 'Choose a framework from the list'],
      ['from-day', 'Date published from must be a real date'],
      ['to-day', 'Date published to must include a day and year'],
      ['page', 'The page number must be a whole number from 1 to 10,000'],
    ],
  );
  assert.equal(parsed.values['from-day'], '31');
  const backwards = parseReportSearch({ 'from-day': '2', 'from-month': '3', 'from-year': '2027', 'to-day': '1', 'to-month': '3', 'to-year': '2027' }, choices);
  assert.deepEqual(!backwards.ok && backwards.issues, [{ field: 'to-day', message: 'The date published to must be the same as or after the date published from' }]);
  const long = parseReportSearch({ q: 'x'.repeat(201) }, choices);
  assert.deepEqual(!long.ok && long.issues.map((i) => i.field), ['q']);
});

test('page links keep the search and leave out blanks and page 1', () => {
  const values = searchValues({ q: 'a&b', region: 'North West', page: '3' });
  assert.equal(searchQuery(values, 1), '?q=a%26b&region=North+West');
  assert.equal(searchQuery(values, 2), '?q=a%26b&region=North+West&page=2');
  assert.equal(searchQuery(searchValues({}), 1), '');
});

test('downloads are named after the area, the kind of inspection and the year', () => {
  assert.equal(downloadFileName({ areaName: 'Northbrook', inspectionType: 'full', onsiteStart: '2026-11-23' }, 'pdf'), 'northbrook-area-send-inspection-2026.pdf');
  assert.equal(downloadFileName({ areaName: 'Bath and North East Somerset', inspectionType: 'monitoring', onsiteStart: '2027-05-10' }, 'docx'), 'bath-and-north-east-somerset-area-send-monitoring-inspection-2027.docx');
  assert.equal(downloadFileName({ areaName: "King's Lynn & Ñorfolk", inspectionType: 'full', onsiteStart: '2019-03-04' }, 'pdf'), 'king-s-lynn-and-norfolk-area-send-inspection-2019.pdf');
});

const feedReport = (overrides: Partial<FeedReport> = {}): FeedReport => ({
  reference: 'SEND-202-2026-1',
  slug: 'send-202-2026-1',
  areaName: 'Camden',
  laCode: '202',
  region: 'London',
  frameworkCode: '2023',
  frameworkName: 'Area SEND inspection',
  inspectionType: 'full',
  inspectionTypeName: 'Full inspection',
  outcomeCode: 'positive',
  outcomeLabel: 'Positive experiences and outcomes',
  onsiteStart: '2026-11-23',
  onsiteEnd: '2026-11-27',
  firstPublishedAt: new Date('2027-02-20T09:30:00Z'),
  lastPublishedAt: new Date('2027-02-20T09:30:00Z'),
  historical: false,
  title: 'Area SEND inspection of Camden Local Area Partnership',
  outcomeSentence: "The local area partnership's SEND arrangements typically lead to positive experiences.",
  corrections: [],
  ...overrides,
});

test('the Atom feed has an entry per report, a correction updating its entry, and escapes the text', () => {
  const corrected = feedReport({
    reference: 'SEND-352-2026-1',
    slug: 'send-352-2026-1',
    areaName: 'Manchester & <Salford>',
    lastPublishedAt: new Date('2027-03-01T10:00:00Z'),
    corrections: [{ sequence: 2, note: 'Fixed a name ]]> and <b>bold</b>', publishedAt: new Date('2027-03-01T10:00:00Z') }],
  });
  const xml = reportsAtomFeed([corrected, feedReport()], 'https://reports.example.test/', new Date('2027-03-10T12:00:00Z'));
  assert.match(xml, /^<\?xml version="1.0" encoding="utf-8"\?>/);
  assert.match(xml, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
  assert.match(xml, /<link rel="self" href="https:\/\/reports.example.test\/reports\/feed.atom"\/>/);
  assert.match(xml, /<updated>2027-03-01T10:00:00.000Z<\/updated>/);
  const entries = [...xml.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((m) => m[1]!);
  assert.equal(entries.length, 2);
  assert.match(entries[0]!, /<id>https:\/\/reports.example.test\/reports\/send-352-2026-1<\/id>/);
  assert.match(entries[0]!, /<updated>2027-03-01T10:00:00.000Z<\/updated>/);
  assert.match(entries[0]!, /<published>2027-02-20T09:30:00.000Z<\/published>/);
  assert.match(entries[0]!, /Corrected on 1 March 2027: Fixed a name \]\]&gt; and &lt;b&gt;bold&lt;\/b&gt;/);
  assert.ok(!entries[0]!.includes('<b>'), 'markup in text stays text');
  assert.ok(!xml.includes('generator'), 'no generator named');
});

test('the sitemap lists the public pages with absolute addresses and last changes', () => {
  const xml = sitemapXml(sitemapEntries([feedReport()]), 'https://reports.example.test');
  const locs = [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]);
  assert.deepEqual(locs, [
    'https://reports.example.test/',
    'https://reports.example.test/reports',
    'https://reports.example.test/reports/send-202-2026-1',
    'https://reports.example.test/reports/send-202-2026-1/summary',
    'https://reports.example.test/open-data',
  ]);
  assert.match(xml, /<url><loc>https:\/\/reports.example.test\/reports\/send-202-2026-1<\/loc><lastmod>2027-02-20T09:30:00.000Z<\/lastmod><\/url>/);
});
