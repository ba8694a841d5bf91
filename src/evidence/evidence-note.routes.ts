// Evidence notes' pages and autosave: writing a note (a form that works without JavaScript and is
// saved while typing with it), a note's page with its attachments, changing it (a stale change
// shows both versions), its history, and the JSON autosave that answers 401 when signed out.
import { randomUUID } from 'node:crypto';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { currentSample } from '../cases/case-sample.service.ts';
import { getInspection, inspectionScope, type InspectionDetails } from '../inspections/inspection.service.ts';
import { can, type Permission } from '../platform/auth/permissions.ts';
import { ACCEPT_ATTRIBUTE, ACCEPTED_FILE_LIST, FileRefusedError, attachmentHeader, describeSize } from '../platform/files/stored-files.ts';
import { formatDate } from '../platform/web/format.ts';
import { asArray, formErrors, type FormErrors } from '../platform/web/forms.ts';
import { actorOf, context } from '../platform/web/request-actor.ts';
import { isUploadedFile, keepUploadedFile } from '../platform/web/uploads.ts';
import { setFlash } from '../platform/web/views.ts';
import { AUDIENCE_LABELS, audienceSlug } from '../surveys/survey.ts';
import { listSurveys } from '../surveys/survey.service.ts';
import { listActivities } from './activity.service.ts';
import { NoteInputError, NoteNotFoundError, NoteRefusedError, isNoteId, type ContentChange, type NoteContent, type NoteContentInput, type NoteIssue } from './evidence-note.ts';
import { addNoteAttachment, getNote, noteHistory, readNoteAttachment, saveNote, type NoteView, type SaveOutcome } from './evidence-note.service.ts';
import { NOTE_BODY_MAX_LENGTH, NOTE_SOURCE_KINDS, NOTE_SOURCE_LABELS, POLARITIES, POLARITY_LABELS, SOURCE_DETAIL_MAX_LENGTH, THEMES } from './evidence.ts';

const VIEWS = 'evidence/views';
const EVIDENCE = '/inspections/:inspectionId/evidence';
const NOTES = `${EVIDENCE}/notes`;

type NoteParams = { noteId: string };

export function evidencePath(inspectionId: string, rest = ''): string {
  return `/inspections/${inspectionId}/evidence${rest}`;
}

export function notePath(inspectionId: string, noteId: string, rest = ''): string {
  return evidencePath(inspectionId, `/notes/${noteId}${rest}`);
}

export function noteApiPath(inspectionId: string, noteId: string): string {
  return evidencePath(inspectionId, `/api/notes/${noteId}`);
}

// ---- The form's values -----------------------------------------------------------------------

/** The form as posted: one select per kind of source, so the reference is picked by the kind chosen. */
type FormValues = {
  body: string;
  criteria: string[];
  themes: string[];
  polarity: string;
  sourceKind: string;
  activityId: string;
  trackedCaseId: string;
  reviewCaseId: string;
  surveyId: string;
  sourceDetail: string;
};

function text(value: unknown): string {
  return typeof value === 'string' ? value : Array.isArray(value) ? text(value[0]) : '';
}

function formValuesOf(body: Record<string, unknown>): FormValues {
  return {
    body: text(body.body),
    criteria: asArray(body.criteria),
    themes: asArray(body.themes),
    polarity: text(body.polarity),
    sourceKind: text(body.sourceKind),
    activityId: text(body.activityId),
    trackedCaseId: text(body.trackedCaseId),
    reviewCaseId: text(body.reviewCaseId),
    surveyId: text(body.surveyId),
    sourceDetail: text(body.sourceDetail),
  };
}

