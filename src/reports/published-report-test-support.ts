// Test fixtures for the public site: an inspection with a report published at a given moment (and
// corrections), written straight to the tables from a hand-built document of the report model.
import type { Kysely } from 'kysely';
import { findOutcome, inspectionType, type FrameworkCode, type FrameworkDefinition } from '../frameworks/framework.ts';
import { currentFrameworkRevision } from '../frameworks/framework.service.ts';
import type { Db } from '../platform/db/database.ts';
import type { Database } from '../platform/db/schema.ts';
import { composeReport, documentHash } from './compose.ts';
import type { ReportDocument } from './report-document.ts';
import { demoInputs } from './report-test-support.ts';

type AnyDb = Db | Kysely<Database>;

function kyselyOf(db: AnyDb): Kysely<Database> {
  return typeof (db as Kysely<Database>).selectFrom === 'function' ? (db as Kysely<Database>) : (db as Db).kysely;
}

export type FixtureReportOptions = {
  laCode?: string;
  frameworkCode?: FrameworkCode;
  inspectionType?: string;
  /** An outcome code of the inspection type; null for a report without one. */
  outcome?: string | null;
  publishedAt?: Date;
  /** 'YYYY-MM-DD' */
  onsiteStart?: string;
  onsiteEnd?: string;
  historical?: boolean;
  /** A sentence written into the report's narrative, to find it on the page. */
  narrative?: string;
  /**
   * Compose the document from demo-like findings and narrative (a full-size report, as benchmarks
   * need) instead of the small hand-built one.
   */
  composed?: boolean;
};

export type FixtureReport = { inspectionId: string; reference: string; slug: string; publicationId: string; document: ReportDocument };

async function freeReference(db: Kysely<Database>, laCode: string, year: string): Promise<string> {
  const prefix = `SEND-${laCode}-${year}-`;
  const taken = await db.selectFrom('inspection').select('reference').where('reference', 'like', `${prefix}%`).execute();
  const numbers = taken.map((r) => Number(r.reference.slice(prefix.length))).filter(Number.isInteger);
  return `${prefix}${Math.max(0, ...numbers) + 1}`;
}

/** A report document as composition would write it, kept small: enough for pages, feeds and the search. */
export function fixtureDocument(input: {
  reference: string;
  area: { laCode: string; name: string; region: string; icb: string };
  framework: { code: string; name: string };
  inspectionType: { code: string; name: string };
  outcome: ReportDocument['outcome'];
  onsiteStart: string;
  onsiteEnd: string;
  historical: boolean;
  narrative: string;
  /** The framework's report title, with [area] in it. */
  titleTemplate?: string;
}): ReportDocument {
  const title = (input.titleTemplate ?? 'Area SEND inspection of [area] Local Area Partnership').replace('[area]', input.area.name);
  return {
    schemaVersion: 1,
    reference: input.reference,
    title,
    addressedTo: `${input.area.name} Local Area Partnership`,
    area: input.area,
    framework: input.framework,
    inspectionType: input.inspectionType,
    dates: { onsiteStart: input.onsiteStart, onsiteEnd: input.onsiteEnd, previousInspection: null },
    outcome: input.outcome,
    sections: [
      {
        code: 'title',
        heading: title,
        blocks: [{ type: 'paragraph', text: `This report is addressed to the ${input.area.name} local area partnership.`, key: 'title.1', source: 'composed' }],
        subsections: [],
        tables: [],
      },
      {
        code: 'inspection_outcome',
        heading: 'Inspection outcome',
        blocks: input.outcome?.sentence ? [{ type: 'paragraph', text: input.outcome.sentence, key: 'inspection_outcome.1', source: 'composed' }] : [],
        subsections: [],
        tables: [],
      },
      {
        code: 'experience',
        heading: 'Information about the local area partnership',
        blocks: [{ type: 'paragraph', text: input.narrative, key: 'experience.1', source: 'narrative' }],
        subsections: [],
        tables: [],
      },
    ],
    findings: [],
    team: [{ name: 'Alex Inspector', role: 'Ofsted HMI, lead inspector' }],
    counts: { surveyResponses: null, familiesSpokenTo: null, staffSpokenTo: null, settingsVisited: null, plansReviewed: null },
    familySummary: { title: `What we found in ${input.area.name}`, blocks: [{ type: 'paragraph', text: `We visited ${input.area.name}.` }] },
    historical: input.historical,
  };
}

function composedDocument(input: {
  reference: string;
  typeCode: string;
  outcomeCode: string | null;
  onsiteStart: string;
  onsiteEnd: string;
  historical: boolean;
  area: { la_code: string; name: string; region: string; icb: string };
  definition: FrameworkDefinition;
  frameworkCode: FrameworkCode;
}): ReportDocument {
  const inputs = demoInputs({ framework: input.frameworkCode, type: input.typeCode, outcome: input.outcomeCode, historical: input.historical });
  return composeReport({
    ...inputs,
    details: {
      ...inputs.details,
      inspection: { reference: input.reference, inspection_type: input.typeCode, onsite_start_date: input.onsiteStart, onsite_end_date: input.onsiteEnd, historical: input.historical },
      area: { la_code: input.area.la_code, name: input.area.name, region: input.area.region, icb: input.area.icb },
      framework: { definition: input.definition },
    },
  });
}

