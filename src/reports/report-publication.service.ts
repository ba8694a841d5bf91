// Use cases of the report's last steps: sending the draft for the factual accuracy check, the
// leads' sign-offs of the document as composed, publishing now or at a set time (and the job that
// publishes when the time comes), published corrections, the stored PDF and DOCX of a publication,
// and where all of it stands for the report's hub. Each change is one transaction with its audit
// record; publishing moves the inspection to published in that same transaction.
import type { Kysely } from 'kysely';
import { getInspection, isUuid, transitionInspectionIn, type Actor, type Context, type InspectionDetails } from '../inspections/inspection.service.ts';
import type { InspectionStatus } from '../inspections/inspection.table.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import { deleteStoredFiles, readStoredFile, storeFile } from '../platform/files/stored-files.ts';
import type { StoredFileRow } from '../platform/files/stored-file.table.ts';
import { CalendarRangeError, todayInEngland } from '../platform/working-days.ts';
import { composeReport, documentHash } from './compose.ts';
import { listComments, openCommentCounts } from './report-comment.service.ts';
import { isWithinDeadline } from './report-comment.ts';
import type { NarrativeSections, ReportDocument } from './report-document.ts';
import { checkNarrative, narrativeSections, sameNarrative, ReportNotFoundError, type NarrativeIssue, type NarrativeSectionInfo } from './report-draft.ts';
import { insertVersion, lockReport, selectLatestVersion, selectReport, selectVersion } from './report-draft.repository.ts';
import { gatherReportInputs } from './report-inputs.service.ts';
import { composedLatest } from './report-preview.service.ts';
import {
  insertPublication,
  selectDueReports,
  selectLatestPublication,
  selectLatestScheduleEvent,
  selectPublication,
  selectPublications,
  selectSignOffs,
  selectUser,
  setPublicationFile,
  updateFactualAccuracy,
  updateSchedule,
  upsertSignOff,
  type PublicationRow,
  type SignOffRow,
} from './report-publication.repository.ts';
import {
  ALREADY_PUBLISHED,
  FACTUAL_ACCURACY_DAYS,
  REPORT_STAGE_LABELS,
  SIGN_OFF_ROLES,
  SIGN_OFF_ROLE_NAMES,
  SIGN_OFF_STATE_LABELS,
  correctionNoteProblem,
  factualAccuracyDeadline,
  isPublic,
  isSignOffRole,
  missingBeforeFactualAccuracy,
  missingBeforePublication,
  missingBeforeSignOff,
  publicationRefusal,
  reportStage,
  scheduleTimeProblem,
  signOffState,
  type ReportStage,
  type SignOffState,
  type WorkflowFacts,
} from './report-workflow.ts';
import type { ReportRow, SignOffRole } from './report.table.ts';

type Tx = Kysely<Database>;

// ---- Errors --------------------------------------------------------------------------------

/** The step is not allowed now; `missing` says what must happen first. Nothing was written. */
export class ReportStepRefusedError extends Error {
  /** The refusal in one sentence, without the list. */
  readonly headline: string;
  readonly missing: string[];
  constructor(headline: string, missing: string[] = []) {
    super(missing.length ? `${headline}: ${missing.join('; ')}` : headline);
    this.headline = headline;
    this.missing = missing;
  }
}

/** What was typed cannot be used; `field` is the form field it is about. Nothing was written. */
export class ReportStepInputError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/** The report changed after the lead opened the sign-off page: they must read it again. */
export class SignOffOutdatedError extends Error {
  constructor() {
    super('The report has changed since you opened this page. Read it again, then sign it off');
  }
}

/** The corrected narrative breaks a limit, or the note is missing. Nothing was written. */
export class CorrectionInputError extends Error {
  readonly issues: NarrativeIssue[];
  constructor(issues: NarrativeIssue[]) {
    super(issues.map((i) => i.message).join('; '));
    this.issues = issues;
  }
}

// ---- What the rules need -------------------------------------------------------------------

