// Benchmark of survey analysis on PostgreSQL: the full analysis (closed questions, breakdowns, theme
// coding and redaction of two free-text questions) of N synthetic parent responses, against a plain SQL
// query that computes only the closed-question counts, in the same run. Each size is measured in a fresh
// child process so that its peak memory (worker threads included) is the analysis's own.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { sql, type Kysely } from 'kysely';
import { prepareDatabase } from '../src/bootstrap.ts';
import { CLI_ACTOR, createInspection } from '../src/inspections/inspection.service.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import type { Database } from '../src/platform/db/schema.ts';
import { createPostgresTestDatabase } from '../src/platform/db/test-database.ts';
import { analysisWorkerCount } from '../src/surveys/comment-worker.ts';
import { analyseSurvey } from '../src/surveys/survey-analysis.service.ts';
import { createSurveys } from '../src/surveys/survey.service.ts';
import { optionsOf, type Question, type SurveyDefinition } from '../src/surveys/survey.ts';

export type SurveyAnalysisSizeFigures = {
  responses: number;
  comments: number;
  /** Loading the synthetic responses (not part of the comparison). */
  loadSeconds: number;
  analysisSeconds: number;
  /** Closed-question counts only, in one SQL query. */
  baselineSeconds: number;
  /** The analysis's time as a multiple of the baseline's. */
  ratio: number;
  responsesPerSecond: number;
  /** Peak resident memory of the process that ran the analysis, its worker threads included. */
  peakRssMb: number;
  workers: number;
};

export type SurveyAnalysisFigures = { engine: 'postgres'; cores: number; sizes: SurveyAnalysisSizeFigures[] };

// ---- Synthetic responses -------------------------------------------------------------------

const SUBJECTS = [
  'The speech and language therapy',
  'Our SENCO',
  'The EHC plan',
  'CAMHS',
  "The council's SEND team",
  'School transport',
  'The annual review',
  'The autism assessment',
  'Short breaks',
  'The local offer website',
  'The paediatrician',
  'Her teaching assistant',
  'The special school',
  'Mediation',
  'The educational psychologist',
  'The occupational therapist',
  'The college',
  'The social worker',
];

const PREDICATES = [
  'has been brilliant and really listens to us',
  'took over a year and we still have nothing in place',
  'is always late and my son gets very anxious',
  'was cancelled twice without any explanation',
  'never answers emails or phone calls',
  'made a huge difference to his confidence',
  'is full of vague wording and nothing is specific',
  'said she did not meet the threshold for support',
  'works well when the staff have had the right training',
  'is fine but the waiting list is far too long',
  'left us feeling blamed and exhausted as parents',
  'helped us plan the move to secondary school',
  'only happened after we threatened to go to tribunal',
  'is hard to find and out of date',
  'treats my daughter as an individual',
  'stopped when she turned sixteen',
  'does not talk to health or social care',
];

const PERSONAL = [
  'Mrs Patel at Oakfield Primary School has been amazing.',
  'Please call me on 07700 900123 if you want to know more.',
  'You can email me at jane.smith@example.com.',
  'He was born on 12/03/2014 and is now in year 7.',
  'We live in M14 5RT and have to travel miles.',
  'Our son Oliver has waited since reception.',
  'His NHS number is 943 476 5919 if that helps.',
  'Dr Hughes was the only one who listened.',
];

const SHORT = ['No', 'Nothing', 'n/a', 'None', 'Not really', 'No comment', 'Everything!', 'Nothing works well', 'All of it', 'Unsure'];

/** A few hundred fragments; a comment joins one to three, so comments vary as real ones do. */
function commentFragments(): string[] {
  const fragments: string[] = [];
  for (const subject of SUBJECTS) for (const predicate of PREDICATES) fragments.push(`${subject} ${predicate}.`);
  return [...fragments, ...PERSONAL];
}

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;
const sqlArray = (values: readonly string[]) => `array[${values.map(sqlText).join(',')}]::text[]`;

/** A random pick of one value, the first ones more likely (as with real answers), varied by question. */
function pickExpression(values: readonly string[], seed: number): string {
  const weighted: string[] = [];
  values.forEach((value, i) => {
    const weight = Math.max(1, Math.round(8 / (1 + ((i + seed) % values.length))));
    for (let k = 0; k < weight; k++) weighted.push(value);
  });
  return `(${sqlArray(weighted)})[1 + floor(random() * ${weighted.length})::int]`;
}

