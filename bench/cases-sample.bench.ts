// Benchmark of drawing the case sample on PostgreSQL: 640,000 synthetic people are copied into a
// fresh database (not timed), then drawCaseSample of 40 plans and 6 tracked children is timed end to
// end (reading the people, drawing, writing the sample and its audit record), with the algorithm
// alone and the reading alone, against `order by random() limit 40` over the same rows in the same run.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { prepareDatabase } from '../src/bootstrap.ts';
import type { PersonRecord } from '../src/cases/case.ts';
import { drawCaseSample } from '../src/cases/case-sample.service.ts';
import { drawSample, samplingUnit, toColumns } from '../src/cases/case-sampling.ts';
import { personTableName, toPersonRow } from '../src/cases/person.repository.ts';
import { syntheticPeople } from '../src/demo/demo-people.ts';
import { CLI_ACTOR, createInspection } from '../src/inspections/inspection.service.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { createPostgresTestDatabase } from '../src/platform/db/test-database.ts';

export type CasesSampleFigures = {
  engine: 'postgres';
  people: number;
  plans: number;
  tracked: number;
  review: number;
  runs: number;
  /** drawCaseSample end to end: median and slowest of the timed runs, in ms. */
  drawMedianMs: number;
  drawMaxMs: number;
  /** The pure algorithm on the same people already in memory (as the database hands them over: ids and cells). */
  algorithmMedianMs: number;
  /** `select person_id … order by random() limit 40`. */
  baselineMedianMs: number;
  /** The draw's median as a multiple of the baseline's. */
  ratio: number;
  targetMs: number;
  setupSeconds: number;
};

const DATA_DATE = '2026-11-02';
const COLUMNS = [
  'import_id', 'line', 'person_id', 'birth_month', 'age', 'year_group', 'sex', 'primary_need', 'sen_status', 'request_date', 'assessment_decision_date',
  'plan_issued_date', 'exception_applies', 'last_review_date', 'placement_type', 'setting_name', 'setting_urn', 'alternative_provision', 'out_of_area', 'social_care_status',
] as const;

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return `"${String(value).replace(/"/g, '""')}"`;
}

function* csvLines(importId: string, people: readonly PersonRecord[]): Generator<string> {
  const BATCH = 5000;
  for (let start = 0; start < people.length; start += BATCH) {
    let chunk = '';
    for (let i = start; i < Math.min(people.length, start + BATCH); i++) {
      const row = toPersonRow(importId, i + 2, people[i]!) as Record<string, unknown>;
      chunk += `${COLUMNS.map((c) => csvField(row[c])).join(',')}\n`;
    }
    yield chunk;
  }
}

/** Copies the people straight into a partition of person_record under a new accepted import; returns the import's id. */
export async function loadPeople(connectionString: string, inspectionId: string, people: readonly PersonRecord[]): Promise<string> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const created = await client.query<{ id: string }>(
      `insert into case_import (inspection_id, file_name, file_format, status, data_date, row_count, imported_by_label, finished_at)
       values ($1, 'benchmark.csv', 'csv', 'accepted', $2, $3, 'benchmark', now()) returning id`,
      [inspectionId, DATA_DATE, people.length],
    );
    const importId = created.rows[0]!.id;
    // Each import's records are a partition of their own (see person.repository.ts).
    const table = personTableName(importId);
    await client.query(`create table ${table} partition of person_record for values in ('${importId}')`);
    await pipeline(Readable.from(csvLines(importId, people)), client.query(copyFrom(`copy ${table} (${COLUMNS.join(', ')}) from stdin with (format csv)`)));
    await client.query(`vacuum analyze ${table}`);
    return importId;
  } finally {
    await client.end();
  }
}

async function generateAndCopy(connectionString: string, inspectionId: string, count: number): Promise<{ importId: string; plans: number }> {
  const people = syntheticPeople({ count, seed: 2026, dataDate: DATA_DATE });
  const importId = await loadPeople(connectionString, inspectionId, people);
  return { importId, plans: people.filter((p) => p.senStatus === 'EHCP').length };
}