function contentInputOf(values: FormValues): NoteContentInput {
  const kind = values.sourceKind;
  return {
    body: values.body,
    criteria: values.criteria,
    themes: values.themes,
    polarity: values.polarity,
    sourceKind: kind,
    activityId: kind === 'activity' ? values.activityId : null,
    caseId: kind === 'tracked_case' ? values.trackedCaseId : kind === 'reviewed_plan' ? values.reviewCaseId : null,
    surveyId: kind === 'survey' ? values.surveyId : null,
    // Only data notes ask "which data"; a detail typed before another source was chosen is not kept.
    sourceDetail: kind === 'data' ? values.sourceDetail : '',
  };
}

function formValuesFrom(content: NoteContent): FormValues {
  return {
    body: content.body,
    criteria: content.criteria,
    themes: content.themes,
    polarity: content.polarity,
    sourceKind: content.sourceKind,
    activityId: content.activityId ?? '',
    trackedCaseId: content.sourceKind === 'tracked_case' ? (content.caseId ?? '') : '',
    reviewCaseId: content.sourceKind === 'reviewed_plan' ? (content.caseId ?? '') : '',
    surveyId: content.surveyId ?? '',
    sourceDetail: content.sourceDetail,
  };
}

const EMPTY_VALUES: FormValues = { body: '', criteria: [], themes: [], polarity: '', sourceKind: '', activityId: '', trackedCaseId: '', reviewCaseId: '', surveyId: '', sourceDetail: '' };

/** The form field an issue belongs to (the case reference has a select per kind; page-level problems go by the note). */
function formFieldOf(issue: NoteIssue, values: FormValues): string {
  if (issue.field === 'caseId') return values.sourceKind === 'reviewed_plan' ? 'reviewCaseId' : 'trackedCaseId';
  if (issue.field === 'editSession' || issue.field === 'baseRevision') return 'body';
  return issue.field;
}

function issueErrors(issues: readonly NoteIssue[], values: FormValues): FormErrors {
  return formErrors(issues.map((issue) => ({ path: [formFieldOf(issue, values)], message: issue.message })));
}

type SaveFields = { noteId: string; editSession: string; baseRevision: number };

function saveFieldsOf(body: Record<string, unknown>, noteId?: string): SaveFields {
  const revision = Number.parseInt(text(body.baseRevision), 10);
  return { noteId: noteId ?? text(body.noteId), editSession: text(body.editSession), baseRevision: Number.isNaN(revision) ? -1 : revision };
}

// ---- Where a note's evidence can come from ----------------------------------------------------

type Choice = { value: string; text: string };
type SourceChoices = { activities: Choice[]; tracked: Choice[]; review: Choice[]; surveys: Choice[] };

function titleMap(choices: SourceChoices): Map<string, string> {
  return new Map([...choices.activities, ...choices.tracked, ...choices.review, ...choices.surveys].map((c) => [c.value, c.text]));
}