function answerExpression(question: Question, index: number, fragments: number): string {
  switch (question.type) {
    case 'single':
    case 'agreement':
      return pickExpression(optionsOf(question).map((o) => o.value), index);
    case 'multiple': {
      const values = optionsOf(question).map((o) => o.value);
      // Correlated with g so that each response gets its own choice.
      return `(select jsonb_agg(v) from unnest(${sqlArray(values)}) with ordinality as o(v, n) where random() < 0.12 + 0.25 * (o.n = 1)::int + 0 * g)`;
    }
    case 'number':
      return `floor(random() * 60)::int`;
    case 'text':
      return `case when random() < 0.55 then case when random() < 0.08 then (${sqlArray(SHORT)})[1 + floor(random() * ${SHORT.length})::int]
        else f[1 + floor(random() * ${fragments})::int] || case when random() < 0.7 then ' ' || f[1 + floor(random() * ${fragments})::int] else '' end
          || case when random() < 0.35 then ' ' || f[1 + floor(random() * ${fragments})::int] else '' end end end`;
  }
}

/**
 * One INSERT … SELECT over generate_series that builds realistic answers in SQL: routing kept
 * (a routed answer only when the earlier answer shows the question), optional questions sometimes
 * skipped, about 55% answering each free-text question.
 */
function insertResponsesSql(definition: SurveyDefinition, from: number, to: number): string {
  const fragments = commentFragments();
  const columns = definition.questions.map((q, i) => `${answerExpression(q, i, fragments.length)} as a${i}`);
  const indexOf = new Map(definition.questions.map((q, i) => [q.id, i]));
  const pairs = definition.questions.map((question, i) => {
    let value = `to_jsonb(a${i})`;
    if (!question.required) value = `case when random() < 0.06 then null else ${value} end`;
    const rule = question.showIf;
    if (rule) value = `case when to_jsonb(a${indexOf.get(rule.question)}) ?| ${sqlArray(rule.anyOf)} or a${indexOf.get(rule.question)}::text = any(${sqlArray(rule.anyOf)}) then ${value} end`;
    return `${sqlText(question.id)}, ${value}`;
  });
  return `
    insert into survey_response (survey_id, channel_id, language, answers, idempotency_key, content_hash, source)
    select $1::uuid, null, case when random() < 0.95 then 'en' when random() < 0.5 then 'ur' else 'pl' end,
      jsonb_strip_nulls(jsonb_build_object(${pairs.join(', ')})),
      'bench-' || g, md5(g::text), 'api'
    from (
      select g, ${columns.join(', ')}
      from generate_series(${from}, ${to}) as g, (select ${sqlArray(fragments)} as f) as fragments
    ) as generated`;
}

async function loadResponses(connectionString: string, surveyId: string, definition: SurveyDefinition, from: number, to: number): Promise<void> {
  const chunk = 50_000;
  const ranges: [number, number][] = [];
  for (let start = from; start <= to; start += chunk) ranges.push([start, Math.min(to, start + chunk - 1)]);
  // Two connections: the server builds the rows on both cores.
  const db = await openDatabase({ kind: 'postgres', connectionString, poolSize: 2 });
  try {
    const next = async () => {
      for (let range = ranges.shift(); range; range = ranges.shift()) {
        await db.withSession((run) => run(insertResponsesSql(definition, range[0], range[1]).replace('$1::uuid', `${sqlText(surveyId)}::uuid`)));
      }
    };
    await Promise.all([next(), next()]);
    await db.withSession((run) => run('vacuum analyze survey_response'));
  } finally {
    await db.close();
  }
}

async function countComments(db: Kysely<Database>, surveyId: string, questionIds: string[]): Promise<number> {
  const result = await sql<{ n: number }>`
    select count(*) as n from survey_response r, unnest(${sql.raw(sqlArray(questionIds))}) as q(id)
    where r.survey_id = ${surveyId} and r.answers ? q.id`.execute(db);
  return Number(result.rows[0]!.n);
}

// ---- Measuring, in a child process -----------------------------------------------------------

type ChildFigures = { responses: number; analysisSeconds: number; baselineSeconds: number; peakRssMb: number; workers: number };

