// Benchmark `cases-import`: importing person-level data files of 20,000 and 640,000 synthetic
// children on PostgreSQL (read, every row checked, written, accepted) against PostgreSQL's own
// COPY of the same file into a plain table with the same columns, in the same run. For the
// reading of the figures it also times a COPY of the same rows straight into an attached partition
// of person_record, its primary key and foreign key kept up row by row: the cost the import avoids
// by loading a table of its own and indexing and attaching it afterwards.
// Run alone: node bench/cases-import.bench.ts [SIZE...]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { prepareDatabase } from '../src/bootstrap.ts';
import { importPersonLevelData } from '../src/cases/case-import.service.ts';
import { PERSON_COLUMNS, templateRow } from '../src/cases/person-template.ts';
import { syntheticPeople } from '../src/demo/demo-people.ts';
import { CLI_ACTOR, createInspection } from '../src/inspections/inspection.service.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { createPostgresTestDatabase } from '../src/platform/db/test-database.ts';

export type CasesImportSizeFigures = {
  rows: number;
  fileMegabytes: number;
  /** importPersonLevelData, from the file on disk to the accepted import. */
  productSeconds: number;
  productRowsPerSecond: number;
  /** COPY ... FROM STDIN (FORMAT csv, HEADER) of the same file into a plain table. */
  copySeconds: number;
  copyRowsPerSecond: number;
  /** The product's rate as a share of COPY's (target: at least 0.25). */
  ratio: number;
  /** The same rows COPYed straight into an attached partition of person_record (its primary key and foreign key kept up per row), text format. */
  tableCopySeconds: number;
  tableCopyRowsPerSecond: number;
  /** The product's rate as a share of that. */
  shareOfTableCopy: number;
  accepted: boolean;
};

export type CasesImportFigures = {
  engine: 'postgres';
  cores: number;
  sizes: CasesImportSizeFigures[];
  targets: { ratio: number; secondsFor20000: number };
};

const DATA_DATE = '2026-11-02';
const TARGET_RATIO = 0.25;
const TARGET_SECONDS_20000 = 2;

const COPY_TABLE = `create table person_record_copy (
  person_id text, birth_month text, year_group text, sex text, primary_need text, sen_status text,
  request_date date, assessment_decision_date date, plan_issued_date date, exception_applies boolean,
  last_annual_review_date date, placement_type text, setting_name text, setting_urn text,
  alternative_provision boolean, educated_out_of_area boolean, social_care_status text)`;

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A template CSV of `count` synthetic people, written to `file`. */
export function writePeopleCsv(file: string, count: number, seed = 11): void {
  const out = fs.openSync(file, 'w');
  try {
    fs.writeSync(out, `${PERSON_COLUMNS.join(',')}\n`);
    let lines: string[] = [];
    for (const person of syntheticPeople({ count, seed, dataDate: DATA_DATE })) {
      const row = templateRow(person);
      lines.push(PERSON_COLUMNS.map((c) => csvField(row[c])).join(','));
      if (lines.length === 10_000) {
        fs.writeSync(out, `${lines.join('\n')}\n`);
        lines = [];
      }
    }
    if (lines.length) fs.writeSync(out, `${lines.join('\n')}\n`);
  } finally {
    fs.closeSync(out);
  }
}

async function timeCopy(connectionString: string, file: string): Promise<number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('drop table if exists person_record_copy');
    await client.query(COPY_TABLE);
    const started = performance.now();
    await pipeline(fs.createReadStream(file), client.query(copyFrom('COPY person_record_copy FROM STDIN (FORMAT csv, HEADER)')));
    const seconds = (performance.now() - started) / 1000;
    const count = await client.query<{ n: string }>('select count(*) as n from person_record_copy');
    if (Number(count.rows[0]!.n) === 0) throw new Error('COPY stored no rows');
    return seconds;
  } finally {
    await client.end();
  }
}

const PERSON_RECORD_COLUMNS =
  'line, person_id, birth_month, age, year_group, sex, primary_need, sen_status, request_date, assessment_decision_date, plan_issued_date, exception_applies, last_review_date, placement_type, setting_name, setting_urn, alternative_provision, out_of_area, social_care_status';

/** Times COPY of an accepted import's rows, as text, back into person_record under a new import, its partition attached first (removed afterwards). */
async function timeTableCopy(connectionString: string, importId: string): Promise<number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const copy = await client.query<{ id: string }>(
      `insert into case_import (inspection_id, file_name, file_format, status, data_date, imported_by_label)
       select inspection_id, 'table-copy.csv', 'csv', 'loading', data_date, 'bench' from case_import where id = $1 returning id`,
      [importId],
    );
    const copyId = copy.rows[0]!.id;
    const partition = `person_record_${copyId.replaceAll('-', '')}`;
    await client.query(`create table ${partition} partition of person_record for values in ('${copyId}')`);
    const parts: Buffer[] = [];
    const out = client.query(copyTo(`COPY (SELECT '${copyId}'::uuid, ${PERSON_RECORD_COLUMNS} FROM person_record WHERE import_id = '${importId}') TO STDOUT`));
    for await (const chunk of out) parts.push(chunk as Buffer);
    const started = performance.now();
    await pipeline(Readable.from(parts), client.query(copyFrom(`COPY person_record (import_id, ${PERSON_RECORD_COLUMNS}) FROM STDIN`)));
    const seconds = (performance.now() - started) / 1000;
    await client.query(`drop table ${partition}`);
    await client.query('delete from case_import where id = $1', [copyId]);
    return seconds;
  } finally {
    await client.end();
  }
}