/** An inspection (status published) with its report published at `publishedAt` (now unless told). */
export async function publishFixtureReport(db: AnyDb, options: FixtureReportOptions = {}): Promise<FixtureReport> {
  const k = kyselyOf(db);
  const laCode = options.laCode ?? '352';
  const frameworkCode = options.frameworkCode ?? '2023';
  const framework = await currentFrameworkRevision(k, frameworkCode);
  if (!framework) throw new Error(`The ${frameworkCode} framework is not loaded`);
  const typeCode = options.inspectionType ?? 'full';
  const type = inspectionType(framework.definition, typeCode);
  if (!type) throw new Error(`No inspection type ${typeCode} in the ${frameworkCode} framework`);
  const outcomeCode = options.outcome === undefined ? type.outcomes[0]!.code : options.outcome;
  const outcome = outcomeCode === null ? undefined : findOutcome(framework.definition, outcomeCode);
  if (outcomeCode !== null && !outcome) throw new Error(`No outcome ${outcomeCode} in the ${frameworkCode} framework`);
  const area = await k.selectFrom('local_area').selectAll().where('la_code', '=', laCode).executeTakeFirstOrThrow();
  const onsiteStart = options.onsiteStart ?? (frameworkCode === '2016' ? '2019-03-04' : '2026-11-23');
  const onsiteEnd = options.onsiteEnd ?? (frameworkCode === '2016' ? '2019-03-08' : '2026-11-27');
  const reference = await freeReference(k, laCode, onsiteStart.slice(0, 4));
  const historical = options.historical ?? frameworkCode === '2016';
  const inspection = await k
    .insertInto('inspection')
    .values({
      reference,
      la_code: laCode,
      framework_revision_id: framework.id,
      inspection_type: typeCode,
      status: 'published',
      notification_date: new Date(Date.parse(`${onsiteStart}T00:00:00Z`) - 14 * 86_400_000).toISOString().slice(0, 10),
      onsite_start_date: onsiteStart,
      onsite_end_date: onsiteEnd,
      created_by: null,
      historical,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const handBuilt = fixtureDocument({
    reference,
    area: { laCode, name: area.name, region: area.region, icb: area.icb },
    framework: { code: frameworkCode, name: framework.definition.name },
    inspectionType: { code: type.code, name: type.name },
    outcome: outcome ? { code: outcome.code, label: outcome.label, sentence: outcome.sentence ?? null, followUps: [] } : null,
    onsiteStart,
    onsiteEnd,
    historical,
    narrative: options.narrative ?? `Leaders in ${area.name} know their area well.`,
    titleTemplate: framework.definition.report.title,
  });
  const document = options.composed
    ? composedDocument({ reference, typeCode, outcomeCode, onsiteStart, onsiteEnd, historical, area, definition: framework.definition, frameworkCode })
    : handBuilt;
  const publicationId = await insertPublication(k, { inspectionId: inspection.id, sequence: 1, document, correctionNote: null, publishedAt: options.publishedAt });
  return { inspectionId: inspection.id, reference, slug: reference.toLowerCase(), publicationId, document };
}

/** Publishes a correction of a fixture report: the document with `change` applied, and its note. */
export async function correctFixtureReport(
  db: AnyDb,
  report: FixtureReport,
  options: { note: string; publishedAt?: Date; change?: (document: ReportDocument) => ReportDocument },
): Promise<{ publicationId: string; document: ReportDocument }> {
  const k = kyselyOf(db);
  const latest = await k
    .selectFrom('report_publication')
    .select(['sequence', 'document'])
    .where('inspection_id', '=', report.inspectionId)
    .orderBy('sequence', 'desc')
    .executeTakeFirstOrThrow();
  const document = (options.change ?? ((d) => d))(structuredClone(latest.document));
  const publicationId = await insertPublication(k, { inspectionId: report.inspectionId, sequence: latest.sequence + 1, document, correctionNote: options.note, publishedAt: options.publishedAt });
  return { publicationId, document };
}

/** A publication row as the fixture's: published by no account, with no PDF or DOCX stored. */
async function insertPublication(
  k: Kysely<Database>,
  row: { inspectionId: string; sequence: number; document: ReportDocument; correctionNote: string | null; publishedAt: Date | undefined },
): Promise<string> {
  const { id } = await k
    .insertInto('report_publication')
    .values({
      inspection_id: row.inspectionId,
      sequence: row.sequence,
      document: JSON.stringify(row.document),
      document_hash: documentHash(row.document),
      version_number: null,
      correction_note: row.correctionNote,
      published_at: row.publishedAt ?? new Date(),
      published_by: null,
      published_by_label: 'fixture',
      pdf_file_id: null,
      docx_file_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
