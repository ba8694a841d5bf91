// The case documents pages: the chosen pseudonymous ids with their purpose, the due date and the
// documents received for each, uploading (the area's officers and the team), downloading and removing.
import fastifyMultipart from '@fastify/multipart';
import { isUploadedFile, keepUploadedFile } from '../platform/web/uploads.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { getInspection, inspectionScope, type InspectionDetails } from '../inspections/inspection.service.ts';
import { can, type Permission } from '../platform/auth/permissions.ts';
import { ACCEPT_ATTRIBUTE, ACCEPTED_FILE_LIST, FileRefusedError, attachmentHeader, describeSize } from '../platform/files/stored-files.ts';
import { formErrors, type FormErrors } from '../platform/web/forms.ts';
import { setFlash } from '../platform/web/views.ts';
import { DESCRIPTION_MAX_LENGTH, PURPOSE_HINTS, PURPOSE_LABELS } from './case-documents.ts';
import {
  DocumentInputError,
  DocumentRemovalRefusedError,
  addCaseDocument,
  downloadCaseDocument,
  findCaseDocument,
  viewCaseDocuments,
  removeCaseDocument,
  type DocumentsViewer,
} from './case-documents.service.ts';
import { CaseNotFoundError } from './case-tracking.ts';
import { actorOf, casesPath, context } from './case-web.ts';

const VIEWS = 'cases/views';
const DOCUMENTS = '/inspections/:inspectionId/cases/documents';

type FileParams = { caseId: string; fileId: string };




function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A failed upload: the case it was for, what to say, and the description typed. */
type UploadProblem = { caseId: string; errors: FormErrors; description: string };

