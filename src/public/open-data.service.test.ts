// Open data on both databases: imported and published inspections appear, embargoed ones do not
// until their moment, a correction changes the data, and the CSV files are safe in a spreadsheet.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { addFictionalArea } from '../areas/area.service.ts';
import { DEMO_AREA } from '../demo/demo.ts';
import { CLI_ACTOR } from '../inspections/inspection.service.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { importHistoricalInspections } from '../reports/historical-import.service.ts';
import { correctFixtureReport, publishFixtureReport, type FixtureReport } from '../reports/published-report-test-support.ts';
import { findingsCsv, inspectionsCsv, inspectionsFile, openData, publishedInspection } from './open-data.service.ts';

const SERVICE = 'https://send-inspect.example.gov.uk';
const EXAMPLE = readFileSync(path.join(import.meta.dirname, '../../docs/examples/historical-inspections.json'), 'utf8');
const NOW = new Date('2027-03-10T12:00:00Z');

describeEachDatabase('open data', (kind) => {
  const db = usePreparedDatabase(kind);
  let manchester: FixtureReport;
  let embargoed: FixtureReport;

  before(async () => {
    await addFictionalArea(db.kysely, DEMO_AREA);
    await importHistoricalInspections(db.kysely, EXAMPLE, { actor: CLI_ACTOR, today: '2026-06-01' });
    manchester = await publishFixtureReport(db, { laCode: '352', outcome: 'inconsistent', publishedAt: new Date('2027-01-15T09:30:00Z') });
    embargoed = await publishFixtureReport(db, { laCode: '330', outcome: 'widespread_systemic_failings', publishedAt: new Date(NOW.getTime() + 3_600_000) });
  });

  test('imported inspections and published reports appear; an embargoed one does not until its moment', async () => {
    const data = await openData(db.kysely, SERVICE, NOW);
    assert.deepEqual(data.inspections.map((r) => r.reference), [manchester.reference, 'SEND-990-2024-1', 'SEND-990-2019-1', 'SEND-990-2017-1']);
    const imported = data.inspections.find((r) => r.reference === 'SEND-990-2017-1')!;
    assert.deepEqual([imported.framework, imported.inspection_type, imported.outcome_code, imported.historical, imported.first_published, imported.report_url], [
      '2016', 'full', 'wsoa_required', true, '2018-01-12T09:30:00.000Z', `${SERVICE}/reports/send-990-2017-1`,
    ]);
    assert.equal(data.findings.filter((f) => f.reference === 'SEND-990-2017-1').length, 7);
    assert.deepEqual(
      data.findings.filter((f) => f.reference === 'SEND-990-2024-1' && f.kind === 'area_for_improvement').map((f) => [f.criteria, f.responsible_body, f.responsible_body_label]),
      [['I1;L5', 'local_authority_and_icb', 'The local authority and the integrated care board'], ['I3', 'icb', 'The integrated care board']],
    );
    assert.ok(!data.inspections.some((r) => r.reference === embargoed.reference));
    assert.equal(await publishedInspection(db.kysely, embargoed.reference, SERVICE, NOW), undefined);

    const later = await openData(db.kysely, SERVICE, new Date(NOW.getTime() + 2 * 3_600_000));
    assert.equal(later.inspections[0].reference, embargoed.reference, 'it appears once its moment has come');
    assert.equal((await publishedInspection(db.kysely, embargoed.reference.toLowerCase(), SERVICE, new Date(NOW.getTime() + 2 * 3_600_000)))?.outcome_code, 'widespread_systemic_failings');
  });

  test('a correction changes the open data: its text, the count of corrections and the last publication', async () => {
    const correctedAt = new Date('2027-02-01T10:00:00Z');
    await correctFixtureReport(db, manchester, {
      note: 'A finding was reworded.',
      publishedAt: correctedAt,
      change: (document) => ({
        ...document,
        findings: [{ kind: 'to_do_better', kindLabel: 'Needs to be better', criteria: ['I1'], text: '=HYPERLINK("https://example.com")', responsibleBody: null, responsibleBodyLabel: null, partners: '' }],
      }),
    });
    const data = await openData(db.kysely, SERVICE, NOW);
    const row = data.inspections.find((r) => r.reference === manchester.reference)!;
    assert.equal(row.corrections, 1);
    assert.equal(row.first_published, '2027-01-15T09:30:00.000Z');
    assert.equal(row.last_published, correctedAt.toISOString());
    assert.deepEqual(data.findings.filter((f) => f.reference === manchester.reference).map((f) => f.text), ['=HYPERLINK("https://example.com")']);
    const detail = await publishedInspection(db.kysely, manchester.reference, SERVICE, NOW);
    assert.deepEqual(detail?.correction_notes, [{ published: correctedAt.toISOString(), note: 'A finding was reworded.' }]);
    assert.deepEqual(inspectionsFile(data).data.find((d) => d.reference === manchester.reference)?.findings.length, 1);

    const csv = (await findingsCsv(data)).toString('utf8');
    assert.ok(csv.startsWith('\uFEFFreference,la_code,area_name,framework,finding_number,kind,kind_label,criteria,responsible_body,responsible_body_label,partners,text\r\n'));
    assert.ok(csv.includes(`"'=HYPERLINK(""https://example.com"")"`), 'a formula is written as text');
    const inspections = (await inspectionsCsv(data)).toString('utf8').split('\r\n');
    assert.equal(inspections[0], '\uFEFFreference,la_code,area_name,region,icb,framework,inspection_type,onsite_start,onsite_end,first_published,last_published,outcome_code,outcome_label,corrections,historical,report_url');
    assert.match(inspections.find((line) => line.startsWith('SEND-990-2019-1'))!, /^SEND-990-2019-1,990,Northbrook \(fictional\),North West,.*,2016,revisit,2019-06-10,2019-06-12,2019-07-26T08:30:00.000Z,2019-07-26T08:30:00.000Z,sufficient_progress_some,Sufficient progress on some significant weaknesses,0,true,https:\/\/send-inspect.example.gov.uk\/reports\/send-990-2019-1$/);
  });
});