type Composed = { version: number; document: ReportDocument; hash: string };

async function composeNow(db: Tx, inspectionId: string): Promise<Composed> {
  const { version, document } = await composedLatest(db, inspectionId);
  return { version, document, hash: documentHash(document) };
}

async function factsOf(db: Tx, details: InspectionDetails, report: ReportRow | undefined, composed: Composed, signOffs: SignOffRow[]): Promise<WorkflowFacts> {
  const id = details.inspection.id;
  const open = await openCommentCounts(db, id);
  const areaComments = (await listComments(db, id, { stage: 'factual_accuracy' })).length;
  return {
    status: details.inspection.status,
    draftVersion: composed.version > 0 ? composed.version : null,
    outcomeRecorded: composed.document.outcome !== null,
    openQaComments: open.qaOpen,
    openFactualAccuracyComments: open.factualAccuracyOpen,
    factualAccuracyComments: areaComments,
    factualAccuracyDeadline: report?.factual_accuracy_deadline ?? null,
    currentHash: composed.hash,
    signOffs: Object.fromEntries(signOffs.map((s) => [s.role, { documentHash: s.document_hash }])),
  };
}

async function requireDetails(db: Tx, inspectionId: string): Promise<InspectionDetails> {
  const details = isUuid(inspectionId) ? await getInspection(db, inspectionId) : undefined;
  if (!details) throw new ReportNotFoundError();
  return details;
}

/**
 * The inspection, and its report row (made if need be) locked so that saves, sign-offs and
 * publications of one report take turns. A change of status meanwhile is caught when the
 * inspection moves on: the inspections service checks the status again under its own lock.
 */
async function lockExistingReport(trx: Tx, inspectionId: string): Promise<{ report: ReportRow; details: InspectionDetails }> {
  const details = await requireDetails(trx, inspectionId);
  return { report: await lockReport(trx, inspectionId), details };
}

/** The lead role the actor holds on the team, if any. */
function leadRoleOf(details: InspectionDetails, actor: Actor): SignOffRole | undefined {
  const role = details.team.find((m) => m.user_id === actor.id)?.role;
  return isSignOffRole(role) ? role : undefined;
}

// ---- The hub's summary ---------------------------------------------------------------------

export type SignOffView = {
  role: SignOffRole;
  roleLabel: string;
  state: SignOffState;
  stateLabel: string;
  signedBy: string | null;
  signedAt: Date | null;
  versionNumber: number | null;
};

export type PublicationView = {
  id: string;
  sequence: number;
  isCorrection: boolean;
  correctionNote: string | null;
  versionNumber: number | null;
  publishedAt: Date;
  publishedBy: string;
  isPublic: boolean;
};

export type PublicationStatus = {
  stage: ReportStage;
  stageLabel: string;
  status: InspectionStatus;
  /** The latest draft's number, or null before the first save. */
  draftVersion: number | null;
  /** The hash of the document as composed now, while it can still change (null once published). */
  currentHash: string | null;
  factualAccuracy: { version: number; sentAt: Date | null; deadline: string; open: boolean } | null;
  openComments: { qualityAssurance: number; factualAccuracy: number };
  signOffs: SignOffView[];
  schedule: { at: Date; by: string | null } | null;
  /** The last scheduled publication, when it did not happen because the report was not ready then. */
  scheduleFailure: { scheduledFor: Date | null; checkedAt: Date; missing: string[] } | null;
  publications: PublicationView[];
  /** What must still happen, in plain English, before each step (empty when it may happen now). */
  missing: { beforeFactualAccuracy: string[]; beforeSignOff: string[]; beforePublication: string[] };
};

