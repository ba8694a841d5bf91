// Tests of `report render` on both databases: a draft as HTML, DOCX and PDF by reference or id, a
// published report as published, audited as "cli"; plain errors; an existing file kept unless --force.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import mammoth from 'mammoth';
import type { CasesFixture } from '../cases/case-test-support.ts';
import { loadConfig } from '../config.ts';
import { addFixtureActivity, createEvidenceFixture } from '../evidence/evidence-test-support.ts';
import { CliError, UsageError, parseCommandArgs } from '../platform/cli.ts';
import { runCliCommand } from '../platform/cli-test-support.ts';
import type { Db } from '../platform/db/database.ts';
import { describeEachDatabase } from '../platform/db/test-database.ts';
import { pdfTestSkipReason } from '../platform/render/pdf-test-support.ts';
import { usePreparedDatabase } from '../platform/web/test-app.ts';
import { publishFixtureReport } from './published-report-test-support.ts';
import { REPORT_CSS } from './report-html.ts';
import { reportRenderCommands } from './report-render.cli.ts';

const renderCommand = reportRenderCommands.find((c) => c.name === 'report render')!;
const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
const skipBrowser = pdfTestSkipReason(config);

async function run(db: Db | null, argv: string[]): Promise<string[]> {
  return (await runCliCommand(renderCommand, db, argv, config)).out;
}

