// The historical import on both databases: the documented example imported whole (published,
// historical inspections with findings, outcome, report and audit), all or nothing, dry runs, and
// re-imports refused.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import type { Kysely } from 'kysely';
import { addFictionalArea } from '../areas/area.service.ts';
import { DEMO_AREA } from '../demo/demo.ts';
import { CLI_ACTOR } from '../inspections/inspection.service.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import type { Database } from '../platform/db/schema.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { HistoricalImportError, importHistoricalInspections } from './historical-import.service.ts';
import { allPublishedReports } from './published-report.service.ts';

const EXAMPLE = readFileSync(path.join(import.meta.dirname, '../../docs/examples/historical-inspections.json'), 'utf8');
const TODAY = '2026-06-01';

async function counts(db: Kysely<Database>) {
  const count = async (table: 'inspection' | 'finding' | 'inspection_outcome' | 'report' | 'report_publication') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const audits = await db.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).where('action', 'in', ['inspection.import', 'finding.create', 'outcome.decide']).executeTakeFirstOrThrow();
  return {
    inspections: await count('inspection'),
    findings: await count('finding'),
    outcomes: await count('inspection_outcome'),
    reports: await count('report'),
    publications: await count('report_publication'),
    audits: Number(audits.n),
  };
}

function exampleWith(change: (file: { inspections: Record<string, unknown>[] }) => void): string {
  const file = JSON.parse(EXAMPLE);
  change(file);
  return JSON.stringify(file);
}