/** Each lead's sign-off against the document as it is now; once published (no hash), as they were given. */
function signOffViews(signOffs: SignOffRow[], hash: string | null): SignOffView[] {
  return SIGN_OFF_ROLES.map((role) => {
    const row = signOffs.find((s) => s.role === role);
    const state = hash === null ? (row ? 'current' : 'missing') : signOffState(row && { documentHash: row.document_hash }, hash);
    return {
      role,
      roleLabel: SIGN_OFF_ROLE_NAMES[role],
      state,
      stateLabel: SIGN_OFF_STATE_LABELS[state],
      signedBy: row ? (row.user_name ?? row.user_label) : null,
      signedAt: row?.signed_at ?? null,
      versionNumber: row?.version_number ?? null,
    };
  });
}

async function scheduleFailureOf(db: Tx, inspectionId: string): Promise<PublicationStatus['scheduleFailure']> {
  const event = await selectLatestScheduleEvent(db, inspectionId);
  if (!event || event.action !== 'report.publish' || event.outcome !== 'failure') return null;
  const details = event.details as { scheduledFor?: string; missing?: string[] };
  return { scheduledFor: details.scheduledFor ? new Date(details.scheduledFor) : null, checkedAt: new Date(event.occurred_at), missing: details.missing ?? [] };
}

/**
 * Where the report's sign-off and publication stand, for the report's hub: its stage, the factual
 * accuracy check, each lead's sign-off (current, or needing to be given again), any schedule, the
 * publications and corrections, and what is still missing before each step.
 */
export async function publicationStatus(db: Tx, inspectionId: string, now: Date = new Date()): Promise<PublicationStatus> {
  const details = await requireDetails(db, inspectionId);
  const status = details.inspection.status;
  const report = await selectReport(db, inspectionId);
  const signOffs = await selectSignOffs(db, inspectionId);
  const publications = await selectPublications(db, inspectionId);
  const open = await openCommentCounts(db, inspectionId);
  // Once published the report no longer changes, so there is nothing to compose or compare.
  const composed = publications.length ? null : await composeNow(db, inspectionId);
  const facts = composed ? await factsOf(db, details, report, composed, signOffs) : null;
  const today = todayInEngland(now);
  const stage = reportStage(status, report?.scheduled_for ?? null);
  const deadline = report?.factual_accuracy_deadline ?? null;
  const scheduledBy = report?.scheduled_by ? await selectUser(db, report.scheduled_by) : undefined;
  return {
    stage,
    stageLabel: REPORT_STAGE_LABELS[stage],
    status,
    draftVersion: composed ? facts!.draftVersion : ((await selectLatestVersion(db, inspectionId))?.number ?? null),
    currentHash: composed?.hash ?? null,
    factualAccuracy:
      report && report.factual_accuracy_version !== null && deadline !== null
        ? { version: report.factual_accuracy_version, sentAt: report.factual_accuracy_sent_at, deadline, open: status === 'factual_accuracy' && isWithinDeadline(deadline, today) }
        : null,
    openComments: { qualityAssurance: open.qaOpen, factualAccuracy: open.factualAccuracyOpen },
    signOffs: signOffViews(signOffs, composed?.hash ?? null),
    schedule: report?.scheduled_for ? { at: new Date(report.scheduled_for), by: scheduledBy?.displayName ?? null } : null,
    scheduleFailure: composed && !report?.scheduled_for ? await scheduleFailureOf(db, inspectionId) : null,
    publications: publications.map((p) => ({
      id: p.id,
      sequence: p.sequence,
      isCorrection: p.sequence > 1,
      correctionNote: p.correction_note,
      versionNumber: p.version_number,
      publishedAt: new Date(p.published_at),
      publishedBy: p.published_by_name ?? p.published_by_label,
      isPublic: isPublic({ publishedAt: new Date(p.published_at) }, now),
    })),
    missing: facts
      ? { beforeFactualAccuracy: missingBeforeFactualAccuracy(facts), beforeSignOff: missingBeforeSignOff(facts, today), beforePublication: missingBeforePublication(facts, today) }
      : { beforeFactualAccuracy: [], beforeSignOff: [], beforePublication: [] },
  };
}

// ---- Sending the draft for the factual accuracy check --------------------------------------

export type SentForFactualAccuracy = { version: number; deadline: string };

