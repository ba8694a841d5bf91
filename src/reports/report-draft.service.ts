// Use cases of the report's drafting: the latest narrative, saving a new version (a stale save is
// refused with the newer text, an unchanged one writes nothing), the versions and a comparison of
// any two. Each save is audited in its transaction.
import type { Kysely } from 'kysely';
import { getInspection, isUuid, type Actor, type Context, type InspectionDetails } from '../inspections/inspection.service.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import {
  CHANGE_NOTE_MAX_LENGTH,
  DraftInputError,
  ReportClosedError,
  ReportNotFoundError,
  StaleDraftError,
  changedSectionCodes,
  checkNarrative,
  diffNarrative,
  draftingRefusal,
  narrativeSections,
  sameNarrative,
  type NarrativeDiff,
  type NarrativeIssue,
  type NarrativeSectionInfo,
  type NewerVersion,
} from './report-draft.ts';
import { insertVersion, lockReport, selectLatestVersion, selectVersion, selectVersionSummaries, touchReport, type VersionSummaryRow } from './report-draft.repository.ts';
import type { NarrativeSections } from './report-document.ts';

type Tx = Kysely<Database>;

export type VersionSummary = { number: number; changeNote: string; savedBy: string; savedAt: Date };
export type VersionView = VersionSummary & { sections: NarrativeSections };

function summaryOf(row: VersionSummaryRow): VersionSummary {
  return { number: row.number, changeNote: row.change_note, savedBy: row.created_by_name ?? row.created_by_label, savedAt: row.created_at };
}

/** The narrative sections of the inspection's framework, as its drafting pages show them. */
export function draftSections(details: InspectionDetails): NarrativeSectionInfo[] {
  return narrativeSections(details.framework.definition, details.area.name);
}

/** The newest version's narrative, or null before the first save. */
export async function latestNarrative(db: Tx, inspectionId: string): Promise<{ version: number; sections: NarrativeSections } | null> {
  if (!isUuid(inspectionId)) return null;
  const row = await selectLatestVersion(db, inspectionId);
  return row ? { version: row.number, sections: row.sections } : null;
}

export async function latestVersion(db: Tx, inspectionId: string): Promise<VersionView | undefined> {
  if (!isUuid(inspectionId)) return undefined;
  const row = await selectLatestVersion(db, inspectionId);
  return row && { ...summaryOf(row), sections: row.sections };
}

export async function listVersions(db: Tx, inspectionId: string): Promise<VersionSummary[]> {
  if (!isUuid(inspectionId)) return [];
  return (await selectVersionSummaries(db, inspectionId)).map(summaryOf);
}

export async function getVersion(db: Tx, inspectionId: string, number: number): Promise<VersionView | undefined> {
  if (!isUuid(inspectionId) || !Number.isSafeInteger(number) || number < 1) return undefined;
  const row = await selectVersion(db, inspectionId, number);
  return row && { ...summaryOf(row), sections: row.sections };
}

export type VersionComparison = { from: VersionSummary; to: VersionSummary; diff: NarrativeDiff };

/** What changed from one version to another, section by section; undefined when either is not a version. */
export async function compareVersions(db: Tx, inspectionId: string, from: number, to: number): Promise<VersionComparison | undefined> {
  const details = await getInspection(db, inspectionId);
  if (!details) return undefined;
  const before = await getVersion(db, inspectionId, from);
  const after = await getVersion(db, inspectionId, to);
  if (!before || !after) return undefined;
  const { sections: fromSections, ...fromSummary } = before;
  const { sections: toSections, ...toSummary } = after;
  return { from: fromSummary, to: toSummary, diff: diffNarrative(draftSections(details), fromSections, toSections) };
}

export type SaveResult = { version: number; created: boolean };

/**
 * Saves the narrative as a new version, numbered on from the last (the report row is made when
 * first needed). `expectedVersion` is the version the page was opened at (0 before the first): if
 * someone has saved since, StaleDraftError carries their version and nothing is written, so the
 * person can compare and save again. A save saying exactly what the latest version says writes
 * nothing and returns that version. Only while the report is drafted, quality assured or checked
 * for accuracy (ReportClosedError otherwise); DraftInputError when a limit is broken.
 */
export async function saveDraft(
  db: Tx,
  inspectionId: string,
  sections: NarrativeSections,
  changeNote: string,
  expectedVersion: number,
  actor: Actor,
  context: Context = {},
  now: Date = new Date(),
): Promise<SaveResult> {
  const details = await getInspection(db, inspectionId);
  if (!details) throw new ReportNotFoundError();
  const refusal = draftingRefusal(details.inspection.status);
  if (refusal) throw new ReportClosedError(refusal);
  const info = draftSections(details);
  const note = changeNote.trim();
  const checked = checkNarrative(info, sections);
  const issues: NarrativeIssue[] = checked.ok ? [] : [...checked.issues];
  if (note.length > CHANGE_NOTE_MAX_LENGTH) issues.push({ section: 'changeNote', message: `The note of what changed must be ${CHANGE_NOTE_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer` });
  if (issues.length || !checked.ok) throw new DraftInputError(issues);
  const narrative = checked.value;
  return db.transaction().execute(async (trx) => {
    await lockReport(trx, inspectionId);
    // Publication holds the same lock: checked again under it, a save cannot land just after publishing.
    const lockedStatus = (await getInspection(trx, inspectionId))?.inspection.status;
    if (!lockedStatus) throw new ReportNotFoundError();
    const lateRefusal = draftingRefusal(lockedStatus);
    if (lateRefusal) throw new ReportClosedError(lateRefusal);
    const latest = await selectLatestVersion(trx, inspectionId);
    const latestNumber = latest?.number ?? 0;
    if (sameNarrative(latest?.sections ?? {}, narrative)) return { version: latestNumber, created: false };
    if (latest && expectedVersion !== latest.number) {
      const newer: NewerVersion = { ...summaryOf(latest), sections: latest.sections };
      throw new StaleDraftError(newer);
    }
    const number = latestNumber + 1;
    await insertVersion(trx, inspectionId, { number, sections: narrative, changeNote: note, createdBy: actor.id, createdByLabel: actor.label, createdAt: now });
    await touchReport(trx, inspectionId, now);
    await recordAudit(trx, {
      actor,
      action: 'report.draft.save',
      inspectionId,
      laCode: details.inspection.la_code,
      subjectType: 'report_version',
      subjectId: `${inspectionId}:${number}`,
      details: { version: number, changeNote: note, changedSections: changedSectionCodes(info, latest?.sections ?? {}, narrative) },
      requestId: context.requestId,
    });
    return { version: number, created: true };
  });
}
