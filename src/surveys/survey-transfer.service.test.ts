// Database tests of imports and exports on PGlite and PostgreSQL: reading awkward files (BOM,
// semicolons, UTF-16, Excel), refusing broken ones with nothing written, all-or-nothing imports
// that never store a row twice, and exports that stream, suppress, redact and are audited.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { prepareDatabase } from '../bootstrap.ts';
import { writeXlsx } from '../platform/render/xlsx.ts';
import type { Db } from '../platform/db/database.ts';
import { createTestDatabase, describeEachDatabase } from '../platform/db/test-database.ts';
import { describeProblem, normaliseText, type RowProblem } from './survey-transfer.ts';
import {
  ImportFileError,
  ImportProblemsError,
  checkStagedImport,
  commitImport,
  getStagedImport,
  prepareExport,
  reviewChoiceValues,
  saveValueMaps,
  stageImport,
  type StagedImport,
} from './survey-transfer.service.ts';
import { createSurveyFixture, openWithLink, type SurveyFixture } from './survey-test-support.ts';
import { closeSurveyNow, getSurvey, submitResponse, type Survey } from './survey.service.ts';
import { newClientKey } from './survey.ts';

const HEADINGS = ['Respondent', 'Which of these best describes you?', 'How old is the child or young person you are answering about?', 'My child gets the right help at the right time.', 'What could be better?'];

