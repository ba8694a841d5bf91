// The report's drafting pages: writing the narrative section by section (a stale save shows the
// newer text with the typing kept), the draft as the report reads with the QA reader's comment
// links, the list of versions, one version, and a comparison of any two.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { getInspection, inspectionScope, type InspectionDetails } from '../inspections/inspection.service.ts';
import { can, type Permission } from '../platform/auth/permissions.ts';
import { formErrors, type FormErrors } from '../platform/web/forms.ts';
import { actorOf, context } from '../platform/web/request-actor.ts';
import { setFlash } from '../platform/web/views.ts';
import { listComments } from './report-comment.service.ts';
import type { Block, DocumentSection, ReportDocument } from './report-document.ts';
import {
  CHANGE_NOTE_MAX_LENGTH,
  DraftInputError,
  ReportClosedError,
  ReportNotFoundError,
  StaleDraftError,
  parseSectionText,
  sectionText,
  type NarrativeIssue,
  type NarrativeSectionInfo,
  type NewerVersion,
} from './report-draft.ts';
import { compareVersions, draftSections, getVersion, latestVersion, listVersions, saveDraft, type VersionSummary, type VersionView } from './report-draft.service.ts';
import { renderReportHtml } from './report-html.ts';
import { composedLatest } from './report-preview.service.ts';
import { reportPath } from './report.routes.ts';

const VIEWS = 'reports/views';
const REPORT = '/inspections/:inspectionId/report';