export async function evidenceNoteRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db, config } = deps;
  const scope = inspectionScope(db.kysely);
  const allow = (permission: Permission) => ({ config: { permission, scope } });
  const maxBytes = config.uploadMaxBytes;

  async function detailsOf(request: FastifyRequest): Promise<InspectionDetails> {
    // The scope has found the inspection already.
    return (await getInspection(db.kysely, request.scope.inspectionId!))!;
  }

  async function sourceChoices(inspectionId: string): Promise<SourceChoices> {
    const [activities, sample, surveys] = await Promise.all([listActivities(db.kysely, inspectionId), currentSample(db.kysely, inspectionId), listSurveys(db.kysely, inspectionId)]);
    const cases = (sample?.cases ?? []).filter((c) => c.active);
    return {
      activities: activities.map((a) => ({ value: a.id, text: `${a.title} (${formatDate(a.heldOn)}, ${a.startsAt})` })),
      tracked: cases.filter((c) => c.purpose === 'tracked').map((c) => ({ value: c.id, text: `Tracked child ${c.personId}` })),
      review: cases.filter((c) => c.purpose === 'review').map((c) => ({ value: c.id, text: `EHC plan of ${c.personId}` })),
      surveys: surveys.map((s) => ({ value: s.id, text: `${AUDIENCE_LABELS[s.audience]} survey` })),
    };
  }

  function criterionInfo(details: InspectionDetails): Map<string, string> {
    return new Map(details.framework.definition.criterionGroups.flatMap((g) => g.criteria.map((c) => [c.code, c.heading] as const)));
  }

  function sourceHref(inspectionId: string, note: NoteView): string | undefined {
    const c = note.content;
    if (c.sourceKind === 'activity' && c.activityId) return `/inspections/${inspectionId}/fieldwork/activities/${c.activityId}`;
    if (c.sourceKind === 'tracked_case' && c.caseId) return `/inspections/${inspectionId}/cases/tracked/${c.caseId}`;
    if (c.sourceKind === 'reviewed_plan' && c.caseId) return `/inspections/${inspectionId}/cases/reviews/${c.caseId}/first`;
    if (c.sourceKind === 'survey' && note.surveyAudience) return `/inspections/${inspectionId}/surveys/${audienceSlug(note.surveyAudience)}/results`;
    return undefined;
  }

  /** A note's content in words for a page: criteria with headings, theme names, polarity and source. */
  function describeContent(details: InspectionDetails, content: NoteContent, sourceTitle: string | null | undefined) {
    const headings = criterionInfo(details);
    const themeNames = new Map(THEMES.map((t) => [t.code as string, t.name]));
    const inspectionId = details.inspection.id;
    return {
      paragraphs: content.body.split(/\n\s*\n/).map((p) => p.split('\n')),
      criteria: content.criteria.map((code) => ({ code, heading: headings.get(code) ?? code, href: evidencePath(inspectionId, `/criteria/${code}`) })),
      themes: content.themes.map((code) => themeNames.get(code) ?? code),
      polarity: POLARITY_LABELS[content.polarity],
      polarityClass: content.polarity === 'strength' ? 'govuk-tag--green' : content.polarity === 'concern' ? 'govuk-tag--red' : 'govuk-tag--grey',
      sourceKind: NOTE_SOURCE_LABELS[content.sourceKind],
      sourceTitle: sourceTitle ?? (content.sourceKind === 'data' ? null : 'No longer held'),
      sourceDetail: content.sourceDetail,
    };
  }

  function describeNote(details: InspectionDetails, note: NoteView) {
    return { ...describeContent(details, note.content, note.sourceTitle), sourceHref: sourceHref(details.inspection.id, note) };
  }

  // ---- The form ------------------------------------------------------------------------------

  type FormMode = 'new' | 'edit' | 'conflict';
  type FormState = { mode: FormMode; save: SaveFields; values: FormValues; errors?: FormErrors; draftBaseRevision?: number };

  async function formModel(details: InspectionDetails, state: FormState) {
    const inspectionId = details.inspection.id;
    const { values, errors, save } = state;
    const choices = await sourceChoices(inspectionId);
    const chosenCriteria = new Set(values.criteria);
    const chosenThemes = new Set(values.themes);
    const select = (items: Choice[], chosen: string, empty: string) => [{ value: '', text: items.length ? empty : `${empty} (there are none yet)` }, ...items.map((c) => ({ ...c, selected: c.value === chosen }))];
    return {
      mode: state.mode,
      action: state.mode === 'new' ? evidencePath(inspectionId, '/notes') : notePath(inspectionId, save.noteId, '/edit'),
      apiBase: evidencePath(inspectionId, '/api/notes/'),
      tokenUrl: evidencePath(inspectionId, '/api/csrf-token'),
      noteUrlBase: evidencePath(inspectionId, '/notes/'),
      noteId: save.noteId,
      editSession: save.editSession,
      baseRevision: save.baseRevision,
      draftBaseRevision: state.draftBaseRevision ?? save.baseRevision,
      values,
      errors,
      bodyMaxLength: NOTE_BODY_MAX_LENGTH,
      sourceDetailMaxLength: SOURCE_DETAIL_MAX_LENGTH,
      criterionGroups: details.framework.definition.criterionGroups.map((group, i) => ({
        idPrefix: i === 0 ? 'criteria' : `criteria-${group.code}`,
        title: group.title,
        items: group.criteria.map((c) => ({ value: c.code, text: `${c.code}: ${c.heading}`, checked: chosenCriteria.has(c.code) })),
      })),
      themeItems: THEMES.map((t) => ({ value: t.code, text: t.name, checked: chosenThemes.has(t.code) })),
      themesOpen: chosenThemes.size > 0 || Boolean(errors?.fields.themes),
      polarityItems: POLARITIES.map((p) => ({ value: p, text: POLARITY_LABELS[p], checked: values.polarity === p })),
      sourceKinds: NOTE_SOURCE_KINDS.map((k) => ({ value: k, text: NOTE_SOURCE_LABELS[k], checked: values.sourceKind === k })),
      activityItems: select(choices.activities, values.activityId, 'Choose an activity'),
      trackedItems: select(choices.tracked, values.trackedCaseId, 'Choose a tracked child'),
      reviewItems: select(choices.review, values.reviewCaseId, 'Choose an EHC plan'),
      surveyItems: select(choices.surveys, values.surveyId, 'Choose a survey'),
    };
  }

  async function renderForm(request: FastifyRequest, reply: FastifyReply, state: FormState, extra: { backLink?: { href: string; text: string } } = {}) {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    if (state.errors) reply.code(400);
    return reply.view(`${VIEWS}/note-form.njk`, {
      inspection: details.inspection,
      area: details.area,
      heading: state.mode === 'new' ? 'Write an evidence note' : 'Change the evidence note',
      form: await formModel(details, state),
      errors: state.errors,
      cancelHref: state.mode === 'new' ? evidencePath(inspectionId, '/notes') : notePath(inspectionId, state.save.noteId),
      backLink: extra.backLink ?? (state.mode === 'new' ? { href: evidencePath(inspectionId, '/notes'), text: 'Evidence notes' } : { href: notePath(inspectionId, state.save.noteId), text: 'The note' }),
    });
  }

  async function renderConflict(request: FastifyRequest, reply: FastifyReply, outcome: Extract<SaveOutcome, { status: 'conflict' }>, posted: SaveFields, values: FormValues) {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const current = outcome.current;
    reply.code(409);
    return reply.view(`${VIEWS}/note-conflict.njk`, {
      inspection: details.inspection,
      area: details.area,
      theirs: { ...describeNote(details, current), updatedBy: current.updatedBy, updatedAt: current.updatedAt, version: current.version },
      // "Save my version instead" starts from their revision; the page's own session goes on.
      form: await formModel(details, { mode: 'conflict', save: { ...posted, baseRevision: current.revision }, values, draftBaseRevision: posted.baseRevision }),
      noteHref: notePath(inspectionId, current.id),
      backLink: { href: notePath(inspectionId, current.id), text: 'The note' },
    });
  }

  /** What the new note form starts with: the source (and a criterion) of the page it was opened from. */
  async function preselected(inspectionId: string, query: Record<string, unknown>): Promise<FormValues> {
    const values = { ...EMPTY_VALUES };
    const activityId = text(query.activityId);
    const caseId = text(query.caseId);
    const surveyId = text(query.surveyId);
    const criterion = text(query.criterion);
    if (criterion) values.criteria = [criterion];
    if (activityId) Object.assign(values, { sourceKind: 'activity', activityId });
    else if (surveyId) Object.assign(values, { sourceKind: 'survey', surveyId });
    else if (caseId) {
      const sample = await currentSample(db.kysely, inspectionId);
      const found = sample?.cases.find((c) => c.id === caseId && c.active);
      if (found?.purpose === 'tracked') Object.assign(values, { sourceKind: 'tracked_case', trackedCaseId: caseId });
      else if (found?.purpose === 'review') Object.assign(values, { sourceKind: 'reviewed_plan', reviewCaseId: caseId });
    }
    return values;
  }

  app.get(`${NOTES}/new`, allow('evidence:write'), async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    const query = (request.query ?? {}) as Record<string, unknown>;
    const values = await preselected(inspectionId, query);
    const activityId = text(query.activityId);
    const backLink = activityId && isNoteId(activityId) ? { href: `/inspections/${inspectionId}/fieldwork/activities/${activityId}`, text: 'The activity' } : undefined;
    return renderForm(request, reply, { mode: 'new', save: { noteId: randomUUID(), editSession: randomUUID(), baseRevision: 0 }, values }, { backLink });
  });

  /** Saves a posted form: the note's page (or a fresh form) on success, the form with its errors, or both versions on a conflict. */
  async function saveFromForm(request: FastifyRequest, reply: FastifyReply, mode: 'new' | 'edit', noteIdParam?: string) {
    const inspectionId = request.scope.inspectionId!;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = formValuesOf(body);
    const fields = saveFieldsOf(body, noteIdParam);
    // A form that lost its hidden fields still keeps what was typed: it is saved as a new note.
    if (mode === 'new' && !isNoteId(fields.noteId)) Object.assign(fields, { noteId: randomUUID(), editSession: randomUUID(), baseRevision: 0 });
    let outcome: SaveOutcome;
    try {
      outcome = await saveNote(db.kysely, inspectionId, fields.noteId, { content: contentInputOf(values), baseRevision: fields.baseRevision, editSession: fields.editSession }, actorOf(request), context(request));
    } catch (error) {
      if (error instanceof NoteInputError) return renderForm(request, reply, { mode, save: fields, values, errors: issueErrors(error.issues, values) });
      if (error instanceof NoteNotFoundError) return reply.callNotFound();
      throw error;
    }
    if (outcome.status === 'conflict') return renderConflict(request, reply, outcome, fields, values);
    if (text(body.next) === 'another') {
      setFlash(request, { heading: 'Note saved', text: 'Write your next note below.' });
      const keep = new URLSearchParams();
      const source = contentInputOf(values);
      if (source.sourceKind === 'activity' && source.activityId) keep.set('activityId', String(source.activityId));
      else if (source.sourceKind === 'survey' && source.surveyId) keep.set('surveyId', String(source.surveyId));
      else if ((source.sourceKind === 'tracked_case' || source.sourceKind === 'reviewed_plan') && source.caseId) keep.set('caseId', String(source.caseId));
      const query = keep.toString();
      return reply.redirect(evidencePath(inspectionId, `/notes/new${query ? `?${query}` : ''}`));
    }
    setFlash(request, { heading: 'Note saved' });
    return reply.redirect(notePath(inspectionId, fields.noteId));
  }

  app.post(NOTES, allow('evidence:write'), async (request, reply) => saveFromForm(request, reply, 'new'));

  app.get(`${NOTES}/:noteId/edit`, allow('evidence:write'), async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    const { noteId } = request.params as NoteParams;
    const note = await getNote(db.kysely, inspectionId, noteId, actorOf(request), { ...context(request), page: 'edit' });
    if (!note) return reply.callNotFound();
    return renderForm(request, reply, { mode: 'edit', save: { noteId: note.id, editSession: randomUUID(), baseRevision: note.revision }, values: formValuesFrom(note.content) });
  });

  app.post(`${NOTES}/:noteId/edit`, allow('evidence:write'), async (request, reply) => {
    const { noteId } = request.params as NoteParams;
    if (!isNoteId(noteId)) return reply.callNotFound();
    return saveFromForm(request, reply, 'edit', noteId);
  });

  // ---- A note's page, its history and attachments -------------------------------------------

  async function renderNote(request: FastifyRequest, reply: FastifyReply, uploadError?: string) {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const { noteId } = request.params as NoteParams;
    const note = await getNote(db.kysely, inspectionId, noteId, actorOf(request), context(request));
    if (!note) return reply.callNotFound();
    const errors = uploadError ? formErrors([{ path: ['file'], message: uploadError }]) : undefined;
    if (errors) reply.code(400);
    return reply.view(`${VIEWS}/note-view.njk`, {
      inspection: details.inspection,
      area: details.area,
      note,
      shown: describeNote(details, note),
      // The stored content, for the page's script to tell whether a draft kept on the device is already saved.
      contentJson: JSON.stringify(note.content),
      mayWrite: can(request.visitor, 'evidence:write', request.scope),
      editHref: notePath(inspectionId, note.id, '/edit'),
      historyHref: notePath(inspectionId, note.id, '/history'),
      uploadAction: notePath(inspectionId, note.id, '/attachments'),
      attachments: note.attachments.map((a) => ({ ...a, href: notePath(inspectionId, note.id, `/attachments/${a.fileId}`) })),
      acceptAttribute: ACCEPT_ATTRIBUTE,
      acceptedFiles: ACCEPTED_FILE_LIST,
      maxSizeText: describeSize(maxBytes),
      errors,
      backLink: { href: evidencePath(inspectionId, '/notes'), text: 'Evidence notes' },
    });
  }

  app.get(`${NOTES}/:noteId`, allow('evidence:view'), async (request, reply) => renderNote(request, reply));

  app.get(`${NOTES}/:noteId/history`, allow('evidence:view'), async (request, reply) => {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const { noteId } = request.params as NoteParams;
    const history = await noteHistory(db.kysely, inspectionId, noteId, actorOf(request), context(request));
    if (!history) return reply.callNotFound();
    const titles = titleMap(await sourceChoices(inspectionId));
    const sourceTitle = (c: NoteContent) => titles.get(c.activityId ?? c.caseId ?? c.surveyId ?? '') ?? null;
    const describeChange = (change: ContentChange, c: NoteContent): string => {
      const list = (codes: string[] | undefined) => (codes ?? []).join(', ');
      const themeName = new Map(THEMES.map((t) => [t.code as string, t.name]));
      switch (change.field) {
        case 'body':
          return 'Changed the text';
        case 'criteria':
          return [change.added?.length ? `Criteria added: ${list(change.added)}` : '', change.removed?.length ? `Criteria removed: ${list(change.removed)}` : ''].filter(Boolean).join('. ');
        case 'themes':
          return [
            change.added?.length ? `Themes added: ${change.added.map((t) => themeName.get(t) ?? t).join(', ')}` : '',
            change.removed?.length ? `Themes removed: ${change.removed.map((t) => themeName.get(t) ?? t).join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('. ');
        case 'polarity':
          return `Changed to ${POLARITY_LABELS[c.polarity].toLowerCase()}`;
        case 'source': {
          const title = sourceTitle(c);
          return `Source changed to ${NOTE_SOURCE_LABELS[c.sourceKind].toLowerCase()}${title ? `: ${title}` : ''}${c.sourceDetail ? ` (${c.sourceDetail})` : ''}`;
        }
      }
    };
    return reply.view(`${VIEWS}/note-history.njk`, {
      inspection: details.inspection,
      area: details.area,
      note: history.note,
      versions: history.versions.map((v, i) => ({
        ...v,
        current: i === 0,
        shown: describeContent(details, v.content, v.content.sourceKind === 'data' ? null : (sourceTitle(v.content) ?? 'No longer held')),
        changeTexts: v.changes.map((change) => describeChange(change, v.content)),
      })),
      noteHref: notePath(inspectionId, history.note.id),
      backLink: { href: notePath(inspectionId, history.note.id), text: 'The note' },
    });
  });

  await app.register(async (uploads) => {
    await uploads.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      onFile: keepUploadedFile,
      throwFileSizeLimit: false,
      limits: { fileSize: maxBytes, files: 1, fields: 2, parts: 3 },
    });
    uploads.post(`${NOTES}/:noteId/attachments`, allow('evidence:write'), async (request, reply) => {
      const inspectionId = request.scope.inspectionId!;
      const { noteId } = request.params as NoteParams;
      const file = ((request.body ?? {}) as Record<string, unknown>).file;
      if (!isUploadedFile(file) || file.fileName === '') return renderNote(request, reply, 'Choose a file to attach');
      if (file.truncated) return renderNote(request, reply, `“${file.fileName}” is larger than ${describeSize(maxBytes)}: files must be ${describeSize(maxBytes)} or smaller. Split it, or save it with smaller pictures.`);
      try {
        const added = await addNoteAttachment(db.kysely, inspectionId, noteId, { fileName: file.fileName, bytes: file.bytes }, maxBytes, actorOf(request), context(request));
        setFlash(request, { heading: 'File attached', text: `${added.fileName} (${added.sizeText}) was added to the note.` });
        return reply.redirect(`${notePath(inspectionId, noteId)}#attachments`);
      } catch (error) {
        if (error instanceof NoteNotFoundError) return reply.callNotFound();
        if (error instanceof FileRefusedError) return renderNote(request, reply, error.message);
        throw error;
      }
    });
  });

  app.get(`${NOTES}/:noteId/attachments/:fileId`, allow('evidence:view'), async (request, reply) => {
    const { noteId, fileId } = request.params as NoteParams & { fileId: string };
    const file = await readNoteAttachment(db.kysely, request.scope.inspectionId!, noteId, fileId, actorOf(request), context(request));
    if (!file) return reply.callNotFound();
    return reply
      .header('content-type', file.content_type)
      .header('content-disposition', attachmentHeader(file.file_name))
      .header('cache-control', 'no-store')
      .send(Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength));
  });

  // ---- The autosave ---------------------------------------------------------------------------

  /** The page's script must hear "signed out" as such (the guard answers 401 in JSON), not follow a redirect to sign in. */
  const api = (permission: Permission) => {
    const route = allow(permission);
    return { ...route, config: { ...route.config, json: true } };
  };

  const autosave: RouteHandlerMethod = async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    const { noteId } = request.params as NoteParams;
    reply.header('cache-control', 'no-store');
    const body = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
    const content = body.content && typeof body.content === 'object' ? (body.content as NoteContentInput) : {};
    const baseRevision = typeof body.baseRevision === 'number' ? body.baseRevision : Number.parseInt(text(body.baseRevision), 10);
    let outcome: SaveOutcome;
    try {
      outcome = await saveNote(db.kysely, inspectionId, noteId, { content, baseRevision: Number.isNaN(baseRevision) ? -1 : baseRevision, editSession: text(body.editSession) }, actorOf(request), context(request));
    } catch (error) {
      if (error instanceof NoteInputError) return reply.code(422).send({ errors: error.issues.map((i) => ({ field: i.field, message: i.message })) });
      if (error instanceof NoteNotFoundError) return reply.code(404).send({ error: error.message });
      if (error instanceof NoteRefusedError) return reply.code(403).send({ error: error.message });
      throw error;
    }
    if (outcome.status === 'conflict') {
      const current = outcome.current;
      return reply.code(409).send({
        status: 'conflict',
        current: { revision: current.revision, version: current.version, updatedBy: current.updatedBy, updatedAt: current.updatedAt.toISOString(), content: current.content },
        editUrl: notePath(inspectionId, noteId, '/edit'),
      });
    }
    return reply.send({ status: outcome.status, revision: outcome.revision, version: outcome.version });
  };

  app.post(`${EVIDENCE}/api/notes/:noteId`, api('evidence:write'), autosave);
  app.put(`${EVIDENCE}/api/notes/:noteId`, api('evidence:write'), autosave);

  /** A fresh CSRF token for a page whose session was renewed (signed in again in another tab) since it was loaded. */
  app.get(`${EVIDENCE}/api/csrf-token`, api('evidence:write'), async (_request, reply) => {
    return reply.header('cache-control', 'no-store').send({ token: reply.generateCsrf() });
  });

}