async function baselineCounts(db: Kysely<Database>, surveyId: string): Promise<number> {
  const result = await sql<{ key: string; value: string; n: number }>`
    select key, value, count(*) as n from survey_response, jsonb_each_text(answers) where survey_id = ${surveyId} group by 1, 2`.execute(db);
  return result.rows.length;
}

async function measureInChild(connectionString: string, surveyId: string): Promise<ChildFigures> {
  const db = await openDatabase({ kind: 'postgres', connectionString, poolSize: 4 });
  try {
    // Once untimed, so both are measured with the table in the operating system's cache.
    await baselineCounts(db.kysely, surveyId);
    const baselineStarted = performance.now();
    await baselineCounts(db.kysely, surveyId);
    const baselineSeconds = (performance.now() - baselineStarted) / 1000;
    const started = performance.now();
    const result = await analyseSurvey(db.kysely, surveyId);
    const analysisSeconds = (performance.now() - started) / 1000;
    return { responses: result.responseCount, analysisSeconds, baselineSeconds, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), workers: analysisWorkerCount() };
  } finally {
    await db.close();
  }
}

function runChild(connectionString: string, surveyId: string): Promise<ChildFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [import.meta.filename, '--child', connectionString, surveyId], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output) as ChildFigures) : reject(new Error(`The measuring process failed (exit code ${code})`))));
  });
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

export async function runSurveyAnalysisBenchmark(options: { sizes: number[]; log?: (line: string) => void }): Promise<SurveyAnalysisFigures> {
  const log = options.log ?? ((line: string) => console.log(line));
  const target = await createPostgresTestDatabase();
  const figures: SurveyAnalysisSizeFigures[] = [];
  try {
    const db = await openDatabase({ kind: 'postgres', connectionString: target.connectionString, poolSize: 2 });
    let surveyId: string;
    let definition: SurveyDefinition;
    try {
      await prepareDatabase(db);
      const inspection = await createInspection(
        db.kysely,
        { laCode: '352', frameworkCode: '2023', inspectionType: 'full', notificationDate: '2026-11-09', onsiteStartDate: '2026-11-23', onsiteEndDate: '2026-11-27' },
        CLI_ACTOR,
      );
      const parents = (await createSurveys(db.kysely, inspection.id, CLI_ACTOR)).find((s) => s.audience === 'parents_carers')!;
      surveyId = parents.id;
      definition = parents.definition;
    } finally {
      await db.close();
    }
    const textIds = definition.questions.filter((q) => q.type === 'text').map((q) => q.id);
    let loaded = 0;
    for (const size of [...options.sizes].sort((a, b) => a - b)) {
      const loadStarted = performance.now();
      if (size > loaded) await loadResponses(target.connectionString, surveyId, definition, loaded + 1, size);
      const loadSeconds = (performance.now() - loadStarted) / 1000;
      loaded = Math.max(loaded, size);
      const counting = await openDatabase({ kind: 'postgres', connectionString: target.connectionString, poolSize: 1 });
      const comments = await countComments(counting.kysely, surveyId, textIds).finally(() => counting.close());
      log(`survey-analysis: ${size.toLocaleString('en-GB')} responses (${comments.toLocaleString('en-GB')} comments) loaded in ${loadSeconds.toFixed(1)} s; measuring`);
      const child = await runChild(target.connectionString, surveyId);
      const result: SurveyAnalysisSizeFigures = {
        responses: child.responses,
        comments,
        loadSeconds: round(loadSeconds, 1),
        analysisSeconds: round(child.analysisSeconds),
        baselineSeconds: round(child.baselineSeconds),
        ratio: round(child.analysisSeconds / child.baselineSeconds),
        responsesPerSecond: Math.round(child.responses / child.analysisSeconds),
        peakRssMb: child.peakRssMb,
        workers: child.workers,
      };
      log(`survey-analysis: ${JSON.stringify(result)}`);
      figures.push(result);
    }
  } finally {
    await target.drop();
  }
  return { engine: 'postgres', cores: os.availableParallelism(), sizes: figures };
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    process.stdout.write(JSON.stringify(await measureInChild(args[1]!, args[2]!)));
  } else {
    const sizes = args.length ? args.map(Number) : [100_000, 1_000_000];
    console.log(JSON.stringify(await runSurveyAnalysisBenchmark({ sizes }), null, 2));
  }
}