describeEachDatabase('report render CLI', (kind) => {
  const db = usePreparedDatabase(kind);
  let fixture: CasesFixture;
  let reference: string;
  let folder: string;

  before(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'report-cli-'));
    fixture = await createEvidenceFixture(db, '352');
    reference = (await db.kysely.selectFrom('inspection').select('reference').where('id', '=', fixture.inspectionId).executeTakeFirstOrThrow()).reference;
    await addFixtureActivity(db, fixture.inspectionId, { kind: 'focus_group', participants: { parents_carers: 7 } });
    await db.kysely
      .insertInto('finding')
      .values({ inspection_id: fixture.inspectionId, kind: 'effective', criteria: ['L1'], body: 'Leaders <b>listen</b> & act.', position: 1, created_by_label: 'fixture' })
      .execute();
  });
  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test('writes the draft as a whole HTML page by reference, says what it wrote, and is audited as cli', async () => {
    const file = path.join(folder, 'report.html');
    const out = await run(db, ['--inspection', reference.toLowerCase(), '--format', 'html', '--out', file]);
    assert.deepEqual(out, [`Wrote the draft report of ${reference} as an HTML page to ${file}`]);
    const page = await readFile(file, 'utf8');
    assert.ok(page.startsWith('<!doctype html>'));
    assert.ok(page.includes('<title>Area SEND inspection of Manchester Local Area Partnership</title>'));
    assert.ok(page.includes(REPORT_CSS), 'the styles are written into the page');
    assert.ok(page.includes('The outcome has not been recorded.'));
    assert.ok(page.includes('Leaders &lt;b&gt;listen&lt;/b&gt; &amp; act.'));
    assert.ok(page.includes('inspectors spoke to about 7 parents, carers, children and young people'));
    const audit = await db.kysely.selectFrom('audit_event').selectAll().where('action', '=', 'report.export').where('inspection_id', '=', fixture.inspectionId).executeTakeFirstOrThrow();
    assert.deepEqual([audit.actor_user_id, audit.actor_label, audit.la_code, audit.details], [null, 'cli', '352', { format: 'html', via: 'cli' }]);
  });

  test('writes a DOCX by id', async () => {
    const file = path.join(folder, 'report.docx');
    const out = await run(db, ['--inspection', fixture.inspectionId, '--format', 'docx', '--out', file]);
    assert.deepEqual(out, [`Wrote the draft report of ${reference} as a DOCX file to ${file}`]);
    const text = (await mammoth.extractRawText({ buffer: await readFile(file) })).value;
    assert.match(text, /^Area SEND inspection of Manchester Local Area Partnership/);
    assert.match(text, /Leaders <b>listen<\/b> & act\./);
  });

  test('writes a PDF', { skip: skipBrowser }, async () => {
    const file = path.join(folder, 'report.pdf');
    const out = await run(db, ['--inspection', reference, '--format', 'pdf', '--out', file]);
    assert.deepEqual(out, [`Wrote the draft report of ${reference} as a PDF to ${file}`]);
    const pdf = await readFile(file);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdf.toString('latin1').includes('/StructTreeRoot'));
  });

  test('a published report is written as published, not composed again', async () => {
    const published = await publishFixtureReport(db, { laCode: '352', narrative: 'Only in the published document.' });
    const file = path.join(folder, 'published.html');
    const out = await run(db, ['--inspection', published.reference, '--format', 'html', '--out', file]);
    assert.deepEqual(out, [`Wrote the published report of ${published.reference} as an HTML page to ${file}`]);
    assert.ok((await readFile(file, 'utf8')).includes('Only in the published document.'));
    const audit = await db.kysely.selectFrom('audit_event').select('details').where('action', '=', 'report.export').where('inspection_id', '=', published.inspectionId).executeTakeFirstOrThrow();
    assert.deepEqual(audit.details, { format: 'html', via: 'cli', publicationSequence: 1 });
  });

  test('an existing file is kept unless --force is given', async () => {
    const file = path.join(folder, 'keep.html');
    await writeFile(file, 'precious');
    await assert.rejects(run(null, ['--inspection', reference, '--format', 'html', '--out', file]), (error: Error) => {
      assert.ok(error instanceof CliError);
      assert.equal(error.message, `${file} already exists. Choose another name, or add --force to replace it.`);
      return true;
    });
    assert.equal(await readFile(file, 'utf8'), 'precious');
    await run(db, ['--inspection', reference, '--format', 'html', '--out', file, '--force']);
    assert.match(await readFile(file, 'utf8'), /^<!doctype html>/);
  });

  test('bad options are usage errors with plain messages', async () => {
    const usage = async (argv: string[], message: string) =>
      assert.rejects(run(null, argv), (error: Error) => {
        assert.ok(error instanceof UsageError, `${argv.join(' ')}: ${error.message}`);
        assert.equal(error.message, message);
        return true;
      });
    await usage(['--format', 'pdf', '--out', 'x.pdf'], '--inspection is required: the inspection’s id or its reference, like SEND-352-2026-1');
    await usage(['--inspection', 'nonsense', '--format', 'pdf', '--out', 'x.pdf'], '"nonsense" is not an inspection id or reference (a reference looks like SEND-352-2026-1)');
    await usage(['--inspection', reference, '--format', 'odt', '--out', 'x.odt'], '--format must be html, pdf or docx');
    await usage(['--inspection', reference, '--format', 'pdf'], '--out is required: the file to write, like report.pdf');
    assert.throws(() => parseCommandArgs(renderCommand, ['--colour']), (error: Error) => error instanceof UsageError && error.message.startsWith("Unknown option '--colour'"));
  });

  test('an unknown inspection or a missing folder is refused plainly, and nothing is written', async () => {
    const file = path.join(folder, 'none.html');
    const before = await readdir(folder);
    await assert.rejects(run(db, ['--inspection', 'SEND-999-2026-1', '--format', 'html', '--out', file]), (error: Error) => {
      assert.ok(error instanceof CliError);
      assert.equal(error.message, 'There is no inspection with the reference SEND-999-2026-1');
      return true;
    });
    await assert.rejects(run(db, ['--inspection', '00000000-0000-4000-8000-000000000000', '--format', 'html', '--out', file]), /There is no inspection with the id 00000000-0000-4000-8000-000000000000/);
    assert.equal(existsSync(file), false);
    assert.deepEqual(await readdir(folder), before, 'no temporary file is left behind');
    await assert.rejects(run(null, ['--inspection', reference, '--format', 'html', '--out', path.join(folder, 'missing', 'x.html')]), /does not exist\. Create it first/);
    await assert.rejects(run(null, ['--inspection', reference, '--format', 'html', '--out', folder]), /is a folder\. Give a file name/);
  });
});