/**
 * The QA reader accepts the draft and sends it to the area: the latest version, today's date and
 * the last day for comments (`workingDays` working days on) are recorded and the inspection moves
 * to the factual accuracy check, together. Refused while QA comments are open, before a draft is
 * saved or the outcome recorded.
 */
export async function sendForFactualAccuracy(
  db: Tx,
  inspectionId: string,
  input: { workingDays: number },
  actor: Actor,
  context: Context = {},
  now: Date = new Date(),
): Promise<SentForFactualAccuracy> {
  const { workingDays } = input;
  if (!Number.isInteger(workingDays) || workingDays < FACTUAL_ACCURACY_DAYS.min || workingDays > FACTUAL_ACCURACY_DAYS.max) {
    throw new ReportStepInputError('workingDays', `The number of working days must be a whole number from ${FACTUAL_ACCURACY_DAYS.min} to ${FACTUAL_ACCURACY_DAYS.max}`);
  }
  let deadline: string;
  try {
    deadline = factualAccuracyDeadline(now, workingDays);
  } catch (error) {
    if (error instanceof CalendarRangeError) throw new ReportStepInputError('workingDays', 'The deadline cannot be worked out: the bank holidays of that year are not known yet');
    throw error;
  }
  return db.transaction().execute(async (trx) => {
    const { report, details } = await lockExistingReport(trx, inspectionId);
    if (details.inspection.status !== 'quality_assurance') {
      throw new ReportStepRefusedError('The draft can be sent for the factual accuracy check only from quality assurance');
    }
    const composed = await composeNow(trx, inspectionId);
    const missing = missingBeforeFactualAccuracy(await factsOf(trx, details, report, composed, []));
    if (missing.length) throw new ReportStepRefusedError('The draft cannot be sent to the local area yet', missing);
    await updateFactualAccuracy(trx, inspectionId, { version: composed.version, sentAt: now, deadline });
    await transitionInspectionIn(trx, inspectionId, { to: 'factual_accuracy' }, actor, context, { via: 'report' });
    await recordAudit(trx, {
      actor,
      action: 'report.send-for-factual-accuracy',
      inspectionId,
      laCode: details.inspection.la_code,
      subjectType: 'report_version',
      subjectId: `${inspectionId}:${composed.version}`,
      details: { version: composed.version, workingDays, deadline, documentHash: composed.hash },
      requestId: context.requestId,
    });
    return { version: composed.version, deadline };
  });
}

// ---- Sign-off ------------------------------------------------------------------------------

export type SignOffPage = {
  details: InspectionDetails;
  version: number | null;
  currentHash: string;
  signOffs: SignOffView[];
  missing: string[];
};

/** What a lead signs off: the document as composed now (its version and hash), each lead's sign-off, and what is missing. */
export async function signOffPage(db: Tx, inspectionId: string, now: Date = new Date()): Promise<SignOffPage> {
  const details = await requireDetails(db, inspectionId);
  const composed = await composeNow(db, inspectionId);
  const signOffs = await selectSignOffs(db, inspectionId);
  const facts = await factsOf(db, details, await selectReport(db, inspectionId), composed, signOffs);
  return {
    details,
    version: facts.draftVersion,
    currentHash: composed.hash,
    signOffs: signOffViews(signOffs, composed.hash),
    missing: missingBeforeSignOff(facts, todayInEngland(now)),
  };
}

/**
 * The actor, a lead, signs off the document as it is composed now. `shownHash` is the document the
 * page showed: if the report has changed since, nothing is written (SignOffOutdatedError).
 */