// The tests share one database and run in order.
describeEachDatabase('historical import', (kind) => {
  const db = usePreparedDatabase(kind);
  before(async () => {
    await addFictionalArea(db.kysely, DEMO_AREA);
  });

  test('a file with one bad inspection writes nothing, and says where the problem is', async () => {
    const before = await counts(db.kysely);
    const bad = exampleWith((file) => {
      (file.inspections[2].findings as { kind: string }[])[1].kind = 'effectiv';
    });
    await assert.rejects(importHistoricalInspections(db.kysely, bad, { actor: CLI_ACTOR, today: TODAY }), (error: unknown) => {
      assert.ok(error instanceof HistoricalImportError);
      assert.deepEqual(error.issues, [
        { path: 'inspections[2].findings[1].kind', message: '"effectiv" is not a finding kind of the 2023 framework (experience, effective, to_do_better, area_for_priority_action, area_for_improvement)' },
      ]);
      assert.match(error.message, /^The file was not imported, and nothing was written:\n {2}inspections\[2\]\.findings\[1\]\.kind: /);
      return true;
    });
    assert.deepEqual(await counts(db.kysely), before);
  });

  test('a dry run checks and composes everything, then writes nothing', async () => {
    const before = await counts(db.kysely);
    const lines: string[] = [];
    const result = await importHistoricalInspections(db.kysely, EXAMPLE, { actor: CLI_ACTOR, today: TODAY, dryRun: true, onProgress: (line) => lines.push(line) });
    assert.equal(result.dryRun, true);
    assert.deepEqual(result.inspections.map((i) => i.reference), ['SEND-990-2017-1', 'SEND-990-2019-1', 'SEND-990-2024-1']);
    assert.equal(lines.length, 3);
    assert.deepEqual(await counts(db.kysely), before);
  });

  test('the documented example imports whole: published historical inspections with findings, outcome, report and audit', async () => {
    const before = await counts(db.kysely);
    const lines: string[] = [];
    const result = await importHistoricalInspections(db.kysely, EXAMPLE, { actor: CLI_ACTOR, today: TODAY, onProgress: (line) => lines.push(line) });
    assert.equal(result.dryRun, false);
    assert.deepEqual(lines, [
      '1/3 SEND-990-2017-1 Northbrook (fictional): Full inspection: Written statement of action required, 7 findings, published 2018-01-12T09:30:00.000Z',
      '2/3 SEND-990-2019-1 Northbrook (fictional): Revisit: Sufficient progress on some significant weaknesses, 0 findings, published 2019-07-26T08:30:00.000Z',
      '3/3 SEND-990-2024-1 Northbrook (fictional): Full inspection: Inconsistent experiences and outcomes, 5 findings, published 2024-03-22T09:30:00.000Z',
    ]);
    const after = await counts(db.kysely);
    assert.deepEqual(after, {
      inspections: before.inspections + 3,
      findings: before.findings + 12,
      outcomes: before.outcomes + 3,
      reports: before.reports + 3,
      publications: before.publications + 3,
      audits: before.audits + 3 + 12 + 3,
    });

    const rows = await db.kysely.selectFrom('inspection').selectAll().where('la_code', '=', '990').orderBy('onsite_start_date').execute();
    assert.deepEqual(
      rows.map((r) => [r.reference, r.status, r.historical, r.inspection_type, r.notification_date, r.onsite_start_date, r.onsite_end_date]),
      [
        ['SEND-990-2017-1', 'published', true, 'full', '2017-11-06', '2017-11-13', '2017-11-17'],
        ['SEND-990-2019-1', 'published', true, 'revisit', '2019-05-24', '2019-06-10', '2019-06-12'],
        ['SEND-990-2024-1', 'published', true, 'full', '2024-01-22', '2024-02-05', '2024-02-09'],
      ],
    );
    const findings = await db.kysely.selectFrom('finding').selectAll().where('inspection_id', '=', rows[2].id).orderBy('kind').orderBy('position').execute();
    assert.ok(findings.every((f) => f.origin === 'imported'));
    const improvement = findings.filter((f) => f.kind === 'area_for_improvement');
    assert.deepEqual(improvement.map((f) => [f.responsible_body, f.criteria]), [['local_authority_and_icb', ['I1', 'L5']], ['icb', ['I3']]]);

    const publications = await db.kysely.selectFrom('report_publication').selectAll().where('inspection_id', 'in', rows.map((r) => r.id)).execute();
    assert.ok(publications.every((p) => p.sequence === 1 && p.version_number === null && p.published_by_label === 'cli' && /^[0-9a-f]{64}$/.test(p.document_hash)));

    const reports = await allPublishedReports(db.kysely, new Date('2026-06-01T12:00:00Z'));
    const report2024 = reports.find((r) => r.reference === 'SEND-990-2024-1')!;
    const document = report2024.document;
    assert.equal(document.historical, true);
    assert.equal(document.title, 'Area SEND inspection of Northbrook (fictional) Local Area Partnership');
    assert.equal(document.outcome?.code, 'inconsistent');
    assert.equal(document.findings.length, 5);
    assert.equal(document.dates.previousInspection, '2019-06-10', 'the area’s inspection before, from the same file');
    assert.deepEqual(document.team.map((m) => m.name), ['Alex Morgan', 'Chris Lee', 'Dana Owusu', 'Eli Brooks']);
    assert.deepEqual(document.counts, { surveyResponses: null, familiesSpokenTo: null, staffSpokenTo: null, settingsVisited: null, plansReviewed: null });
    const narrative = document.sections.flatMap((s) => s.blocks).filter((b) => b.source === 'narrative').map((b) => (b.type === 'paragraph' ? b.text : b.items.join(' ')));
    assert.ok(narrative.some((text) => text.startsWith('Most children and young people with SEND in Northbrook are happy')));
    assert.equal(report2024.firstPublishedAt.toISOString(), '2024-03-22T09:30:00.000Z');

    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'inspection.import').where('inspection_id', '=', rows[0].id).executeTakeFirstOrThrow();
    assert.equal(audit.actor_label, 'cli');
    assert.equal((audit.details as { outcome: string }).outcome, 'wsoa_required');
  });

  test('importing the same inspections again is refused: a published report changes only by a correction', async () => {
    const before = await counts(db.kysely);
    await assert.rejects(importHistoricalInspections(db.kysely, EXAMPLE, { actor: CLI_ACTOR, today: TODAY }), (error: unknown) => {
      assert.ok(error instanceof HistoricalImportError);
      assert.deepEqual(
        error.issues.map((i) => i.path),
        ['inspections[0].onsiteStart', 'inspections[0].reference', 'inspections[1].onsiteStart', 'inspections[1].reference', 'inspections[2].onsiteStart', 'inspections[2].reference'],
      );
      assert.match(error.issues[1].message, /an inspection SEND-990-2017-1 already exists/);
      return true;
    });
    assert.deepEqual(await counts(db.kysely), before);
  });

  test('an inspection without a reference is given the next free one', async () => {
    const file = JSON.stringify({
      schemaVersion: 1,
      inspections: [
        {
          laCode: '990',
          framework: '2023',
          inspectionType: 'monitoring',
          onsiteStart: '2025-09-15',
          onsiteEnd: '2025-09-17',
          publishedOn: '2025-10-24',
          outcome: 'effective_action_all',
        },
      ],
    });
    const result = await importHistoricalInspections(db.kysely, file, { actor: CLI_ACTOR, today: TODAY });
    assert.deepEqual(result.inspections.map((i) => i.reference), ['SEND-990-2025-1']);
    const reports = await allPublishedReports(db.kysely, new Date('2026-06-01T12:00:00Z'));
    assert.equal(reports.find((r) => r.reference === 'SEND-990-2025-1')?.document.dates.previousInspection, '2024-02-05', 'the area’s inspection before, already held');
  });
});