function csv(rows: string[][], delimiter = ','): string {
  const field = (v: string) => (/[",;\t\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(field).join(delimiter)).join('\r\n') + '\r\n';
}

/** The file's bytes in small chunks, so that letters of several bytes straddle chunk boundaries. */
async function* chunked(bytes: Buffer, size = 7): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function source(fileName: string, bytes: Buffer | string) {
  return { fileName, chunks: chunked(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes) };
}

async function collect(write: (stream: PassThrough) => Promise<unknown>): Promise<Buffer> {
  const stream = new PassThrough();
  const parts: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => parts.push(chunk));
  await write(stream);
  return Buffer.concat(parts);
}

describeEachDatabase('survey transfer service', (kind) => {
  let db: Db;
  let fixture: SurveyFixture;
  let parents: Survey;

  const count = async (table: 'survey_response' | 'survey_import' | 'survey_import_staging' | 'survey_import_staging_row', surveyId?: string) => {
    let query = db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
    if (surveyId && table !== 'survey_import_staging_row') query = query.where('survey_id', '=', surveyId);
    return Number((await query.executeTakeFirstOrThrow()).n);
  };

  const refused = async (file: { fileName: string; chunks: AsyncIterable<Uint8Array> }, pattern: RegExp, options = {}) => {
    await assert.rejects(stageImport(db.kysely, parents, file, fixture.leadActor, options), (e: unknown) => e instanceof ImportFileError && pattern.test(e.message));
    assert.equal(await count('survey_import_staging'), 0, 'nothing is kept of a refused file');
    assert.equal(await count('survey_import_staging_row'), 0);
  };

  before(async () => {
    db = await createTestDatabase(kind);
    await prepareDatabase(db);
    fixture = await createSurveyFixture(db);
    parents = fixture.surveys.get('parents_carers')!;
  });
  after(async () => {
    await db.close();
  });

  test('a semicolon-separated CSV with a byte-order mark is read, matched, checked and imported into a survey that is not open', async () => {
    const text = csv(
      [
        HEADINGS,
        ['r1', 'Parent', '5 to 10 years', 'Strongly Agree', 'Shorter waits; a named worker'],
        ['r2', 'Carer or guardian', '11 to 15 years', 'disagree', 'Nadia’s school understood her — “finally”'],
        ['r3', 'parent', '0 to 4 years', 'Agree', ''],
      ],
      ';',
    );
    const staged = await stageImport(db.kysely, parents, source('smartsurvey.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])), fixture.leadActor);
    assert.deepEqual(staged.headings, HEADINGS, 'the byte-order mark is not part of the first heading');
    assert.equal(staged.rowCount, 3);
    assert.equal(staged.format, 'csv');
    assert.deepEqual(staged.mapping.columns, [
      { kind: 'ignore' },
      { kind: 'question', questionId: 'respondent_role' },
      { kind: 'question', questionId: 'age_phase' },
      { kind: 'question', questionId: 'right_help_right_time' },
      { kind: 'question', questionId: 'what_could_be_better' },
    ]);
    assert.deepEqual(await checkStagedImport(db.kysely, parents, staged), { rowCount: 3, validCount: 3, problemRowCount: 0 });

    const outcome = await commitImport(db.kysely, parents, staged.id, fixture.leadActor, { skipInvalid: false });
    assert.deepEqual(outcome, { importId: staged.id, fileName: 'smartsurvey.csv', imported: 3, skipped: 0, alreadyDone: false });
    const stored = await db.kysely.selectFrom('survey_response').selectAll().where('import_id', '=', staged.id).orderBy('idempotency_key').execute();
    assert.deepEqual(stored.map((r) => [r.idempotency_key, r.source, r.channel_id, r.language]), [
      [`import:${staged.id}:2`, 'import', null, 'en'],
      [`import:${staged.id}:3`, 'import', null, 'en'],
      [`import:${staged.id}:4`, 'import', null, 'en'],
    ]);
    assert.deepEqual(stored[1]!.answers, { respondent_role: 'carer', age_phase: 'age_11_15', right_help_right_time: 'disagree', what_could_be_better: 'Nadia’s school understood her — “finally”' });
    const record = await db.kysely.selectFrom('survey_import').selectAll().where('id', '=', staged.id).executeTakeFirstOrThrow();
    assert.equal(record.row_count, 3);
    assert.equal(record.imported_by, fixture.lead.userId);
    assert.deepEqual((record.mapping as { columns: Record<string, string> }).columns['Which of these best describes you?'], 'q:respondent_role');
    assert.equal(await count('survey_import_staging'), 0, 'the held file is deleted once imported');
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'survey.imported').executeTakeFirstOrThrow();
    assert.equal(audit.subject_id, parents.id);
    assert.deepEqual(audit.details, { audience: 'parents_carers', importId: staged.id, fileName: 'smartsurvey.csv', imported: 3, skipped: 0 });
  });

  test('committing the same import twice, or uploading the same file again, stores nothing twice', async () => {
    const file = csv([HEADINGS, ['a', 'Parent', '5 to 10 years', 'Agree', 'More help'], ['b', 'Parent', '5 to 10 years', 'Agree', 'More help']]);
    const staged = await stageImport(db.kysely, parents, source('forms.csv', file), fixture.leadActor);
    const before = await count('survey_response', parents.id);
    const [first, second] = await Promise.all([
      commitImport(db.kysely, parents, staged.id, fixture.leadActor, { skipInvalid: false }),
      commitImport(db.kysely, parents, staged.id, fixture.leadActor, { skipInvalid: false }),
    ]);
    assert.deepEqual([first.imported, second.imported], [2, 2]);
    assert.deepEqual([first.alreadyDone, second.alreadyDone].sort(), [false, true]);
    assert.equal(await count('survey_response', parents.id), before + 2, 'two identical rows are two families, stored once each');
    await refused(source('forms (1).csv', file), /This file was imported into this survey on .+ \(2 responses\)\. Importing it again would count the same people twice\./);
    assert.equal(await count('survey_response', parents.id), before + 2);
  });

  test('a row with a bad answer is reported with its row and column, and then nothing at all is imported', async () => {
    const responses = await count('survey_response', parents.id);
    const imports = await count('survey_import', parents.id);
    const file = csv([HEADINGS, ['1', 'Parent', '5 to 10 years', 'Agree', ''], ['2', 'Parent', '12-15', 'Agree', ''], ['3', 'Grandparent', '0 to 4 years', 'Agree', '']]);
    const staged = await stageImport(db.kysely, parents, source('bad.csv', file), fixture.leadActor);
    const problems: RowProblem[] = [];
    const summary = await checkStagedImport(db.kysely, parents, staged, { onProblem: (p) => problems.push(p) });
    assert.deepEqual(summary, { rowCount: 3, validCount: 1, problemRowCount: 2 });
    assert.deepEqual(problems.map(describeProblem), [
      'Row 3, column ‘How old is the child or young person you are answering about?’: ‘12-15’ is not one of the answers',
      'Row 4, column ‘Which of these best describes you?’: ‘Grandparent’ is not one of the answers',
    ]);
    await assert.rejects(
      commitImport(db.kysely, parents, staged.id, fixture.leadActor, { skipInvalid: false }),
      (e: unknown) => e instanceof ImportProblemsError && e.validCount === 1 && e.problemRowCount === 2 && /2 rows have problems, so nothing was imported/.test(e.message),
    );
    assert.equal(await count('survey_response', parents.id), responses, 'not even the good row');
    assert.equal(await count('survey_import', parents.id), imports);
    assert.ok(await getStagedImport(db.kysely, parents, staged.id), 'the file is still held, to fix the matching');

    // Matching the file's answers fixes one row; leaving out the other is a choice made explicitly.
    const reviews = await reviewChoiceValues(db.kysely, parents, staged);
    assert.deepEqual(reviews.map((r) => [r.heading, r.values.map((v) => [v.text, v.rows])]), [
      ['Which of these best describes you?', [['Grandparent', 1]]],
      ['How old is the child or young person you are answering about?', [['12-15', 1]]],
    ]);
    await saveValueMaps(db.kysely, staged, { age_phase: { [normaliseText('12-15')]: 'age_11_15' } });
    const mapped = (await getStagedImport(db.kysely, parents, staged.id)) as StagedImport;
    const outcome = await commitImport(db.kysely, parents, staged.id, fixture.leadActor, { skipInvalid: true });
    assert.deepEqual([outcome.imported, outcome.skipped], [2, 1]);
    const answers = await db.kysely.selectFrom('survey_response').select('answers').where('idempotency_key', '=', `import:${mapped.id}:3`).executeTakeFirstOrThrow();
    assert.equal(answers.answers.age_phase, 'age_11_15');
  });

  test('rows are numbered as in the file, a value with line breaks taking several lines', async () => {
    const file = `${HEADINGS.join(',')}\r\n1,Parent,5 to 10 years,Agree,"Two\r\nlines"\r\n\r\n2,Parent,5 to 10 years,Agree,"Three\nshort\nlines"\r\n3,Parent,6 to 9,Agree,x\r\n`;
    const staged = await stageImport(db.kysely, parents, source('lines.csv', file), fixture.leadActor);
    const rows = await db.kysely.selectFrom('survey_import_staging_row').select('line').where('staging_id', '=', staged.id).orderBy('line').execute();
    assert.deepEqual(rows.map((r) => r.line), [2, 5, 8]);
    const problems: RowProblem[] = [];
    await checkStagedImport(db.kysely, parents, staged, { onProblem: (p) => problems.push(p) });
    assert.deepEqual(problems.map((p) => [p.line, p.message]), [[8, '‘6 to 9’ is not one of the answers']]);
    await db.kysely.deleteFrom('survey_import_staging').execute();
  });

  test('a file that is not UTF-8 (Windows-1252 from Excel) is refused, with the row and how to save it', async () => {
    const windows1252 = Buffer.concat([Buffer.from(`${HEADINGS.join(',')}\r\n1,Parent,5 to 10 years,Agree,Fine\r\n2,Parent,5 to 10 years,Agree,`), Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x6f, 0x6b, 0x94]), Buffer.from('\r\n')]);
    await refused(source('excel.csv', windows1252), /not saved as UTF-8 text.*the first on row 3.*“CSV UTF-8 \(Comma delimited\) \(\*\.csv\)”/);
    await refused(source('cut.csv', Buffer.concat([Buffer.from(`${HEADINGS.join(',')}\r\n1,Parent,5 to 10 years,Agree,caf`), Buffer.from([0xc3])])), /not saved as UTF-8 text/);
  });

  test('UTF-16 with a byte-order mark (Excel\'s "Unicode text", tab-separated) is read', async () => {
    const text = `${HEADINGS.join('\t')}\r\nx\tParent\t5 to 10 years\tAgree\tاردو میں جواب\r\n`;
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const staged = await stageImport(db.kysely, parents, source('unicode.txt', bytes), fixture.leadActor);
    const row = await db.kysely.selectFrom('survey_import_staging_row').select('cells').where('staging_id', '=', staged.id).executeTakeFirstOrThrow();
    assert.deepEqual(row.cells, ['x', 'Parent', '5 to 10 years', 'Agree', 'اردو میں جواب']);
    await db.kysely.deleteFrom('survey_import_staging').execute();
  });

  test('broken files are refused with a clear message and nothing kept', async () => {
    await refused(source('empty.csv', ''), /The file is empty/);
    await refused(source('blank.csv', '\r\n\r\n'), /no headings/);
    await refused(source('headings.csv', `${HEADINGS.join(',')}\r\n`), /headings but no responses/);
    await refused(source('other.csv', 'Name,Postcode,Shoe size\r\nAnn,M1 1AA,5\r\n'), /None of the file’s column headings matches a question of the parents and carers survey.*‘Name’, ‘Postcode’, ‘Shoe size’/);
    await refused(
      source('ragged.csv', `${HEADINGS.join(',')}\r\n1,Parent,5 to 10 years,Agree,ok\r\n2,Parent,5 to 10 years\r\n3,Parent,5 to 10 years,Agree,a,b\r\n4,Parent,5 to 10 years,Agree,ok,\r\n`),
      /^Rows 3, 4 do not have the same number of values as the heading row \(5\)/,
    );
    await refused(source('quotes.csv', `${HEADINGS.join(',')}\r\n1,Parent,5 to 10 years,Agree,ok\r\n2,Parent,"5 to 10 years,Agree,ok\r\n3,Parent,5 to 10 years,Agree,ok\r\n`), /^Row 3 has a value that starts with a quotation mark that is never closed/);
    await refused(source('fake.xlsx', 'this is not a workbook'), /named \.xlsx but is not an Excel workbook/);
    await refused(source('broken.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)])), /could not be read as an Excel workbook/);
    await refused(source('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])), /old Excel 97–2003 format/);
    await refused(source('pdf.csv', Buffer.from('%PDF\u0000\u0001binary')), /does not look like a CSV file/);
    await refused(source('big.csv', `${HEADINGS.join(',')}\r\n${'1,Parent,5 to 10 years,Agree,ok\r\n'.repeat(100)}`), /larger than 0 MB/, { maxBytes: 1000 });
  });

  test('an Excel workbook is read from its first sheet, with numbers and blank cells', async () => {
    const workbook = await collect((stream) =>
      writeXlsx(stream, [
        {
          name: 'Responses',
          columns: [
            { header: 'Which of these best describes you?', key: 'role' },
            { header: 'Overall, how would you rate the support for your child in this area?', key: 'overall' },
            { header: 'Notes', key: 'notes' },
          ],
          rows: [{ role: 'Foster carer', overall: 'Very poor', notes: 7 }, { role: 'Parent', overall: 'Good' }],
        },
      ]),
    );
    const staged = await stageImport(db.kysely, parents, source('forms.xlsx', workbook), fixture.leadActor);
    assert.equal(staged.format, 'xlsx');
    const rows = await db.kysely.selectFrom('survey_import_staging_row').select(['line', 'cells']).where('staging_id', '=', staged.id).orderBy('line').execute();
    assert.deepEqual(rows, [
      { line: 2, cells: ['Foster carer', 'Very poor', '7'] },
      { line: 3, cells: ['Parent', 'Good', ''] },
    ]);
    assert.deepEqual(await checkStagedImport(db.kysely, parents, staged), { rowCount: 2, validCount: 2, problemRowCount: 0 });
    await db.kysely.deleteFrom('survey_import_staging').execute();
  });

  test('exports: raw has every answer and is audited as raw; results are suppressed; comments are redacted', async () => {
    const { survey, channel } = await openWithLink(db, fixture, 'practitioners');
    const comment = 'Call Mrs Patel on 07700 900123 about the speech therapy waiting list, it is far too long.';
    for (let i = 0; i < 3; i++) {
      const answers = { respondent_role: 'senco', needs_identified: 'agree', agencies_work_together: 'disagree', ...(i === 0 ? { what_could_be_better: comment } : {}) };
      const result = await submitResponse(db.kysely, survey, { surveyId: survey.id, channelId: channel.id, language: 'en', answers, idempotencyKey: newClientKey(), source: 'api', keySecret: fixture.keySecret });
      assert.equal(result.outcome, 'stored', JSON.stringify(result));
    }
    const closed = await closeSurveyNow(db.kysely, survey.id, fixture.leadActor);
    const current = (await getSurvey(db.kysely, closed.id))!;

    const raw = await prepareExport(db.kysely, current, 'raw', 'csv', fixture.leadActor, { requestId: 'req-raw' });
    assert.match(raw.fileName, /^SEND-352-\d{4}-\d+-practitioners-raw\.csv$/);
    const rawBytes = await collect((s) => raw.write(s));
    assert.deepEqual([...rawBytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark for Excel');
    const rawText = rawBytes.toString('utf8').slice(1);
    assert.match(rawText.split('\r\n')[0]!, /^Response id,Submitted \(UTC\),Link,Language,Source,/);
    const rawLines = rawText.trimEnd().split('\r\n');
    assert.equal(rawLines.length, 4);
    assert.match(rawLines[1]!, /^\d+,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z,Council newsletter,en,api,/);
    assert.ok(rawText.includes(comment), 'raw means as given: nothing is removed');
    const rawAudit = await db.kysely.selectFrom('audit_event').selectAll().where('request_id', '=', 'req-raw').execute();
    assert.deepEqual(rawAudit.map((a) => [a.action, a.details]), [['survey.raw-exported', { audience: 'practitioners', format: 'csv', kind: 'raw' }]]);

    const results = await prepareExport(db.kysely, current, 'results', 'csv', fixture.leadActor, { requestId: 'req-results' });
    const resultsText = (await collect((s) => results.write(s))).toString('utf8');
    assert.match(resultsText, /^\uFEFFQuestion id,Question,Breakdown by,Group,Answer,Count,Out of,Percent,/);
    assert.ok(resultsText.includes(`,All questions,,,Responses,3,`));
    assert.ok(resultsText.includes('suppressed'), 'fewer than 10 responses: figures are suppressed');
    const resultsAudit = await db.kysely.selectFrom('audit_event').selectAll().where('request_id', '=', 'req-results').executeTakeFirstOrThrow();
    assert.deepEqual([resultsAudit.action, resultsAudit.details], ['survey.exported', { audience: 'practitioners', format: 'csv', kind: 'results' }]);

    const comments = await prepareExport(db.kysely, current, 'comments', 'csv', fixture.leadActor);
    const commentsText = (await collect((s) => comments.write(s))).toString('utf8');
    assert.match(commentsText, /^\uFEFFResponse id,Question id,Question,"?Comment, personal details removed"?,Themes,Themes chosen by an inspector,Sentiment\r\n/);
    const commentLines = commentsText.trimEnd().split('\r\n');
    assert.equal(commentLines.length, 2, 'one comment');
    assert.ok(commentLines[1]!.includes('speech therapy waiting list'));
    assert.ok(!commentsText.includes('07700 900123'), 'the phone number is removed');
    assert.ok(!commentsText.includes('Patel'), 'the name is removed');
  });
});