export async function signOff(db: Tx, inspectionId: string, shownHash: string, actor: Actor, context: Context = {}, now: Date = new Date()): Promise<{ role: SignOffRole; version: number }> {
  return db.transaction().execute(async (trx) => {
    const { report, details } = await lockExistingReport(trx, inspectionId);
    const role = leadRoleOf(details, actor);
    if (!role) throw new ReportStepRefusedError('Only the Ofsted lead and the CQC lead sign off the report');
    const composed = await composeNow(trx, inspectionId);
    const signOffs = await selectSignOffs(trx, inspectionId);
    const missing = missingBeforeSignOff(await factsOf(trx, details, report, composed, signOffs), todayInEngland(now));
    if (missing.length) throw new ReportStepRefusedError('The report cannot be signed off yet', missing);
    if (shownHash !== composed.hash) throw new SignOffOutdatedError();
    await upsertSignOff(trx, { inspectionId, role, userId: actor.id, userLabel: actor.label, versionNumber: composed.version, documentHash: composed.hash, signedAt: now });
    await recordAudit(trx, {
      actor,
      action: 'report.sign-off',
      inspectionId,
      laCode: details.inspection.la_code,
      subjectType: 'report_version',
      subjectId: `${inspectionId}:${composed.version}`,
      details: { role, version: composed.version, documentHash: composed.hash },
      requestId: context.requestId,
    });
    return { role, version: composed.version };
  });
}

// ---- Publication ---------------------------------------------------------------------------

export type PublishPage = { details: InspectionDetails; status: PublicationStatus };

/** Refuses anyone but the Ofsted lead; the command line and the scheduled job (no account) act with the database's authority. */
function requirePublisher(details: InspectionDetails, actor: Actor): void {
  if (actor.id !== null && details.team.find((m) => m.user_id === actor.id)?.role !== 'ofsted_lead') {
    throw new ReportStepRefusedError('Only the Ofsted lead publishes the report');
  }
}

type Readiness = { details: InspectionDetails; report: ReportRow; composed: Composed; facts: WorkflowFacts; missing: string[]; alreadyPublished: boolean };

/** Checks, against a document composed afresh, that the report (its row locked by the caller) may be published now. */
async function readinessToPublish(trx: Tx, { report, details }: { report: ReportRow; details: InspectionDetails }, now: Date): Promise<Readiness> {
  const inspectionId = report.inspection_id;
  const composed = await composeNow(trx, inspectionId);
  const facts = await factsOf(trx, details, report, composed, await selectSignOffs(trx, inspectionId));
  const alreadyPublished = (await selectLatestPublication(trx, inspectionId)) !== undefined;
  const missing = alreadyPublished ? [ALREADY_PUBLISHED] : missingBeforePublication(facts, todayInEngland(now));
  return { details, report, composed, facts, missing, alreadyPublished };
}

/** Throws what stops publication now, the headline saying it in one sentence. */
function refuseUnlessReady(ready: Readiness): void {
  if (ready.alreadyPublished) throw new ReportStepRefusedError(ALREADY_PUBLISHED);
  if (ready.missing.length) throw new ReportStepRefusedError(publicationRefusal(ready.facts), ready.missing);
}

export type Published = { publicationId: string; version: number };

async function publishReady(trx: Tx, ready: Readiness, actor: Actor, publisher: { id: string | null; label: string }, context: Context, now: Date): Promise<Published> {
  const { details, report, composed } = ready;
  const inspectionId = details.inspection.id;
  const { id } = await insertPublication(trx, {
    inspection_id: inspectionId,
    sequence: 1,
    document: composed.document,
    document_hash: composed.hash,
    version_number: composed.version,
    correction_note: null,
    published_at: now,
    published_by: publisher.id,
    published_by_label: publisher.label,
  });
  if (report.scheduled_for) await updateSchedule(trx, inspectionId, null, now);
  await transitionInspectionIn(trx, inspectionId, { to: 'published' }, actor, context, { via: 'report' });
  await recordAudit(trx, {
    actor,
    action: 'report.publish',
    inspectionId,
    laCode: details.inspection.la_code,
    subjectType: 'report_publication',
    subjectId: id,
    details: {
      sequence: 1,
      version: composed.version,
      documentHash: composed.hash,
      ...(report.scheduled_for ? { scheduledFor: new Date(report.scheduled_for).toISOString(), scheduledBy: publisher.label } : {}),
    },
    requestId: context.requestId,
  });
  return { publicationId: id, version: composed.version };
}