export async function caseDocumentRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db, config } = deps;
  const scope = inspectionScope(db.kysely);
  const allow = (permission: Permission) => ({ config: { permission, scope } });
  const maxBytes = config.uploadMaxBytes;

  /** The team sees the sample as soon as it is drawn; the area's officers only once it is shared. */
  function viewerOf(request: FastifyRequest): DocumentsViewer {
    return can(request.visitor, 'cases:view', request.scope) ? 'team' : 'area';
  }

  async function detailsOf(request: FastifyRequest): Promise<InspectionDetails> {
    return (await getInspection(db.kysely, request.scope.inspectionId!))!;
  }

  function filePath(inspectionId: string, caseId: string, fileId: string, rest = ''): string {
    return casesPath(inspectionId, `/documents/${caseId}/files/${fileId}${rest}`);
  }

  async function renderDocuments(request: FastifyRequest, reply: FastifyReply, problem?: UploadProblem) {
    const details = await detailsOf(request);
    const inspectionId = details.inspection.id;
    const viewer = viewerOf(request);
    const actor = actorOf(request);
    const view = await viewCaseDocuments(db.kysely, inspectionId, viewer, actor, context(request));
    if (problem) reply.code(400);
    const cases =
      view.state === 'chosen'
        ? view.cases.map((c) => ({
            ...c,
            purposeLabel: PURPOSE_LABELS[c.purpose],
            purposeHint: PURPOSE_HINTS[c.purpose],
            trackedHref: viewer === 'team' && c.purpose === 'tracked' ? casesPath(inspectionId, `/tracked/${c.caseId}`) : undefined,
            uploadAction: casesPath(inspectionId, `/documents/${c.caseId}/files`),
            fileFieldId: `file-${c.caseId}`,
            descriptionFieldId: `description-${c.caseId}`,
            description: problem?.caseId === c.caseId ? problem.description : '',
            documents: c.documents.map((d) => ({
              ...d,
              href: filePath(inspectionId, c.caseId, d.fileId),
              removeHref: d.uploadedBy === actor.id ? filePath(inspectionId, c.caseId, d.fileId, '/remove') : undefined,
            })),
          }))
        : [];
    return reply.view(`${VIEWS}/documents-list.njk`, {
      inspection: details.inspection,
      area: details.area,
      viewer,
      state: view.state,
      sharedAt: view.state === 'chosen' ? view.sharedAt : null,
      documentsDue: view.state === 'chosen' ? view.documentsDue : null,
      tracked: cases.filter((c) => c.purpose === 'tracked'),
      review: cases.filter((c) => c.purpose === 'review'),
      acceptAttribute: ACCEPT_ATTRIBUTE,
      acceptedFiles: ACCEPTED_FILE_LIST,
      maxSizeText: describeSize(maxBytes),
      descriptionMaxLength: DESCRIPTION_MAX_LENGTH,
      sampleHref: casesPath(inspectionId, '/sample'),
      errors: problem?.errors,
      backLink: { href: casesPath(inspectionId), text: 'Cases' },
    });
  }

  app.get(DOCUMENTS, allow('cases:documents'), async (request, reply) => renderDocuments(request, reply));

  await app.register(async (uploads) => {
    await uploads.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      onFile: keepUploadedFile,
      throwFileSizeLimit: false,
      limits: { fileSize: maxBytes, files: 1, fields: 3, parts: 4 },
    });
    uploads.post(`${DOCUMENTS}/:caseId/files`, allow('cases:documents'), async (request, reply) => {
      const inspectionId = request.scope.inspectionId!;
      const { caseId } = request.params as { caseId: string };
      const body = (request.body ?? {}) as Record<string, unknown>;
      const file = body.file;
      const description = text(body.description);
      const fail = (field: 'file' | 'description', message: string) =>
        renderDocuments(request, reply, { caseId, description, errors: formErrors([{ path: [`${field}-${caseId}`], message }]) });
      if (!isUploadedFile(file) || file.fileName === '') return fail('file', 'Choose a file to upload');
      if (file.truncated) return fail('file', `“${file.fileName}” is larger than ${describeSize(maxBytes)}: files must be ${describeSize(maxBytes)} or smaller. Split it, or save it with smaller pictures.`);
      try {
        const stored = await addCaseDocument(
          db.kysely,
          { inspectionId, caseId, fileName: file.fileName, bytes: file.bytes, description },
          viewerOf(request),
          maxBytes,
          actorOf(request),
          context(request),
        );
        setFlash(request, { heading: 'Document uploaded', text: `${stored.fileName} (${stored.sizeText}) was added.` });
        return reply.redirect(`${casesPath(inspectionId, '/documents')}#case-${caseId}`);
      } catch (error) {
        if (error instanceof CaseNotFoundError) return reply.callNotFound();
        if (error instanceof FileRefusedError) return fail('file', error.message);
        if (error instanceof DocumentInputError) return fail('description', error.message);
        throw error;
      }
    });
  });

  app.get(`${DOCUMENTS}/:caseId/files/:fileId`, allow('cases:documents'), async (request, reply) => {
    const { caseId, fileId } = request.params as FileParams;
    const file = await downloadCaseDocument(db.kysely, request.scope.inspectionId!, caseId, fileId, viewerOf(request), actorOf(request), context(request));
    if (!file) return reply.callNotFound();
    return reply
      .header('content-type', file.content_type)
      .header('content-disposition', attachmentHeader(file.file_name))
      .header('cache-control', 'no-store')
      .send(Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength));
  });

  app.get(`${DOCUMENTS}/:caseId/files/:fileId/remove`, allow('cases:documents'), async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    const { caseId, fileId } = request.params as FileParams;
    const found = await findCaseDocument(db.kysely, inspectionId, caseId, fileId, viewerOf(request), actorOf(request));
    if (!found) return reply.callNotFound();
    if (!found.mayRemove) return reply.code(403).view('errors/forbidden.njk', {});
    const details = await detailsOf(request);
    return reply.view(`${VIEWS}/documents-remove.njk`, {
      inspection: details.inspection,
      area: details.area,
      chosen: { ...found.chosen, purposeLabel: PURPOSE_LABELS[found.chosen.purpose] },
      document: found.document,
      action: filePath(inspectionId, caseId, fileId, '/remove'),
      cancelHref: `${casesPath(inspectionId, '/documents')}#case-${caseId}`,
      backLink: { href: casesPath(inspectionId, '/documents'), text: 'Case documents' },
    });
  });

  app.post(`${DOCUMENTS}/:caseId/files/:fileId/remove`, allow('cases:documents'), async (request, reply) => {
    const inspectionId = request.scope.inspectionId!;
    const { caseId, fileId } = request.params as FileParams;
    try {
      const removed = await removeCaseDocument(db.kysely, inspectionId, caseId, fileId, viewerOf(request), actorOf(request), context(request));
      if (!removed) return reply.callNotFound();
      setFlash(request, { heading: 'Document removed', text: `${removed.fileName} was deleted.` });
      return reply.redirect(`${casesPath(inspectionId, '/documents')}#case-${caseId}`);
    } catch (error) {
      if (error instanceof DocumentRemovalRefusedError) return reply.code(403).view('errors/forbidden.njk', {});
      throw error;
    }
  });
}
