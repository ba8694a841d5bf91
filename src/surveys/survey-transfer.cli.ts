// CLI verbs that move survey responses: import a file exported by another survey tool, and
// export a survey's results, comments or raw responses (audited as the command line).
import fs from 'node:fs';
import { once } from 'node:events';
import { z } from 'zod';
import { CLI_ACTOR, findInspection, isUuid } from '../inspections/inspection.service.ts';
import { CliError, DATA_HELP, DATA_OPTION, parseOptionValues, withDatabase, type CliCommand, type CliContext } from '../platform/cli.ts';
import type { Db } from '../platform/db/database.ts';
import {
  EXPORT_FORMATS,
  EXPORT_KINDS,
  describeProblem,
  mappingFromJson,
  suggestMapping,
  type ExportKind,
} from './survey-transfer.ts';
import {
  ImportFileError,
  ImportProblemsError,
  cancelImport,
  commitImport,
  getStagedImport,
  mappingSummary,
  prepareExport,
  saveColumnMapping,
  saveValueMaps,
  stageImport,
  type StagedImport,
} from './survey-transfer.service.ts';
import { getSurvey, getSurveyByAudience, type Survey } from './survey.service.ts';
import { AUDIENCE_LABELS, audienceFromSlug } from './survey.ts';

/** How often a long import says how far it has got. */
export const PROGRESS_EVERY = 10_000;

const SURVEY_HELP = `  --survey ID      the survey: its id, or the inspection's reference and the audience,
                   like SEND-352-2026-1/parents-carers (or children-young-people, practitioners)`;

const importArgsSchema = z.object({
  survey: z.string({ error: '--survey is required' }).trim().min(1, '--survey is required'),
  mapping: z.string().optional(),
  'skip-invalid': z.boolean().default(false),
});

const exportArgsSchema = z.object({
  survey: z.string({ error: '--survey is required' }).trim().min(1, '--survey is required'),
  format: z.enum(EXPORT_FORMATS, { error: `--format must be one of: ${EXPORT_FORMATS.join(', ')}` }),
  out: z.string({ error: '--out is required: the file to write' }).min(1, '--out is required: the file to write'),
  kind: z.enum(EXPORT_KINDS, { error: `--kind must be one of: ${EXPORT_KINDS.join(', ')}` }).default('results'),
});

/** The survey `--survey` names: by id, or as REFERENCE/audience. */
export async function findSurveyForCli(db: Db, key: string): Promise<Survey> {
  if (isUuid(key)) {
    const survey = await getSurvey(db.kysely, key);
    if (!survey) throw new CliError(`There is no survey with the id ${key}`);
    return survey;
  }
  const match = /^([^/]+)\/([a-z-]+)$/i.exec(key);
  if (!match) throw new CliError(`--survey must be a survey id, or an inspection reference and an audience like SEND-352-2026-1/parents-carers (not "${key}")`);
  const inspection = await findInspection(db.kysely, match[1]!);
  if (!inspection) throw new CliError(`There is no inspection with the reference ${match[1]}`);
  const audience = audienceFromSlug(match[2]!.toLowerCase());
  if (!audience) throw new CliError(`"${match[2]}" is not an audience: use parents-carers, children-young-people or practitioners`);
  const survey = await getSurveyByAudience(db.kysely, inspection.inspection.id, audience);
  if (!survey) throw new CliError(`Inspection ${inspection.inspection.reference} has no ${match[2]} survey yet`);
  return survey;
}