/**
 * Publishes the report now: both leads' sign-offs must hold for the document as composed at this
 * moment. The publication (the frozen document), the move to published and the audit record are
 * written together; anything missing throws ReportStepRefusedError and nothing is written.
 */
export async function publishNow(db: Tx, inspectionId: string, actor: Actor, context: Context = {}, now: Date = new Date()): Promise<Published> {
  return db.transaction().execute(async (trx) => {
    const ready = await readinessToPublish(trx, await lockExistingReport(trx, inspectionId), now);
    requirePublisher(ready.details, actor);
    refuseUnlessReady(ready);
    return publishReady(trx, ready, actor, actor, context, now);
  });
}

/**
 * Sets the report to be published at `at` (in the future, within a year). It must be ready now
 * too; the job checks again when the time comes. Until then nothing of it is public.
 */
export async function schedulePublication(db: Tx, inspectionId: string, at: Date, actor: Actor, context: Context = {}, now: Date = new Date()): Promise<void> {
  const problem = scheduleTimeProblem(at, now);
  if (problem) throw new ReportStepInputError('publishAt', problem);
  await db.transaction().execute(async (trx) => {
    const ready = await readinessToPublish(trx, await lockExistingReport(trx, inspectionId), now);
    requirePublisher(ready.details, actor);
    refuseUnlessReady(ready);
    await updateSchedule(trx, inspectionId, { at, by: actor.id }, now);
    await recordAudit(trx, {
      actor,
      action: 'report.schedule',
      inspectionId,
      laCode: ready.details.inspection.la_code,
      subjectType: 'report',
      subjectId: inspectionId,
      details: { scheduledFor: at.toISOString(), version: ready.composed.version, documentHash: ready.composed.hash },
      requestId: context.requestId,
    });
  });
}

export async function cancelScheduledPublication(db: Tx, inspectionId: string, actor: Actor, context: Context = {}, now: Date = new Date()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { report, details } = await lockExistingReport(trx, inspectionId);
    requirePublisher(details, actor);
    if (!report.scheduled_for) throw new ReportStepRefusedError('No publication is scheduled');
    await updateSchedule(trx, inspectionId, null, now);
    await recordAudit(trx, {
      actor,
      action: 'report.schedule-cancel',
      inspectionId,
      laCode: details.inspection.la_code,
      subjectType: 'report',
      subjectId: inspectionId,
      details: { scheduledFor: new Date(report.scheduled_for).toISOString() },
      requestId: context.requestId,
    });
  });
}

/** Who a scheduled publication is made by: the job itself, for the person who scheduled it. */
export const SCHEDULED_PUBLICATION_ACTOR: Actor = { id: null, label: 'scheduled publication' };

export type DuePublications = { published: string[]; notPublished: { inspectionId: string; missing: string[] }[] };

/**
 * Publishes every report whose scheduled time has come, each in its own transaction with the same
 * checks as publishing now. The report row is locked and its schedule read again under the lock,
 * so when several app instances run this at once only one publishes. A report that is no longer
 * ready (changed since it was signed off, say) is not published: its schedule is cleared and the
 * reasons are audited, for the report's hub to show.
 */
