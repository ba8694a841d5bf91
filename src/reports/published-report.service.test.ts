// The published reports' read side on both databases: the embargo (nothing before its moment), the
// search's filters and pages, and a corrected report read from its latest publication.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { correctFixtureReport, publishFixtureReport, type FixtureReport } from './published-report-test-support.ts';
import {
  REPORTS_PER_PAGE,
  allPublishedReports,
  getPublishedReport,
  listPublishedReports,
  publishedAreas,
  publishedReportSummaries,
  recentPublishedReports,
  referenceOfSlug,
} from './published-report.service.ts';

const NOW = new Date('2027-03-10T12:00:00Z');
const hoursBefore = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);

test('a slug names a reference only when it has the shape of one', () => {
  assert.equal(referenceOfSlug('send-352-2026-1'), 'SEND-352-2026-1');
  assert.equal(referenceOfSlug('SEND-352-2026-12'), 'SEND-352-2026-12');
  assert.equal(referenceOfSlug('send-352-2026'), undefined);
  assert.equal(referenceOfSlug("send-352-2026-1' or 1=1"), undefined);
});

// Tests run in order and share one database: later ones add reports the earlier ones must not see.
describeEachDatabase('published reports', (kind) => {
  const db = usePreparedDatabase(kind);
  let manchester: FixtureReport;
  let camden: FixtureReport;
  let norfolk2016: FixtureReport;
  let embargoed: FixtureReport;

  before(async () => {
    manchester = await publishFixtureReport(db, { laCode: '352', outcome: 'inconsistent', publishedAt: new Date('2027-01-15T09:30:00Z') });
    camden = await publishFixtureReport(db, { laCode: '202', outcome: 'positive', publishedAt: new Date('2027-02-20T09:30:00Z'), narrative: 'Camden narrative' });
    norfolk2016 = await publishFixtureReport(db, { laCode: '926', frameworkCode: '2016', outcome: 'wsoa_required', publishedAt: new Date('2019-05-01T08:00:00Z') });
    // Scheduled for an hour after "now": the embargo holds until then.
    embargoed = await publishFixtureReport(db, { laCode: '330', outcome: 'widespread_systemic_failings', publishedAt: new Date(NOW.getTime() + 3_600_000) });
  });

  test('a report scheduled for later is invisible until its moment, then appears', async () => {
    const list = await listPublishedReports(db.kysely, {}, NOW);
    assert.deepEqual(list.items.map((r) => r.reference), [camden.reference, manchester.reference, norfolk2016.reference]);
    assert.equal(list.total, 3);
    assert.equal(await getPublishedReport(db.kysely, embargoed.slug, NOW), undefined);
    assert.equal((await listPublishedReports(db.kysely, { outcome: 'widespread_systemic_failings' }, NOW)).total, 0);
    assert.ok(!(await allPublishedReports(db.kysely, NOW)).some((r) => r.reference === embargoed.reference));
    assert.ok(!(await publishedReportSummaries(db.kysely, NOW)).some((r) => r.reference === embargoed.reference));
    assert.ok(!(await recentPublishedReports(db.kysely, 50, NOW)).some((r) => r.reference === embargoed.reference));
    assert.ok(!(await publishedAreas(db.kysely, NOW)).some((a) => a.laCode === '330'), 'an area with only an embargoed report is not offered');

    const later = new Date(NOW.getTime() + 3_600_000);
    const report = await getPublishedReport(db.kysely, embargoed.slug, later);
    assert.equal(report?.outcomeCode, 'widespread_systemic_failings');
    assert.equal((await listPublishedReports(db.kysely, {}, later)).items[0]?.reference, embargoed.reference);
  });

  test('a summary carries the area, the framework and the outcome from the frozen document', async () => {
    const [first] = (await listPublishedReports(db.kysely, { area: '202' }, NOW)).items;
    assert.deepEqual(
      { ...first, firstPublishedAt: first!.firstPublishedAt.toISOString(), lastPublishedAt: first!.lastPublishedAt.toISOString() },
      {
        reference: camden.reference,
        slug: camden.slug,
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
        firstPublishedAt: '2027-02-20T09:30:00.000Z',
        lastPublishedAt: '2027-02-20T09:30:00.000Z',
        historical: false,
      },
    );
  });

  test('filters narrow the search by area, region, outcome, framework, words and publication dates', async () => {
    const refs = async (filter: Parameters<typeof listPublishedReports>[1]) => (await listPublishedReports(db.kysely, filter, NOW)).items.map((r) => r.reference);
    assert.deepEqual(await refs({ region: 'London' }), [camden.reference]);
    assert.deepEqual(await refs({ region: 'North West' }), [manchester.reference]);
    assert.deepEqual(await refs({ outcome: 'wsoa_required' }), [norfolk2016.reference]);
    assert.deepEqual(await refs({ framework: '2016' }), [norfolk2016.reference]);
    assert.deepEqual(await refs({ framework: '2023' }), [camden.reference, manchester.reference]);
    assert.deepEqual(await refs({ q: 'manch' }), [manchester.reference]);
    assert.deepEqual(await refs({ q: 'inconsistent experiences' }), [manchester.reference], 'the outcome label is searched');
    assert.deepEqual(await refs({ q: camden.reference.toLowerCase() }), [camden.reference]);
    assert.deepEqual(await refs({ q: '%' }), [], 'a percent sign is a letter, not a wildcard');
    assert.deepEqual(await refs({ from: '2027-01-01' }), [camden.reference, manchester.reference]);
    assert.deepEqual(await refs({ from: '2027-01-16', to: '2027-02-20' }), [camden.reference], 'the "to" day is included');
    assert.deepEqual(await refs({ to: '2027-02-19' }), [manchester.reference, norfolk2016.reference]);
    assert.deepEqual(await refs({ region: 'London', outcome: 'inconsistent' }), []);
  });

  test('results come 20 to a page, newest first, with the total and the count of pages', async () => {
    const many: string[] = [];
    for (let i = 0; i < REPORTS_PER_PAGE + 3; i++) {
      const report = await publishFixtureReport(db, { laCode: '340', outcome: 'positive', publishedAt: hoursBefore(48 + i) });
      many.push(report.reference);
    }
    const first = await listPublishedReports(db.kysely, { area: '340' }, NOW);
    assert.equal(first.total, REPORTS_PER_PAGE + 3);
    assert.equal(first.pageCount, 2);
    assert.deepEqual(first.items.map((r) => r.reference), many.slice(0, REPORTS_PER_PAGE));
    const second = await listPublishedReports(db.kysely, { area: '340', page: 2 }, NOW);
    assert.deepEqual(second.items.map((r) => r.reference), many.slice(REPORTS_PER_PAGE));
    const beyond = await listPublishedReports(db.kysely, { area: '340', page: 3 }, NOW);
    assert.deepEqual(beyond, { items: [], total: REPORTS_PER_PAGE + 3, page: 3, pageCount: 2 });
  });

  test('a corrected report is read from its latest publication, with each correction listed', async () => {
    const report = await publishFixtureReport(db, { laCode: '203', outcome: 'positive', publishedAt: hoursBefore(72) });
    await correctFixtureReport(db, report, {
      note: 'Corrected the name of the parent carer forum.',
      publishedAt: hoursBefore(24),
      change: (d) => ({ ...d, sections: d.sections.map((s) => (s.code === 'experience' ? { ...s, blocks: [{ ...s.blocks[0]!, type: 'paragraph', text: 'Corrected narrative.' }] } : s)) }),
    });
    // A correction scheduled after "now" is not public yet either.
    await correctFixtureReport(db, report, { note: 'Not yet.', publishedAt: new Date(NOW.getTime() + 60_000) });

    const read = await getPublishedReport(db.kysely, report.slug, NOW);
    assert.ok(read);
    assert.deepEqual(read.corrections.map((c) => ({ sequence: c.sequence, note: c.note, at: c.publishedAt.toISOString() })), [
      { sequence: 2, note: 'Corrected the name of the parent carer forum.', at: hoursBefore(24).toISOString() },
    ]);
    const experience = read.document.sections.find((s) => s.code === 'experience')!;
    assert.deepEqual(experience.blocks.map((b) => (b.type === 'paragraph' ? b.text : '')), ['Corrected narrative.']);
    assert.equal(read.firstPublishedAt.toISOString(), hoursBefore(72).toISOString());
    assert.equal(read.lastPublishedAt.toISOString(), hoursBefore(24).toISOString());
    assert.deepEqual(read.files, { pdfBytes: null, docxBytes: null });

    const all = await allPublishedReports(db.kysely, NOW);
    const same = all.find((r) => r.reference === report.reference)!;
    assert.equal(same.publicationId, read.publicationId);
    assert.equal(same.corrections.length, 1);
    const [newest] = await recentPublishedReports(db.kysely, 1, NOW);
    assert.equal(newest?.reference, report.reference, 'a correction brings the report to the top of the feed');
    assert.equal(newest?.outcomeSentence?.startsWith("The local area partnership's SEND arrangements typically lead to positive"), true);
  });

  test('an unknown or malformed address finds nothing', async () => {
    assert.equal(await getPublishedReport(db.kysely, 'send-999-2026-1', NOW), undefined);
    assert.equal(await getPublishedReport(db.kysely, 'not-a-report', NOW), undefined);
    assert.equal((await getPublishedReport(db.kysely, manchester.slug.toUpperCase(), NOW))?.reference, manchester.reference);
  });
});