/** The textarea of a section. */
function fieldOf(code: string): string {
  return `section-${code}`;
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

const typed = z.preprocess(first, z.string().catch(''));

/** The drafting form as posted: one textarea per narrative section, kept exactly as typed. */
function draftFormSchema(sections: readonly NarrativeSectionInfo[]) {
  return z.object({
    ...Object.fromEntries(sections.map((s) => [fieldOf(s.code), typed.default('')])),
    changeNote: typed.default(''),
    // A form without its version is treated as out of date, so it can never replace a newer save unseen.
    expectedVersion: z.preprocess(first, z.coerce.number().int().min(0).catch(-1)).default(-1),
  });
}

type DraftForm = { texts: Record<string, string>; changeNote: string; expectedVersion: number };

function readDraftForm(sections: readonly NarrativeSectionInfo[], body: unknown): DraftForm {
  const parsed = draftFormSchema(sections).parse(body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return {
    texts: Object.fromEntries(sections.map((s) => [s.code, String(parsed[fieldOf(s.code)] ?? '')])),
    changeNote: String(parsed.changeNote ?? ''),
    expectedVersion: Number(parsed.expectedVersion),
  };
}

function issueErrors(issues: readonly NarrativeIssue[]): FormErrors {
  return formErrors(issues.map((i) => ({ path: [i.section === 'changeNote' ? 'changeNote' : fieldOf(i.section)], message: i.message })));
}

/** A version as its page shows it: each section's paragraphs and lists, empty sections said so. */
function sectionsShown(sections: readonly NarrativeSectionInfo[], version: VersionView) {
  return sections.map((s) => ({ code: s.code, heading: s.heading, blocks: version.sections[s.code] ?? [] }));
}

/** What the composed report already says in a narrative section, from the data: shown beside its textarea for reference. */
function composedBlocksOf(section: DocumentSection | undefined): { heading: string | null; blocks: Block[] }[] {
  if (!section) return [];
  const own: Block[] = section.blocks.filter((b) => b.source === 'composed');
  const groups: { heading: string | null; blocks: Block[] }[] = own.length ? [{ heading: null, blocks: own }] : [];
  for (const sub of section.subsections) groups.push({ heading: sub.heading, blocks: sub.blocks });
  for (const table of section.tables) groups.push({ heading: table.caption, blocks: [{ type: 'list', items: table.rows.map((r) => r.filter(Boolean).join(': ')) }] });
  return groups;
}

function versionQuery(from: number, to: number): string {
  return `?${new URLSearchParams({ from: String(from), to: String(to) }).toString()}`;
}

export async function reportDraftRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps;
  const scope = inspectionScope(db.kysely);
  const allow = (permission: Permission) => ({ config: { permission, scope } });

  async function detailsOf(request: FastifyRequest): Promise<InspectionDetails> {
    // The scope has found the inspection already.
    return (await getInspection(db.kysely, request.scope.inspectionId!))!;
  }

  function basics(details: InspectionDetails) {
    return { inspection: details.inspection, area: details.area };
  }

  // ---- Writing the draft ---------------------------------------------------------------------

  type EditState = { form?: DraftForm; errors?: FormErrors; newer?: NewerVersion; status?: number };

  async function renderEdit(request: FastifyRequest, reply: FastifyReply, state: EditState = {}) {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const sections = draftSections(details);
    const latest = await latestVersion(db.kysely, inspectionId);
    const { document } = await composedLatest(db.kysely, inspectionId);
    const form: DraftForm = state.form ?? {
      texts: Object.fromEntries(sections.map((s) => [s.code, sectionText(latest?.sections[s.code] ?? [])])),
      changeNote: '',
      expectedVersion: latest?.number ?? 0,
    };
    // After a stale save the form starts from the newer version, so saving again is a choice to replace it.
    const expectedVersion = state.newer ? state.newer.number : form.expectedVersion;
    if (state.status) reply.code(state.status);
    const newerText = (code: string) => (state.newer ? sectionText(state.newer.sections[code] ?? []) : undefined);
    return reply.view(`${VIEWS}/draft-edit.njk`, {
      ...basics(details),
      errors: state.errors,
      sections: sections.map((s) => {
        const newer = newerText(s.code);
        const typedText = form.texts[s.code] ?? '';
        return {
          ...s,
          id: fieldOf(s.code),
          value: typedText,
          error: state.errors?.fields[fieldOf(s.code)],
          composed: composedBlocksOf(document.sections.find((d) => d.code === s.code)),
          // Their text, shown only where it differs from what was typed.
          newer: newer !== undefined && sectionText(parseSectionText(typedText)) !== newer ? { blocks: state.newer!.sections[s.code] ?? [] } : undefined,
        };
      }),
      changeNote: form.changeNote,
      changeNoteMaxLength: CHANGE_NOTE_MAX_LENGTH,
      expectedVersion,
      latest,
      newer: state.newer,
      action: reportPath(inspectionId, '/edit'),
      findingsHref: `/inspections/${inspectionId}/findings`,
      previewHref: reportPath(inspectionId, '/preview'),
      versionsHref: reportPath(inspectionId, '/versions'),
      backLink: { href: reportPath(inspectionId), text: 'The report' },
    });
  }

  app.get(`${REPORT}/edit`, allow('report:edit'), async (request, reply) => renderEdit(request, reply));

  app.post(`${REPORT}/edit`, allow('report:edit'), async (request, reply) => {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const sections = draftSections(details);
    const form = readDraftForm(sections, request.body);
    const narrative = Object.fromEntries(sections.map((s) => [s.code, parseSectionText(form.texts[s.code] ?? '')]));
    let saved: { version: number; created: boolean };
    try {
      saved = await saveDraft(db.kysely, inspectionId, narrative, form.changeNote, form.expectedVersion, actorOf(request), context(request));
    } catch (error) {
      if (error instanceof DraftInputError) return renderEdit(request, reply, { form, errors: issueErrors(error.issues), status: 400 });
      if (error instanceof StaleDraftError) return renderEdit(request, reply, { form, newer: error.latest, errors: formErrors([{ path: ['newer-version'], message: error.message }]), status: 409 });
      if (error instanceof ReportClosedError) return renderEdit(request, reply, { form, errors: formErrors([{ path: ['draft-form'], message: error.message }]), status: 409 });
      if (error instanceof ReportNotFoundError) return reply.callNotFound();
      throw error;
    }
    setFlash(request, saved.created ? { heading: `Version ${saved.version} of the draft saved` } : { heading: 'There were no changes to save', text: saved.version ? `The draft is still version ${saved.version}.` : 'Nothing has been written yet.' });
    return reply.redirect(reportPath(inspectionId, '/edit'));
  });

  // ---- The draft as the report reads -----------------------------------------------------------

  app.get(`${REPORT}/preview`, allow('report:view'), async (request, reply) => {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const { version, document } = await composedLatest(db.kysely, inspectionId);
    const mayComment = can(request.visitor, 'report:qa', request.scope) && version > 0;
    const commentHref = (key: string) => `${reportPath(inspectionId, `/paragraphs/${encodeURIComponent(key)}/comment`)}?version=${version}`;
    const comments = await listComments(db.kysely, inspectionId, { stage: 'quality_assurance', openOnly: true });
    return reply.view(`${VIEWS}/draft-preview.njk`, {
      ...basics(details),
      version,
      reportHtml: renderDocument(document, mayComment ? commentHref : undefined),
      mayComment,
      openComments: comments.filter((c) => c.versionNumber === version).length,
      mayEdit: can(request.visitor, 'report:edit', request.scope),
      editHref: reportPath(inspectionId, '/edit'),
      commentsHref: reportPath(inspectionId, '/comments'),
      backLink: { href: reportPath(inspectionId), text: 'The report' },
    });
  });

  // ---- Versions --------------------------------------------------------------------------------

  async function renderVersions(request: FastifyRequest, reply: FastifyReply, compare?: { from: string; to: string; errors: FormErrors }) {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const versions = await listVersions(db.kysely, inspectionId);
    if (compare) reply.code(400);
    const choices = (chosen: string) => [{ value: '', text: 'Choose a version' }, ...versions.map((v) => ({ value: String(v.number), text: `Version ${v.number}`, selected: chosen === String(v.number) }))];
    const latest = versions[0]?.number ?? 0;
    return reply.view(`${VIEWS}/versions.njk`, {
      ...basics(details),
      versions: versions.map((v) => ({
        ...v,
        href: reportPath(inspectionId, `/versions/${v.number}`),
        compareHref: v.number > 1 ? reportPath(inspectionId, `/versions/compare${versionQuery(v.number - 1, v.number)}`) : undefined,
      })),
      fromItems: choices(compare?.from ?? (latest > 1 ? String(latest - 1) : '')),
      toItems: choices(compare?.to ?? (latest ? String(latest) : '')),
      errors: compare?.errors,
      compareAction: reportPath(inspectionId, '/versions/compare'),
      backLink: { href: reportPath(inspectionId), text: 'The report' },
    });
  }

  app.get(`${REPORT}/versions`, allow('report:view'), async (request, reply) => renderVersions(request, reply));

  const compareSchema = z.object({
    from: z.preprocess(first, z.coerce.number({ error: 'Select the version to compare from' }).int().min(1, 'Select the version to compare from')),
    to: z.preprocess(first, z.coerce.number({ error: 'Select the version to compare with' }).int().min(1, 'Select the version to compare with')),
  });

  app.get(`${REPORT}/versions/compare`, allow('report:view'), async (request, reply) => {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const query = (request.query ?? {}) as Record<string, unknown>;
    const parsed = compareSchema.safeParse(query);
    if (!parsed.success) {
      return renderVersions(request, reply, { from: String(first(query.from) ?? ''), to: String(first(query.to) ?? ''), errors: formErrors(parsed.error.issues) });
    }
    const comparison = await compareVersions(db.kysely, inspectionId, parsed.data.from, parsed.data.to);
    if (!comparison) return reply.callNotFound();
    const { from, to, diff } = comparison;
    return reply.view(`${VIEWS}/version-compare.njk`, {
      ...basics(details),
      from,
      to,
      diff,
      fromHref: reportPath(inspectionId, `/versions/${from.number}`),
      toHref: reportPath(inspectionId, `/versions/${to.number}`),
      backLink: { href: reportPath(inspectionId, '/versions'), text: 'Versions of the draft' },
    });
  });

  app.get(`${REPORT}/versions/:number`, allow('report:view'), async (request, reply) => {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const raw = (request.params as { number: string }).number;
    const number = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
    const version = await getVersion(db.kysely, inspectionId, number);
    if (!version) return reply.callNotFound();
    const latest = (await listVersions(db.kysely, inspectionId))[0] as VersionSummary;
    return reply.view(`${VIEWS}/version.njk`, {
      ...basics(details),
      version,
      isLatest: latest.number === version.number,
      sections: sectionsShown(draftSections(details), version),
      previousCompareHref: version.number > 1 ? reportPath(inspectionId, `/versions/compare${versionQuery(version.number - 1, version.number)}`) : undefined,
      latestCompareHref: latest.number !== version.number ? reportPath(inspectionId, `/versions/compare${versionQuery(version.number, latest.number)}`) : undefined,
      backLink: { href: reportPath(inspectionId, '/versions'), text: 'Versions of the draft' },
    });
  });
}

/** The report's HTML for a team page, with a link to comment beside each paragraph when the reader may comment. */
export function renderDocument(document: ReportDocument, commentHref?: (key: string) => string): string {
  // Team pages have their own main heading, so the report's title is a level 2 heading inside them.
  return renderReportHtml(document, commentHref ? { commentHref, nested: true } : { nested: true });
}