export async function publishDueReports(db: Tx, now: Date = new Date()): Promise<DuePublications> {
  const result: DuePublications = { published: [], notPublished: [] };
  const failures: unknown[] = [];
  for (const inspectionId of await selectDueReports(db, now)) {
    try {
      await db.transaction().execute(async (trx) => {
        const locked = await lockExistingReport(trx, inspectionId);
        const { report } = locked;
        const scheduledFor = report.scheduled_for ? new Date(report.scheduled_for) : null;
        // Another instance published it, or someone cancelled, while this one waited for the lock.
        if (!scheduledFor || scheduledFor.getTime() > now.getTime()) return;
        const ready = await readinessToPublish(trx, locked, now);
        const scheduledBy = report.scheduled_by;
        if (ready.missing.length) {
          await updateSchedule(trx, inspectionId, null, now);
          await recordAudit(trx, {
            actor: SCHEDULED_PUBLICATION_ACTOR,
            action: 'report.publish',
            outcome: 'failure',
            inspectionId,
            laCode: ready.details.inspection.la_code,
            subjectType: 'report',
            subjectId: inspectionId,
            details: { scheduledFor: scheduledFor.toISOString(), missing: ready.missing },
          });
          result.notPublished.push({ inspectionId, missing: ready.missing });
          return;
        }
        const publisher = { id: scheduledBy, label: (scheduledBy && (await selectUser(trx, scheduledBy))?.email) || SCHEDULED_PUBLICATION_ACTOR.label };
        await publishReady(trx, ready, SCHEDULED_PUBLICATION_ACTOR, publisher, {}, now);
        result.published.push(inspectionId);
      });
    } catch (error) {
      // One report's failure must not hold up the others; the schedule stays, so the next run tries again.
      failures.push(error);
    }
  }
  if (failures.length) throw new AggregateError(failures, `${failures.length} scheduled publication(s) failed and will be tried again`);
  return result;
}

// ---- Corrections ---------------------------------------------------------------------------

export type CorrectionPage = { details: InspectionDetails; sections: NarrativeSectionInfo[]; narrative: NarrativeSections; latest: PublicationView };

function publishedNarrative(document: ReportDocument, codes: ReadonlySet<string>): NarrativeSections {
  const narrative: NarrativeSections = {};
  for (const section of document.sections) {
    if (!codes.has(section.code)) continue;
    const blocks = section.blocks.filter((b) => b.source === 'narrative').map((b) => (b.type === 'paragraph' ? { type: b.type, text: b.text } : { type: b.type, items: [...b.items] }));
    if (blocks.length) narrative[section.code] = blocks;
  }
  return narrative;
}

async function narrativeOf(db: Tx, publication: PublicationRow, sections: NarrativeSectionInfo[]): Promise<NarrativeSections> {
  const version = publication.version_number !== null ? await selectVersion(db, publication.inspection_id, publication.version_number) : undefined;
  return version?.sections ?? publishedNarrative(publication.document, new Set(sections.map((s) => s.code)));
}

function publicationView(row: PublicationRow, now: Date): PublicationView {
  return {
    id: row.id,
    sequence: row.sequence,
    isCorrection: row.sequence > 1,
    correctionNote: row.correction_note,
    versionNumber: row.version_number,
    publishedAt: row.published_at,
    publishedBy: row.published_by_label,
    isPublic: isPublic({ publishedAt: row.published_at }, now),
  };
}

/** The narrative as last published, for the correction form; undefined before publication. */
export async function correctionPage(db: Tx, inspectionId: string, now: Date = new Date()): Promise<CorrectionPage | undefined> {
  const details = await requireDetails(db, inspectionId);
  const latest = await selectLatestPublication(db, inspectionId);
  if (!latest) return undefined;
  const sections = narrativeSections(details.framework.definition, details.area.name);
  return { details, sections, narrative: await narrativeOf(db, latest, sections), latest: publicationView(latest, now) };
}

export type CorrectionInput = { narrative: NarrativeSections; note: string };

/**
 * Publishes a correction: the corrected narrative becomes a new draft version, and the document
 * composed from it a new publication (the next sequence) with the note saying what was corrected
 * and why. Only after publication; refused when the text is unchanged.
 */