function readMappingFile(path: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`Cannot read the mapping file ${path}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`The mapping file ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** Says how far a long run has got, once each time it passes a multiple of PROGRESS_EVERY rows. */
function progressReporter(err: (line: string) => void, verb: string): (rows: number) => void {
  let reported = 0;
  return (rows) => {
    const due = Math.floor(rows / PROGRESS_EVERY) * PROGRESS_EVERY;
    if (due > reported) {
      reported = due;
      err(`${verb} ${due.toLocaleString('en-GB')} rows…`);
    }
  };
}

async function applyMappingFile(db: Db, survey: Survey, staged: StagedImport, path: string): Promise<StagedImport> {
  const guessed = suggestMapping(survey.definition, staged.headings);
  const { mapping, problems } = mappingFromJson(survey.definition, staged.headings, guessed, readMappingFile(path));
  if (problems.length) throw new CliError(`The mapping file ${path} has problems:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  const mappingErrors = await saveColumnMapping(db.kysely, survey, staged, mapping.columns);
  if (mappingErrors.length) throw new CliError(mappingErrors.map((p) => p.message).join('\n'));
  const saved = (await getStagedImport(db.kysely, survey, staged.id))!;
  await saveValueMaps(db.kysely, saved, mapping.values);
  return (await getStagedImport(db.kysely, survey, staged.id))!;
}

async function runImport({ values, positionals, out, err, openDb }: CliContext): Promise<number> {
  const args = parseOptionValues(importArgsSchema, values);
  const file = positionals[0]!;
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new CliError(`There is no file ${file}`);
  if (args.mapping && !fs.existsSync(args.mapping)) throw new CliError(`There is no mapping file ${args.mapping}`);
  return withDatabase(openDb, async (db) => {
    const survey = await findSurveyForCli(db, args.survey);
    let staged: StagedImport;
    try {
      staged = await stageImport(db.kysely, survey, { fileName: file, chunks: fs.createReadStream(file) }, CLI_ACTOR, { onProgress: progressReporter(err, 'Read') });
    } catch (error) {
      if (error instanceof ImportFileError) throw new CliError(error.message);
      throw error;
    }
    try {
      if (args.mapping) staged = await applyMappingFile(db, survey, staged, args.mapping);
      out(`${staged.fileName}: ${staged.rowCount.toLocaleString('en-GB')} rows. Columns:`);
      for (const m of mappingSummary(survey, staged)) out(`  ${m.heading} → ${m.target}`);
      let problems = 0;
      const outcome = await commitImport(
        db.kysely,
        survey,
        staged.id,
        CLI_ACTOR,
        {
          skipInvalid: args['skip-invalid'],
          onProblem: (problem) => {
            problems++;
            err(describeProblem(problem));
          },
          onProgress: progressReporter(err, 'Checked'),
        },
      );
      out(`Imported ${count(outcome.imported, 'response', 'responses')} into the ${AUDIENCE_LABELS[survey.audience].toLowerCase()} survey (import ${outcome.importId}).`);
      if (outcome.skipped) out(`Left out ${count(outcome.skipped, 'row', 'rows')} with ${count(problems, 'problem', 'problems')}, listed above.`);
      return 0;
    } catch (error) {
      if (error instanceof ImportProblemsError) {
        err(error.message);
        if (error.validCount > 0) err(`Run again with --skip-invalid to import the ${count(error.validCount, 'row', 'rows')} without problems and leave out the rest.`);
        return 1;
      }
      if (error instanceof ImportFileError) throw new CliError(error.message);
      throw error;
    } finally {
      const left = await getStagedImport(db.kysely, survey, staged.id);
      if (left) await cancelImport(db.kysely, left);
    }
  });
}

const EXPORT_WORDS: Readonly<Record<ExportKind, { one: string; many: string }>> = {
  results: { one: 'row of results (small numbers suppressed)', many: 'rows of results (small numbers suppressed)' },
  comments: { one: 'comment (personal details removed)', many: 'comments (personal details removed)' },
  raw: { one: 'raw response', many: 'raw responses' },
};

async function runExport({ values, out, openDb }: CliContext): Promise<void> {
  const args = parseOptionValues(exportArgsSchema, values);
  await withDatabase(openDb, async (db) => {
    const survey = await findSurveyForCli(db, args.survey);
    const prepared = await prepareExport(db.kysely, survey, args.kind, args.format, CLI_ACTOR);
    const file = fs.createWriteStream(args.out);
    await once(file, 'open').catch(() => {
      throw new CliError(`Cannot write to ${args.out}`);
    });
    const rows = await prepared.write(file);
    if (!file.closed) await once(file, 'close');
    const what = EXPORT_WORDS[args.kind];
    out(`Wrote ${count(rows, what.one, what.many)} to ${args.out}`);
  });
}

export const surveyTransferCommands: CliCommand[] = [
  {
    name: 'survey import',
    summary: 'Import responses from a CSV or XLSX file exported by another survey tool',
    usage: 'send-inspect survey import --survey ID [--mapping FILE.json] [--skip-invalid] FILE',
    help: [
      SURVEY_HELP,
      '  --mapping FILE   JSON naming what columns hold, by heading: { "How old is your child?": "age_phase" }, or',
      '                   { "columns": { … }, "values": { "age_phase": { "12-15": "age_11_15" } } }. A target is a',
      '                   question id, question_id.option_value, language, submitted or ignore. Columns it does not',
      '                   name are matched by their headings.',
      '  --skip-invalid   import the rows without problems and leave out the others (otherwise any problem',
      '                   imports nothing)',
      DATA_HELP,
      '',
      `Every problem is printed with its row and column. Progress is printed every ${PROGRESS_EVERY.toLocaleString('en-GB')} rows.`,
      'Exit status 0 when the responses were imported, 1 when nothing was.',
    ].join('\n'),
    options: { survey: { type: 'string' }, mapping: { type: 'string' }, 'skip-invalid': { type: 'boolean' }, ...DATA_OPTION },
    positionals: [1, 1],
    run: runImport,
  },
  {
    name: 'survey export',
    summary: 'Export a survey: suppressed results, redacted comments or raw responses, as CSV or XLSX',
    usage: 'send-inspect survey export --survey ID --format csv|xlsx --out FILE [--kind results|comments|raw]',
    help: [
      SURVEY_HELP,
      '  --format FORMAT  csv or xlsx',
      '  --out FILE       the file to write',
      '  --kind KIND      results (default: figures with small numbers suppressed), comments (personal',
      '                   details removed) or raw (every answer as given: personal data, keep it secure)',
      DATA_HELP,
      '',
      'Every export is recorded in the audit log.',
    ].join('\n'),
    options: { survey: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, kind: { type: 'string' }, ...DATA_OPTION },
    run: runExport,
  },
];