function round(value: number, places: number): number {
  return Number(value.toFixed(places));
}

export async function runCasesImportBenchmark(options: { sizes?: number[]; log?: (line: string) => void } = {}): Promise<CasesImportFigures> {
  const sizes = options.sizes ?? [20_000, 640_000];
  const log = options.log ?? (() => undefined);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'send-inspect-cases-import-'));
  const target = await createPostgresTestDatabase();
  const db = await openDatabase({ kind: 'postgres', connectionString: target.connectionString, poolSize: 4 });
  try {
    await prepareDatabase(db);
    const inspection = await createInspection(
      db.kysely,
      { laCode: '352', frameworkCode: '2023', inspectionType: 'full', notificationDate: '2026-11-09', onsiteStartDate: '2026-11-23', onsiteEndDate: '2026-11-27' },
      CLI_ACTOR,
    );
    const importFile = async (file: string) =>
      importPersonLevelData(db, inspection.id, { fileName: path.basename(file), chunks: fs.createReadStream(file, { highWaterMark: 256 * 1024 }), size: fs.statSync(file).size }, CLI_ACTOR, { dataDate: DATA_DATE });

    const warmUp = path.join(dir, 'warm-up.csv');
    writePeopleCsv(warmUp, 5_000, 3);
    await importFile(warmUp);
    await timeCopy(target.connectionString, warmUp);

    const figures: CasesImportSizeFigures[] = [];
    for (const rows of sizes) {
      const file = path.join(dir, `people-${rows}.csv`);
      writePeopleCsv(file, rows);
      const fileMegabytes = round(fs.statSync(file).size / 1024 / 1024, 1);
      log(`${rows.toLocaleString('en-GB')} rows (${fileMegabytes} MB): COPY…`);
      const copySeconds = await timeCopy(target.connectionString, file);
      log(`  COPY ${copySeconds.toFixed(2)} s; import…`);
      const started = performance.now();
      const report = await importFile(file);
      const productSeconds = (performance.now() - started) / 1000;
      if (report.status !== 'accepted') throw new Error(`The benchmark file was refused: ${report.fileProblem ?? JSON.stringify(report.problems.slice(0, 3))}`);
      log(`  import ${productSeconds.toFixed(2)} s; the same rows COPYed into person_record…`);
      const tableCopySeconds = await timeTableCopy(target.connectionString, report.importId!);
      log(`  COPY into person_record ${tableCopySeconds.toFixed(2)} s`);
      const productRowsPerSecond = Math.round(rows / productSeconds);
      const copyRowsPerSecond = Math.round(rows / copySeconds);
      const tableCopyRowsPerSecond = Math.round(rows / tableCopySeconds);
      figures.push({
        rows,
        fileMegabytes,
        productSeconds: round(productSeconds, 2),
        productRowsPerSecond,
        copySeconds: round(copySeconds, 2),
        copyRowsPerSecond,
        ratio: round(productRowsPerSecond / copyRowsPerSecond, 2),
        tableCopySeconds: round(tableCopySeconds, 2),
        tableCopyRowsPerSecond,
        shareOfTableCopy: round(productRowsPerSecond / tableCopyRowsPerSecond, 2),
        accepted: report.status === 'accepted',
      });
      fs.rmSync(file, { force: true });
    }
    return { engine: 'postgres', cores: os.availableParallelism(), sizes: figures, targets: { ratio: TARGET_RATIO, secondsFor20000: TARGET_SECONDS_20000 } };
  } finally {
    await db.close();
    await target.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures as rows of the benchmarks table. */
export function describeCasesImport(figures: CasesImportFigures): string[] {
  return figures.sizes.map((s) => {
    const targets = [`≥ ${figures.targets.ratio} of COPY's rate`];
    if (s.rows === 20_000) targets.push(`≤ ${figures.targets.secondsFor20000} s`);
    const table = s.tableCopySeconds === undefined ? '' : `; the same rows COPYed straight into an attached partition of person_record (primary key and foreign key kept up row by row): ${s.tableCopyRowsPerSecond.toLocaleString('en-GB')} rows/s (${s.tableCopySeconds} s)`;
    return `| cases-import (${s.rows.toLocaleString('en-GB')} rows, ${s.fileMegabytes} MB CSV, every row checked, all or nothing) | postgres | ${s.productRowsPerSecond.toLocaleString('en-GB')} rows/s (${s.productSeconds} s) | COPY of the same file into a plain table: ${s.copyRowsPerSecond.toLocaleString('en-GB')} rows/s (${s.copySeconds} s)${table} | ${s.ratio} of COPY's rate (target ${targets.join(', ')})${s.shareOfTableCopy === undefined ? '' : `; ${s.shareOfTableCopy} of the COPY into person_record`} |`;
  });
}

if (import.meta.main) {
  const sizes = process.argv.slice(2).map((s) => Number(s.replace(/_/g, '')));
  const figures = await runCasesImportBenchmark({ sizes: sizes.length ? sizes : undefined, log: (line) => console.log(line) });
  console.log(JSON.stringify(figures, null, 2));
}