export async function publishCorrection(db: Tx, inspectionId: string, input: CorrectionInput, actor: Actor, context: Context = {}, now: Date = new Date()): Promise<Published & { sequence: number }> {
  return db.transaction().execute(async (trx) => {
    const { details } = await lockExistingReport(trx, inspectionId);
    requirePublisher(details, actor);
    const latest = await selectLatestPublication(trx, inspectionId);
    if (!latest) throw new ReportStepRefusedError('The report has not been published: change the draft instead of publishing a correction');
    const sections = narrativeSections(details.framework.definition, details.area.name);
    const checked = checkNarrative(sections, input.narrative);
    const issues: NarrativeIssue[] = checked.ok ? [] : [...checked.issues];
    const noteProblem = correctionNoteProblem(input.note);
    if (noteProblem) issues.push({ section: 'note', message: noteProblem });
    if (!checked.ok || issues.length) throw new CorrectionInputError(issues);
    if (sameNarrative(await narrativeOf(trx, latest, sections), checked.value)) {
      throw new CorrectionInputError([{ section: 'form', message: 'The text is the same as the published report: correct it before publishing the correction' }]);
    }
    const note = input.note.trim();
    const number = ((await selectLatestVersion(trx, inspectionId))?.number ?? 0) + 1;
    await insertVersion(trx, inspectionId, { number, sections: checked.value, changeNote: note, createdBy: actor.id, createdByLabel: actor.label, createdAt: now });
    const document = composeReport(await gatherReportInputs(trx, inspectionId, checked.value));
    const hash = documentHash(document);
    const sequence = latest.sequence + 1;
    const { id } = await insertPublication(trx, {
      inspection_id: inspectionId,
      sequence,
      document,
      document_hash: hash,
      version_number: number,
      correction_note: note,
      published_at: now,
      published_by: actor.id,
      published_by_label: actor.label,
    });
    await recordAudit(trx, {
      actor,
      action: 'report.correct',
      inspectionId,
      laCode: details.inspection.la_code,
      subjectType: 'report_publication',
      subjectId: id,
      details: { sequence, version: number, documentHash: hash, note },
      requestId: context.requestId,
    });
    return { publicationId: id, version: number, sequence };
  });
}

// ---- The stored PDF and DOCX ---------------------------------------------------------------

/** Turn a published document into a file; B's renderers, wrapped by the caller (the PDF needs a browser). */
export type PublicationRenderers = {
  pdf: (document: ReportDocument) => Promise<Buffer>;
  docx: (document: ReportDocument) => Promise<Buffer>;
};

const STORED_FILE_MAX_BYTES = 100 * 1024 * 1024;

export function publicationFileName(reference: string, sequence: number, kind: 'pdf' | 'docx'): string {
  return `${reference.toLowerCase()}-report${sequence > 1 ? `-correction-${sequence - 1}` : ''}.${kind}`;
}

/**
 * A publication's PDF or DOCX: the stored file if it was made before, otherwise made now from the
 * frozen document, stored and linked, so every reader gets the same bytes. When two requests make
 * it at once, the first link wins and the other's copy is discarded. Undefined for no such
 * publication. The caller decides who may have it (the embargo).
 */
export async function publicationFile(db: Tx, publicationId: string, kind: 'pdf' | 'docx', renderers: PublicationRenderers): Promise<StoredFileRow | undefined> {
  if (!isUuid(publicationId)) return undefined;
  const publication = await selectPublication(db, publicationId);
  if (!publication) return undefined;
  const storedId = kind === 'pdf' ? publication.pdf_file_id : publication.docx_file_id;
  if (storedId) {
    const stored = await readStoredFile(db, publication.inspection_id, storedId);
    if (stored) return stored;
  }
  const bytes = await renderers[kind](publication.document);
  const fileId = await db.transaction().execute(async (trx) => {
    const file = await storeFile(trx, { inspectionId: publication.inspection_id, fileName: publicationFileName(publication.reference, publication.sequence, kind), bytes, uploadedBy: null }, STORED_FILE_MAX_BYTES);
    if (await setPublicationFile(trx, publicationId, kind, file.id)) return file.id;
    // Someone else's copy was linked first: theirs is the one every reader gets.
    await deleteStoredFiles(trx, [file.id]);
    const winner = await selectPublication(trx, publicationId);
    return (kind === 'pdf' ? winner?.pdf_file_id : winner?.docx_file_id) ?? undefined;
  });
  return fileId ? readStoredFile(db, publication.inspection_id, fileId) : undefined;
}
