// Tests of importing person-level data on both databases: an accepted import replaces the data in
// use and the history is kept; every bad input leaves nothing imported and says where and why;
// dry runs write nothing; workbooks; the size limit on endless streams; the problems report;
// the audit; and clearing away imports whose process stopped.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { before, test } from 'node:test';
import { sql } from 'kysely';
import type { Actor } from '../inspections/inspection.service.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import type { PersonRecord } from './case.ts';
import { acceptablePeople, cellsOf, csvText, fileSource, peopleCsv, peopleXlsx } from './case-import-test-support.ts';
import {
  CaseImportInputError,
  MAX_STORED_PROBLEMS,
  getImport,
  importPersonLevelData,
  listImports,
  problemsFileName,
  purgeAbandonedImports,
  viewImportProblems,
  writeProblemsCsv,
  type ImportReport,
} from './case-import.service.ts';
import { FIXTURE_DATA_DATE, createCasesFixture, type CasesFixture } from './case-test-support.ts';
import { PERSON_COLUMNS } from './person-template.ts';
import { deleteImport } from './case-import.repository.ts';
import { countPeople, createPersonTable, personTableName, selectCurrentImport, selectPerson } from './person.repository.ts';

describeEachDatabase('importing person-level data', (kind) => {
  const db = usePreparedDatabase(kind);
  let fixture: CasesFixture;
  let actor: Actor;
  let people: PersonRecord[];
  let acceptedId: string;

  const run = (fileName: string, content: string | Buffer, options: { dryRun?: boolean; maxBytes?: number } = {}) =>
    importPersonLevelData(db, fixture.inspectionId, fileSource(fileName, content), actor, { dataDate: FIXTURE_DATA_DATE, ...options });
  const personRows = async () => Number((await db.kysely.selectFrom('person_record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  /** The import was refused, nothing of it kept, and the data in use unchanged. */
  const refused = async (report: ImportReport) => {
    assert.equal(report.status, 'rejected');
    assert.ok(report.importId);
    const stored = await getImport(db.kysely, fixture.inspectionId, report.importId);
    assert.equal(stored?.status, 'rejected');
    assert.equal(await countPeople(db.kysely, report.importId), 0, 'no row of a refused import is kept');
    assert.equal((await selectCurrentImport(db.kysely, fixture.inspectionId))?.id, acceptedId, 'the data in use are unchanged');
    return stored!;
  };
  const refusedFile = async (report: ImportReport, pattern: RegExp) => {
    const stored = await refused(report);
    assert.match(report.fileProblem ?? '', pattern);
    assert.equal(stored.fileProblem, report.fileProblem);
    assert.deepEqual(stored.problems, []);
  };
  const refusedRows = async (report: ImportReport, expected: [number, string, RegExp][]) => {
    const stored = await refused(report);
    assert.equal(report.fileProblem, null);
    assert.equal(report.problems.length, expected.length, JSON.stringify(report.problems));
    expected.forEach(([line, column, pattern], i) => {
      assert.deepEqual([report.problems[i]!.line, report.problems[i]!.column], [line, column]);
      assert.match(report.problems[i]!.message, pattern);
    });
    assert.deepEqual(stored.problems, report.problems);
    assert.equal(stored.problemCount, expected.length);
  };

  before(async () => {
    fixture = await createCasesFixture(db);
    actor = fixture.officerActor;
    people = acceptablePeople(60, 3);
  });

  test('an accepted import replaces the data in use; the earlier one is kept as superseded, and each is audited', async () => {
    const first = await run('first.csv', peopleCsv(people.slice(0, 40)));
    assert.equal(first.status, 'accepted', JSON.stringify(first.problems));
    assert.deepEqual([first.rowCount, first.problemCount, first.format], [40, 0, 'csv']);
    assert.equal(await countPeople(db.kysely, first.importId!), 40);
    assert.deepEqual(await selectPerson(db.kysely, first.importId!, people[5]!.personId), people[5]);

    let seenWhileLoading: string | undefined;
    const second = await importPersonLevelData(db, fixture.inspectionId, fileSource('second.csv', peopleCsv(people.slice(20)), 512), fixture.leadActor, {
      dataDate: FIXTURE_DATA_DATE,
      onProgress: async () => {
        seenWhileLoading ??= 'checked';
      },
    });
    assert.equal(second.status, 'accepted');
    assert.ok(seenWhileLoading, 'progress is reported');
    assert.deepEqual(second.supersededImportIds, [first.importId]);
    acceptedId = second.importId!;
    assert.equal((await selectCurrentImport(db.kysely, fixture.inspectionId))?.id, second.importId);
    assert.equal(await countPeople(db.kysely, first.importId!), 40, 'the earlier import keeps its rows');

    const history = await listImports(db.kysely, fixture.inspectionId);
    assert.deepEqual(
      history.map((h) => [h.fileName, h.status, h.rowCount, h.current, h.supersededAt !== null]),
      [
        ['second.csv', 'accepted', 40, true, false],
        ['first.csv', 'accepted', 40, false, true],
      ],
    );
    assert.deepEqual(history.map((h) => h.importedBy), [fixture.lead.displayName, fixture.officer.displayName]);
    assert.ok(history.every((h) => h.finishedAt !== null && h.dataDate === FIXTURE_DATA_DATE));

    const audits = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'cases.imported').orderBy('id').execute();
    assert.equal(audits.length, 2);
    assert.deepEqual(
      [audits[1]!.actor_user_id, audits[1]!.inspection_id, audits[1]!.la_code, audits[1]!.subject_type, audits[1]!.subject_id],
      [fixture.lead.userId, fixture.inspectionId, '352', 'case_import', second.importId],
    );
    assert.deepEqual(audits[1]!.details, { fileName: 'second.csv', format: 'csv', dataDate: FIXTURE_DATA_DATE, rows: 40, superseded: [first.importId] });
  });

  test('the data are invisible until accepted: while rows are written the earlier import stays in use', async () => {
    const checks: Promise<void>[] = [];
    let loadingId: string | undefined;
    const many = acceptablePeople(1_500, 11);
    const report = await importPersonLevelData(db, fixture.inspectionId, fileSource('watched.csv', peopleCsv(many), 16 * 1024), actor, {
      dataDate: FIXTURE_DATA_DATE,
      // Awaited by the import, so each check sees the rows as they are being written, however busy the machine.
      onProgress: async () => {
        const check = (async () => {
          const loading = await db.kysely.selectFrom('case_import').select(['id', 'status']).where('file_name', '=', 'watched.csv').executeTakeFirstOrThrow();
          loadingId = loading.id;
          assert.equal(loading.status, 'loading');
          assert.equal((await selectCurrentImport(db.kysely, fixture.inspectionId))?.id, acceptedId);
        })();
        checks.push(check);
        await check.catch(() => undefined);
      },
    });
    await Promise.all(checks);
    assert.ok(checks.length > 1, 'progress was reported along the way');
    assert.equal(report.status, 'accepted');
    assert.equal(report.importId, loadingId);
    assert.equal(await countPeople(db.kysely, report.importId!), 1_500);
    acceptedId = report.importId!;
    assert.equal((await selectCurrentImport(db.kysely, fixture.inspectionId))?.id, acceptedId);
  });

  test('wrong, missing and identifying columns refuse the file, naming them', async () => {
    const rows = people.slice(0, 3).map((p) => cellsOf(p));
    await refusedFile(await run('extra.csv', csvText(rows.map((r) => [...r, 'x']), { headings: [...PERSON_COLUMNS, 'shoe_size'] })), /columns? the template does not have: ‘shoe_size’/);
    const withoutNeed: string[] = PERSON_COLUMNS.filter((c) => c !== 'primary_need' && c !== 'sex');
    await refusedFile(
      await run('missing.csv', csvText(rows.map((r) => r.filter((_, i) => withoutNeed.includes(PERSON_COLUMNS[i]!))), { headings: withoutNeed })),
      /missing the required columns ‘sex’ and ‘primary_need’/,
    );
    await refusedFile(await run('names.csv', csvText(rows.map((r) => [...r, 'Jane']), { headings: [...PERSON_COLUMNS, 'First name'] })), /^Only pseudonymous data may be sent: remove the column ‘First name’/);
    await refusedFile(await run('dob.csv', csvText(rows.map((r) => [...r, '2015-03-14']), { headings: [...PERSON_COLUMNS, 'date_of_birth'] })), /remove the column ‘date_of_birth’/);
  });

  test('unknown need codes, plans issued before the request, Excel serials, month-first dates and repeated ids are each reported with row and column', async () => {
    const p = people;
    const report = await run(
      'rows.csv',
      csvText([
        cellsOf(p[0]!),
        cellsOf(p[1]!, { primary_need: 'AUTISM' }),
        cellsOf(p[2]!),
        cellsOf(p[3]!, { person_id: p[0]!.personId }),
      ]),
    );
    await refusedRows(report, [
      [3, 'primary_need', /‘AUTISM’ is not one of the codes: use ASD, SLCN/],
      [5, 'person_id', /the same as on row 2/],
    ]);

    const plan = p.find((x) => x.senStatus === 'EHCP' && x.requestDate && x.assessmentDecisionDate && x.lastReviewDate)!;
    await refusedRows(await run('order.csv', csvText([cellsOf(plan, { request_date: '2026-10-01', assessment_decision_date: '' })])), [
      [2, 'plan_issued_date', new RegExp(`^plan_issued_date \\(${plan.planIssuedDate}\\) is before request_date \\(2026-10-01\\)`)],
    ]);
    await refusedRows(await run('serial.csv', csvText([cellsOf(plan, { last_annual_review_date: '45234' })])), [[2, 'last_annual_review_date', /Excel date serial number \(probably 04\/11\/2023\)/]]);
    await refusedRows(await run('us.csv', csvText([cellsOf(plan, { last_annual_review_date: '10/30/2025' })])), [[2, 'last_annual_review_date', /not a date when read day first/]]);
  });

  test('rows already written when a late problem is found are never seen, and their table is dropped', async () => {
    const many = acceptablePeople(1_600, 13);
    const rows = many.map((p, i) => cellsOf(p, i === many.length - 1 ? { social_care_status: 'UNKNOWN' } : {}));
    const counts: Promise<{ seen: number; written: number }>[] = [];
    const look = async () => {
      const loading = await db.kysely.selectFrom('case_import').select('id').where('file_name', '=', 'late.csv').where('status', '=', 'loading').executeTakeFirst();
      if (!loading) return { seen: 0, written: 0 };
      const seen = await countPeople(db.kysely, loading.id);
      // The table is dropped once the problem is found, perhaps while this looks.
      const written = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(personTableName(loading.id))}`
        .execute(db.kysely)
        .then((r) => r.rows[0]!.n)
        .catch((error: { code?: string }) => {
          if (error.code === '42P01') return 0;
          throw error;
        });
      return { seen, written };
    };
    const report = await importPersonLevelData(db, fixture.inspectionId, fileSource('late.csv', csvText(rows), 8 * 1024), actor, {
      dataDate: FIXTURE_DATA_DATE,
      onProgress: () => {
        counts.push(look());
      },
    });
    await refusedRows(report, [[1_601, 'social_care_status', /‘UNKNOWN’ is not one of the codes/]]);
    assert.equal(report.rowCount, 1_600);
    const seen = await Promise.all(counts);
    assert.equal(Math.max(...seen.map((c) => c.seen)), 0, 'no row of a loading import is seen in person_record');
    const written = Math.max(...seen.map((c) => c.written));
    // PGlite's inserts are seen in the import's own table as they are made; PostgreSQL's COPY by nobody until it ends.
    if (kind === 'pglite') assert.ok(written >= 1_000, `${written} rows were written before the problem`);
    else assert.equal(written, 0);
    const left = await sql<{ t: string | null }>`select to_regclass(${personTableName(report.importId!)})::text as t`.execute(db.kysely);
    assert.equal(left.rows[0]!.t, null, 'the refused import’s table is dropped');
  });

  test('names in person_id and full dates of birth are refused without repeating them', async () => {
    const report = await run('people.csv', csvText([cellsOf(people[0]!, { person_id: 'Amelia Jones' }), cellsOf(people[1]!, { birth_month: '2016-07-23' })]));
    await refusedRows(report, [
      [2, 'person_id', /looks like a name/],
      [3, 'birth_month', /full date of birth/],
    ]);
    assert.ok(!JSON.stringify(report.problems).includes('Amelia'));
    assert.ok(!JSON.stringify(report.problems).includes('2016-07-23'));
  });

  test('a byte-order mark and semicolons are read as such, rows numbered as in the file', async () => {
    const good = await run('excel-europe.csv', peopleCsv(people.slice(0, 5), { delimiter: ';', bom: true }));
    assert.equal(good.status, 'accepted', JSON.stringify(good.problems));
    assert.deepEqual(await selectPerson(db.kysely, good.importId!, people[4]!.personId), people[4]);
    acceptedId = good.importId!;
    const bad = await run('excel-europe-bad.csv', csvText([cellsOf(people[0]!), cellsOf(people[1]!, { sex: 'X' })], { delimiter: ';', bom: true, lineEnd: '\n' }));
    await refusedRows(bad, [[3, 'sex', /‘X’ is not one of the codes/]]);
  });

  test('an empty file, a file of headings only and a file not in UTF-8 are refused with the reason', async () => {
    await refusedFile(await run('empty.csv', ''), /^The file is empty/);
    await refusedFile(await run('headings.csv', csvText([])), /headings but no rows/);
    await refusedFile(await run('latin1.csv', Buffer.concat([Buffer.from(csvText([cellsOf(people[0]!)])), Buffer.from([0xe9, 0x0d, 0x0a])])), /not saved as UTF-8/);
  });

  test('a 2 GB file is refused before it is read when its size is known, and as soon as the limit is passed when not', async () => {
    let pulled = 0;
    const row = `${cellsOf(people[0]!).join(',')}\r\n`;
    async function* twoGigabytes(): AsyncGenerator<Uint8Array> {
      const block = Buffer.from(`${PERSON_COLUMNS.join(',')}\r\n${row.repeat(Math.floor((256 * 1024) / row.length))}`);
      for (let sent = 0; sent < 2 * 1024 ** 3; sent += block.length) {
        pulled += block.length;
        yield block;
      }
    }
    const started = performance.now();
    const known = await importPersonLevelData(db, fixture.inspectionId, { fileName: 'huge.csv', chunks: twoGigabytes(), size: 2 * 1024 ** 3 }, actor, { dataDate: FIXTURE_DATA_DATE, maxBytes: 100 * 1024 * 1024 });
    await refusedFile(known, /^The file is larger than 100 MB\./);
    assert.equal(pulled, 0, 'not a byte was read');

    const streamed = await importPersonLevelData(db, fixture.inspectionId, { fileName: 'huge.csv', chunks: twoGigabytes() }, actor, { dataDate: FIXTURE_DATA_DATE, maxBytes: 2 * 1024 * 1024 });
    await refusedFile(streamed, /^The file is larger than 2 MB\./);
    assert.ok(pulled < 3 * 1024 * 1024, `read ${pulled} bytes of 2 GB`);
    assert.ok(performance.now() - started < 20_000, 'refused promptly');
  });

  test('an Excel workbook is imported', async () => {
    const report = await run('people.xlsx', await peopleXlsx(people.slice(0, 12)));
    assert.equal(report.status, 'accepted', JSON.stringify(report.problems));
    assert.equal(report.format, 'xlsx');
    assert.deepEqual(await selectPerson(db.kysely, report.importId!, people[11]!.personId), people[11]);
    acceptedId = report.importId!;
    assert.equal((await getImport(db.kysely, fixture.inspectionId, acceptedId))?.format, 'xlsx');
  });

  test('a dry run checks the same way and writes nothing at all', async () => {
    const count = async () =>
      Promise.all(['case_import', 'person_record', 'audit_event'].map(async (table) => Number((await db.kysely.selectFrom(table as 'case_import').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)));
    const before = await count();
    const good = await run('dry.csv', peopleCsv(people.slice(0, 10)), { dryRun: true });
    assert.deepEqual([good.status, good.importId, good.dryRun, good.rowCount], ['accepted', null, true, 10]);
    const bad = await run('dry-bad.csv', csvText([cellsOf(people[0]!, { sen_status: 'X' })]), { dryRun: true });
    assert.deepEqual([bad.status, bad.problems.map((p) => [p.line, p.column])], ['rejected', [[2, 'sen_status']]]);
    const empty = await run('dry-empty.csv', '', { dryRun: true });
    assert.match(empty.fileProblem ?? '', /empty/);
    assert.deepEqual(await count(), before);
  });

  test('at most 10,000 problems are kept, with the count of all; the report lists them without the values', async () => {
    const rows = Array.from({ length: 5_050 }, (_, i) => cellsOf(people[i % people.length]!, { person_id: `ID${i}`, sex: 'Q', primary_need: 'Jane Smith' }));
    const report = await run('many.csv', csvText(rows));
    const stored = await refused(report);
    assert.equal(report.problemCount, 10_100);
    assert.equal(report.problemRowCount, 5_050);
    assert.equal(stored.problems.length, MAX_STORED_PROBLEMS);
    assert.equal(stored.problemCount, 10_100);

    const viewed = await viewImportProblems(db.kysely, fixture.inspectionId, report.importId!, fixture.leadActor, 'csv');
    const stream = new PassThrough();
    const parts: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => parts.push(chunk));
    await writeProblemsCsv(stream, viewed);
    const lines = Buffer.concat(parts).toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(lines[0], 'Row,Column,Problem');
    assert.equal(lines[1], '2,sex,"sex ‘Q’ is not one of the codes: use F, M or U"');
    assert.match(lines[2]!, /^2,primary_need,"primary_need is not one of the codes: use ASD/);
    assert.equal(lines.length, 1 + MAX_STORED_PROBLEMS + 1);
    assert.match(lines.at(-1)!, /^,,"… and 100 more problems, not listed/);
    assert.ok(!lines.some((l) => l.includes('Jane')));
    assert.equal(problemsFileName(viewed), 'many-problems.csv');
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'cases.view-import-problems').executeTakeFirstOrThrow();
    assert.deepEqual([audit.actor_user_id, audit.subject_id, audit.la_code, audit.details], [fixture.lead.userId, report.importId, '352', { format: 'csv', problems: 10_100, fileProblem: false }]);
    const rejected = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'cases.import-rejected').where('subject_id', '=', report.importId).executeTakeFirstOrThrow();
    assert.deepEqual(rejected.details, { fileName: 'many.csv', dataDate: FIXTURE_DATA_DATE, rows: 5_050, problems: 10_100, fileProblem: false });
  });

  test('the data date must be a real date; another inspection’s import is not found', async () => {
    await assert.rejects(importPersonLevelData(db, fixture.inspectionId, fileSource('x.csv', 'a'), actor, { dataDate: '2026-02-30' }), CaseImportInputError);
    const other = await createCasesFixture(db);
    assert.equal(await getImport(db.kysely, other.inspectionId, acceptedId), undefined);
    await assert.rejects(viewImportProblems(db.kysely, other.inspectionId, acceptedId, other.leadActor, 'page'), /no such import/);
  });

  test('imports left loading for over an hour are cleared away with their rows; newer ones are left', async () => {
    const now = new Date('2026-11-20T12:00:00Z');
    const add = async (startedAt: Date) => {
      const row = await db.kysely
        .insertInto('case_import')
        .values({ inspection_id: fixture.inspectionId, file_name: 'stopped.csv', file_format: 'csv', status: 'loading', data_date: FIXTURE_DATA_DATE, imported_by_label: 'x', started_at: startedAt })
        .returning('id')
        .executeTakeFirstOrThrow();
      // A stopped import's rows sit in its own table, never attached.
      await createPersonTable(db.kysely, row.id);
      await db.kysely
        .insertInto(personTableName(row.id) as 'person_record')
        .values({ import_id: row.id, line: 2, person_id: 'P1', birth_month: '2015-03', age: 11, year_group: null, sex: 'M', primary_need: 'ASD', sen_status: 'SEN_SUPPORT', request_date: null, assessment_decision_date: null, plan_issued_date: null, exception_applies: false, last_review_date: null, placement_type: 'MAINSTREAM', setting_name: null, setting_urn: null, alternative_provision: false, out_of_area: false, social_care_status: 'NONE' })
        .execute();
      return row.id;
    };
    const old = await add(new Date(now.getTime() - 61 * 60_000));
    const recent = await add(new Date(now.getTime() - 10 * 60_000));
    const tableOf = async (id: string) => (await sql<{ t: string | null }>`select to_regclass(${personTableName(id)})::text as t`.execute(db.kysely)).rows[0]!.t;
    // A table whose import is gone (its inspection deleted, say) goes too.
    const gone = await add(new Date(now.getTime() - 10 * 60_000));
    await db.kysely.deleteFrom('case_import').where('id', '=', gone).execute();
    const before = await personRows();
    assert.equal(await purgeAbandonedImports(db.kysely, now), 1);
    assert.equal(await getImport(db.kysely, fixture.inspectionId, old), undefined);
    assert.equal(await tableOf(old), null);
    assert.equal(await tableOf(gone), null);
    assert.equal(await personRows(), before);
    assert.equal((await getImport(db.kysely, fixture.inspectionId, recent))?.status, 'loading');
    assert.notEqual(await tableOf(recent), null);
    await deleteImport(db.kysely, recent);
    assert.equal(await tableOf(recent), null);
  });
});