async function timeRuns(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  await work(); // once untimed, so every timed run finds the rows in the cache
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

async function timeInTurns(runs: number, works: (() => Promise<unknown>)[]): Promise<number[][]> {
  for (const work of works) await work(); // once untimed each, so every timed run finds the rows in the cache
  const times: number[][] = works.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [w, work] of works.entries()) {
      const started = performance.now();
      await work();
      times[w]!.push(performance.now() - started);
    }
  }
  return times.map((t) => t.sort((a, b) => a - b));
}

const median = (sorted: number[]) => sorted[Math.floor(sorted.length / 2)]!;
const round = (n: number, digits = 0) => Number(n.toFixed(digits));

export async function runCasesSampleBenchmark(options: { people?: number; runs?: number; log?: (line: string) => void } = {}): Promise<CasesSampleFigures> {
  const count = options.people ?? 640_000;
  const runs = options.runs ?? 7;
  const log = options.log ?? ((line: string) => console.log(line));
  const target = await createPostgresTestDatabase();
  try {
    const db = await openDatabase({ kind: 'postgres', connectionString: target.connectionString, poolSize: 2 });
    try {
      const setupStarted = performance.now();
      await prepareDatabase(db);
      const inspection = await createInspection(
        db.kysely,
        { laCode: '352', frameworkCode: '2023', inspectionType: 'full', notificationDate: '2026-11-09', onsiteStartDate: '2026-11-23', onsiteEndDate: '2026-11-27' },
        CLI_ACTOR,
      );
      // The people are made in a function of their own so that none of them is left in memory while
      // the draw is timed, as none would be in the server.
      const { importId, plans } = await generateAndCopy(target.connectionString, inspection.id, count);
      const setupSeconds = (performance.now() - setupStarted) / 1000;
      log(`cases-sample: ${count.toLocaleString('en-GB')} people (${plans.toLocaleString('en-GB')} with plans) copied in ${setupSeconds.toFixed(1)} s; measuring`);

      const request = { tracked: 6, review: 40 };
      let seed = 0;
      // Taken in turns, so that both see the same load on the machine.
      const [baseline, draws] = await timeInTurns(runs, [
        () => sql`select person_id from person_record where import_id = ${importId} order by random() limit 40`.execute(db.kysely),
        () => drawCaseSample(db.kysely, inspection.id, { ...request, seed: `bench-${seed++}` }, CLI_ACTOR),
      ]);
      const population = toColumns(syntheticPeople({ count, seed: 2026, dataDate: DATA_DATE }).map(samplingUnit));
      const algorithm = await timeRuns(runs, async () => drawSample(population, { ...request, seed: `bench-${seed++}` }));
      return {
        engine: 'postgres',
        people: count,
        plans,
        ...request,
        runs,
        drawMedianMs: round(median(draws)),
        drawMaxMs: round(draws[draws.length - 1]!),
        algorithmMedianMs: round(median(algorithm)),
        baselineMedianMs: round(median(baseline)),
        ratio: round(median(draws) / median(baseline), 1),
        targetMs: 1000,
        setupSeconds: round(setupSeconds, 1),
      };
    } finally {
      await db.close();
    }
  } finally {
    await target.drop();
  }
}

/** The benchmark's row in docs/benchmarks.md. */
export function describeCasesSample(f: CasesSampleFigures): string {
  return (
    `| cases-sample (${f.review} plans + ${f.tracked} tracked from ${f.people.toLocaleString('en-GB')} people, median of ${f.runs}) | ${f.engine} | ` +
    `drawCaseSample end to end ${f.drawMedianMs} ms (slowest ${f.drawMaxMs} ms; the algorithm alone ${f.algorithmMedianMs} ms); target ≤ ${f.targetMs} ms | ` +
    `\`order by random() limit 40\`: ${f.baselineMedianMs} ms | ${f.ratio}× the baseline's time |`
  );
}

if (import.meta.main) {
  const figures = await runCasesSampleBenchmark({ people: Number(process.argv[2] ?? 640_000) });
  console.log(JSON.stringify(figures, null, 2));
  console.log(describeCasesSample(figures));
}
