// Data request pages: the checklist (made from the framework's list the first time it is opened
// after notification), each item with its files and upload form, downloads, and the leads' decisions,
// own items and edits.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { DATE_PARTS, datePartsOf, parseDateInput, type DatePart } from '../inspections/date-input.ts';
import { getInspection, inspectionScope } from '../inspections/inspection.service.ts';
import { can } from '../platform/auth/permissions.ts';
import { ACCEPT_ATTRIBUTE, ACCEPTED_FILE_LIST, attachmentHeader, describeSize } from '../platform/files/stored-files.ts';
import { formErrors, type FormErrors } from '../platform/web/forms.ts';
import { setFlash } from '../platform/web/views.ts';
import { keepUploadedFile, uploadedFiles, type UploadedFile } from '../platform/web/uploads.ts';
import type { DataRequestStatus } from './case.table.ts';
import { actorOf, casesPath, context, dataRequestPath } from './case-web.ts';
import {
  DESCRIPTION_MAX_LENGTH,
  MAX_FILES_PER_UPLOAD,
  STATUS_ACTION_LABELS,
  STATUS_LABELS,
  TITLE_MAX_LENGTH,
  actionsFor,
  dateInEngland,
  isStatusAction,
  mayRemoveFile,
  removalRefusal,
  summaryText,
  type ItemInput,
  type StatusAction,
} from './data-request.ts';
import {
  DataRequestChangeError,
  DataRequestInputError,
  DataRequestNotFoundError,
  FilesRefusedError,
  addItem,
  changeItemStatus,
  downloadItemFile,
  editItem,
  ensureDataRequest,
  getDataRequest,
  getDataRequestItem,
  getItemFile,
  removeItem,
  removeItemFile,
  uploadItemFiles,
  type DataRequestItem,
  type DataRequestItemDetails,
} from './data-request.service.ts';

const VIEWS = 'cases/views';
const BASE = '/inspections/:inspectionId/data-request';
const ITEM = `${BASE}/items/:itemId`;
const FILE = `${ITEM}/files/:fileId`;

/** Colour only repeats what the tag says in words. */
const STATUS_TAG_CLASSES: Readonly<Record<DataRequestStatus, string>> = {
  requested: 'govuk-tag--blue',
  provided: 'govuk-tag--light-blue',
  accepted: 'govuk-tag--green',
  not_needed: 'govuk-tag--grey',
};

const ACTION_DONE: Readonly<Record<StatusAction, string>> = {
  accept: 'Item accepted',
  not_needed: 'Item marked as not needed',
  reopen: 'Item reopened',
};

type Params = { inspectionId: string; itemId?: string; fileId?: string };
type ItemForm = { errors?: FormErrors; values?: Record<string, unknown> };

function statusTag(item: Pick<DataRequestItem, 'status' | 'overdue'>) {
  if (item.overdue) return { text: 'Overdue', classes: 'govuk-tag--red' };
  return { text: STATUS_LABELS[item.status], classes: STATUS_TAG_CLASSES[item.status] };
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

function today(): string {
  return dateInEngland(new Date());
}



/** The files a form carried. */
function formFiles(body: unknown): UploadedFile[] {
  return uploadedFiles((body as Record<string, unknown> | undefined)?.files);
}

/** Several messages for the one file input: each in the summary, all beside the field. */
function fileErrors(messages: readonly string[]): FormErrors {
  return { summary: messages.map((text) => ({ text, href: '#files' })), fields: { files: { text: messages.join(' ') } } };
}

const text = z.preprocess((v) => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : ''), z.string());

const itemFormSchema = z
  .object({ title: text, description: text, 'dueDate-day': text, 'dueDate-month': text, 'dueDate-year': text })
  .superRefine((form, ctx) => {
    const title = form.title.trim();
    if (!title) ctx.addIssue({ code: 'custom', path: ['title'], message: 'Enter a title for the item' });
    else if (title.length > TITLE_MAX_LENGTH) ctx.addIssue({ code: 'custom', path: ['title'], message: `The title must be ${TITLE_MAX_LENGTH} characters or fewer` });
    if (form.description.trim().length > DESCRIPTION_MAX_LENGTH) {
      ctx.addIssue({ code: 'custom', path: ['description'], message: `The description must be ${DESCRIPTION_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer` });
    }
    const due = parseDateInput(dueDateParts(form), 'due date');
    if (!due.ok) ctx.addIssue({ code: 'custom', path: [`dueDate-${due.parts[0]}`], message: due.message });
  })
  .transform((form): ItemInput => {
    const due = parseDateInput(dueDateParts(form), 'due date');
    return { title: form.title, description: form.description, dueDate: due.ok ? due.date : '' };
  });

function dueDateParts(values: Record<string, unknown>): Record<DatePart, unknown> {
  return { day: values['dueDate-day'], month: values['dueDate-month'], year: values['dueDate-year'] };
}

/** Which of the date's boxes to mark, for the error on the due date. */
function dueDateError(errors: FormErrors | undefined, values: Record<string, unknown>): { text: string; parts: DatePart[] } | undefined {
  const error = DATE_PARTS.map((part) => errors?.fields[`dueDate-${part}`]).find(Boolean);
  if (!error) return undefined;
  const parsed = parseDateInput(dueDateParts(values), 'due date');
  return { text: error.text, parts: parsed.ok ? [...DATE_PARTS] : parsed.parts };
}

function itemValues(item: DataRequestItem): Record<string, unknown> {
  const parts = datePartsOf(item.dueDate);
  return { title: item.title, description: item.description, 'dueDate-day': parts.day, 'dueDate-month': parts.month, 'dueDate-year': parts.year };
}

export async function dataRequestRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db, config } = deps;
  const scope = inspectionScope(db.kysely);
  const allow = (permission: 'data-request:view' | 'data-request:upload' | 'data-request:manage') => ({ config: { permission, scope } });

  const paramsOf = (request: FastifyRequest) => request.params as Params;
  const inspectionIdOf = (request: FastifyRequest) => request.scope.inspectionId!;

  async function pageBasics(request: FastifyRequest) {
    const details = (await getInspection(db.kysely, inspectionIdOf(request)))!;
    return { inspection: details.inspection, area: details.area };
  }

  async function itemOf(request: FastifyRequest): Promise<DataRequestItemDetails> {
    const details = await getDataRequestItem(db.kysely, inspectionIdOf(request), paramsOf(request).itemId ?? '', today());
    if (!details) throw new DataRequestNotFoundError();
    return details;
  }

  const itemPath = (inspectionId: string, itemId: string, rest = '') => dataRequestPath(inspectionId, `/items/${itemId}${rest}`);

  // ---- The checklist -------------------------------------------------------------------------

  // The checklist is made here, the first time anyone opens it once the area has been notified.
  app.get(BASE, allow('data-request:view'), async (request, reply) => {
    const inspectionId = inspectionIdOf(request);
    await ensureDataRequest(db.kysely, inspectionId, actorOf(request), context(request));
    const overview = await getDataRequest(db.kysely, inspectionId, today());
    const internal = request.visitor.principal!.teamRoles.has(inspectionId);
    return reply.view(`${VIEWS}/data-request-list.njk`, {
      ...(await pageBasics(request)),
      internal,
      notified: overview.notified,
      hasFrameworkList: overview.hasFrameworkList,
      summary: overview.summary,
      summaryText: summaryText(overview.summary),
      items: overview.items.map((item) => ({
        ...item,
        href: itemPath(inspectionId, item.id),
        tag: statusTag(item),
        filesText: item.personLevelData ? (overview.personLevelData ? plural(overview.personLevelData.rowCount, 'record', 'records') : 'None imported') : item.fileCount ? plural(item.fileCount, 'file', 'files') : 'None',
      })),
      missing: overview.missing.map((item) => ({ ...item, href: itemPath(inspectionId, item.id) })),
      mayManage: can(request.visitor, 'data-request:manage', request.scope),
      mayUpload: can(request.visitor, 'data-request:upload', request.scope),
      newItemHref: dataRequestPath(inspectionId, '/items/new'),
      backLink: { href: `/inspections/${inspectionId}`, text: 'Inspection' },
    });
  });

  // ---- One item --------------------------------------------------------------------------------

  async function renderItem(request: FastifyRequest, reply: FastifyReply, details: DataRequestItemDetails, form: ItemForm = {}) {
    const inspectionId = inspectionIdOf(request);
    const { item, files } = details;
    const me = request.visitor.principal!.userId;
    const isLead = can(request.visitor, 'data-request:manage', request.scope);
    const mayUpload = can(request.visitor, 'data-request:upload', request.scope);
    const hasFiles = item.personLevelData ? details.personLevelData !== null : files.length > 0;
    const values = form.values ?? {};
    if (form.errors) reply.code(400);
    return reply.view(`${VIEWS}/data-request-item.njk`, {
      ...(await pageBasics(request)),
      // Here the tag keeps the status, and lateness is shown beside the due date.
      item: { ...item, tag: statusTag({ status: item.status, overdue: false }) },
      files: files.map((file) => ({
        ...file,
        sizeText: describeSize(file.size_bytes),
        uploadedByText: file.uploaded_by_name ?? 'Someone whose account has been removed',
        href: itemPath(inspectionId, item.id, `/files/${file.id}`),
        removeHref: mayUpload && mayRemoveFile({ uploadedBy: file.uploaded_by }, { id: me, isLead }) ? itemPath(inspectionId, item.id, `/files/${file.id}/remove`) : undefined,
      })),
      personLevelData: details.personLevelData,
      importsHref: item.personLevelData && can(request.visitor, 'cases:supply', request.scope) ? casesPath(inspectionId, '/imports') : undefined,
      upload: mayUpload && !item.personLevelData
        ? {
            action: itemPath(inspectionId, item.id, '/files'),
            accept: ACCEPT_ATTRIBUTE,
            maxSize: describeSize(config.uploadMaxBytes),
            maxFiles: MAX_FILES_PER_UPLOAD,
            acceptedList: ACCEPTED_FILE_LIST,
          }
        : undefined,
      manage: isLead
        ? {
            action: itemPath(inspectionId, item.id, '/status'),
            actions: actionsFor(item.status, { personLevelData: item.personLevelData, hasFiles }).map((value) => ({
              value,
              text: STATUS_ACTION_LABELS[value],
              checked: values.action === value,
            })),
            editHref: itemPath(inspectionId, item.id, '/edit'),
            removeHref: removalRefusal(item) === undefined ? itemPath(inspectionId, item.id, '/remove') : undefined,
          }
        : undefined,
      values,
      errors: form.errors,
      backLink: { href: dataRequestPath(inspectionId), text: 'Data request' },
    });
  }

  app.get(ITEM, allow('data-request:view'), async (request, reply) => renderItem(request, reply, await itemOf(request)));

  // ---- Uploads -----------------------------------------------------------------------------------

  await app.register(async (uploads) => {
    await uploads.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      onFile: keepUploadedFile,
      throwFileSizeLimit: false,
      limits: { fileSize: config.uploadMaxBytes, files: MAX_FILES_PER_UPLOAD, fields: 2, parts: MAX_FILES_PER_UPLOAD + 2 },
    });
    // Too many files is a mistake to explain on the item page, not an error page. Nothing has been
    // stored at this point, and the guard has already checked who is asking.
    uploads.setErrorHandler(async (error: FastifyError, request, reply) => {
      if (error.code !== 'FST_FILES_LIMIT' && error.code !== 'FST_PARTS_LIMIT') throw error;
      return renderItem(request, reply, await itemOf(request), { errors: fileErrors([`Choose up to ${MAX_FILES_PER_UPLOAD} files at a time. Upload the rest afterwards`]) });
    });

    uploads.post(`${ITEM}/files`, allow('data-request:upload'), async (request, reply) => {
      const details = await itemOf(request);
      const files = formFiles(request.body);
      const tooLarge = files.filter((f) => f.truncated);
      if (tooLarge.length) {
        const limit = describeSize(config.uploadMaxBytes);
        return renderItem(request, reply, details, { errors: fileErrors(tooLarge.map((f) => `“${f.fileName}” is larger than ${limit}: files must be ${limit} or smaller. Split it, or save it with smaller pictures.`)) });
      }
      try {
        const stored = await uploadItemFiles(db.kysely, inspectionIdOf(request), details.item.id, files, actorOf(request), config.uploadMaxBytes, context(request));
        setFlash(request, {
          heading: `${plural(stored.length, 'file', 'files')} uploaded`,
          text: `${stored.map((s) => s.file_name).join(', ')}. The item is marked as provided for the inspectors to look at.`,
        });
        return reply.redirect(itemPath(inspectionIdOf(request), details.item.id));
      } catch (error) {
        if (error instanceof FilesRefusedError) return renderItem(request, reply, details, { errors: fileErrors(error.messages) });
        if (error instanceof DataRequestChangeError) return renderItem(request, reply, details, { errors: fileErrors([error.message]) });
        throw error;
      }
    });
  });

  // ---- Downloading and removing a file -----------------------------------------------------------

  app.get(FILE, allow('data-request:view'), async (request, reply) => {
    const { itemId, fileId } = paramsOf(request);
    const file = await downloadItemFile(db.kysely, inspectionIdOf(request), itemId ?? '', fileId ?? '', actorOf(request), context(request));
    return reply
      .header('content-type', file.content_type)
      .header('content-disposition', attachmentHeader(file.file_name))
      .header('cache-control', 'no-store')
      .send(Buffer.from(file.content));
  });

  async function fileToRemove(request: FastifyRequest) {
    const details = await itemOf(request);
    const file = await getItemFile(db.kysely, inspectionIdOf(request), details.item.id, paramsOf(request).fileId ?? '');
    if (!file) throw new DataRequestNotFoundError();
    const allowed = mayRemoveFile({ uploadedBy: file.uploaded_by }, { id: request.visitor.principal!.userId, isLead: can(request.visitor, 'data-request:manage', request.scope) });
    return { details, file, allowed };
  }

  const refusedRemoval = 'Only the person who uploaded a file, or a lead inspector, can remove it';

  app.get(`${FILE}/remove`, allow('data-request:upload'), async (request, reply) => {
    const { details, file, allowed } = await fileToRemove(request);
    if (!allowed) return renderItem(request, reply, details, { errors: formErrors([{ path: ['files-list'], message: refusedRemoval }]) });
    const inspectionId = inspectionIdOf(request);
    return reply.view(`${VIEWS}/data-request-remove.njk`, {
      ...(await pageBasics(request)),
      pageTitle: `Remove ${file.file_name}`,
      heading: `Are you sure you want to remove “${file.file_name}”?`,
      body: `It will be deleted from “${details.item.title}”.${details.files.length === 1 && details.item.status !== 'not_needed' ? ' It is the item’s only file, so the item will be asked for again.' : ''}`,
      action: itemPath(inspectionId, details.item.id, `/files/${file.id}/remove`),
      buttonText: 'Remove the file',
      cancelHref: itemPath(inspectionId, details.item.id),
      backLink: { href: itemPath(inspectionId, details.item.id), text: details.item.title },
    });
  });

  app.post(`${FILE}/remove`, allow('data-request:upload'), async (request, reply) => {
    const { details, file } = await fileToRemove(request);
    const inspectionId = inspectionIdOf(request);
    try {
      const removed = await removeItemFile(db.kysely, inspectionId, details.item.id, file.id, actorOf(request), { isLead: can(request.visitor, 'data-request:manage', request.scope) }, context(request));
      setFlash(request, { heading: `“${removed.fileName}” removed`, text: removed.status === 'requested' && details.item.status !== 'requested' ? 'The item has no files now, so it is asked for again.' : undefined });
      return reply.redirect(itemPath(inspectionId, details.item.id));
    } catch (error) {
      if (error instanceof DataRequestChangeError) return renderItem(request, reply, details, { errors: formErrors([{ path: ['files-list'], message: error.message }]) });
      throw error;
    }
  });

  // ---- The leads' decisions ----------------------------------------------------------------------

  app.post(`${ITEM}/status`, allow('data-request:manage'), async (request, reply) => {
    const details = await itemOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { action: body.action, note: typeof body.note === 'string' ? body.note : '' };
    if (!isStatusAction(values.action)) return renderItem(request, reply, details, { values, errors: formErrors([{ path: ['action'], message: 'Select what to do with the item' }]) });
    try {
      await changeItemStatus(db.kysely, inspectionIdOf(request), details.item.id, { action: values.action, note: values.note }, actorOf(request), context(request));
      setFlash(request, { heading: ACTION_DONE[values.action], text: details.item.title });
      return reply.redirect(itemPath(inspectionIdOf(request), details.item.id));
    } catch (error) {
      if (!(error instanceof DataRequestChangeError)) throw error;
      return renderItem(request, reply, details, { values, errors: formErrors([{ path: [error.field === 'note' ? 'note' : 'action'], message: error.message }]) });
    }
  });

  // ---- The leads' own items and edits ------------------------------------------------------------

  async function renderItemForm(request: FastifyRequest, reply: FastifyReply, form: { item?: DataRequestItem; values: Record<string, unknown>; errors?: FormErrors }) {
    const inspectionId = inspectionIdOf(request);
    if (form.errors) reply.code(400);
    const back = form.item ? { href: itemPath(inspectionId, form.item.id), text: form.item.title } : { href: dataRequestPath(inspectionId), text: 'Data request' };
    return reply.view(`${VIEWS}/data-request-item-form.njk`, {
      ...(await pageBasics(request)),
      item: form.item,
      action: form.item ? itemPath(inspectionId, form.item.id, '/edit') : dataRequestPath(inspectionId, '/items/new'),
      values: form.values,
      errors: form.errors,
      dueDateError: dueDateError(form.errors, form.values),
      titleMax: TITLE_MAX_LENGTH,
      cancelHref: back.href,
      backLink: back,
    });
  }

  function itemIssuesAsErrors(error: DataRequestInputError): FormErrors {
    return formErrors(error.issues.map((issue) => ({ path: [issue.field === 'dueDate' ? 'dueDate-day' : issue.field], message: issue.message })));
  }

  app.get(`${BASE}/items/new`, allow('data-request:manage'), async (request, reply) => renderItemForm(request, reply, { values: {} }));

  app.post(`${BASE}/items/new`, allow('data-request:manage'), async (request, reply) => {
    const values = (request.body ?? {}) as Record<string, unknown>;
    const parsed = itemFormSchema.safeParse(values);
    if (!parsed.success) return renderItemForm(request, reply, { values, errors: formErrors(parsed.error.issues) });
    try {
      const id = await addItem(db.kysely, inspectionIdOf(request), parsed.data, actorOf(request), context(request));
      setFlash(request, { heading: 'Item added', text: `“${parsed.data.title.trim()}” is on the data request for the area to provide.` });
      return reply.redirect(itemPath(inspectionIdOf(request), id));
    } catch (error) {
      if (error instanceof DataRequestInputError) return renderItemForm(request, reply, { values, errors: itemIssuesAsErrors(error) });
      throw error;
    }
  });

  app.get(`${ITEM}/edit`, allow('data-request:manage'), async (request, reply) => {
    const { item } = await itemOf(request);
    return renderItemForm(request, reply, { item, values: itemValues(item) });
  });

  app.post(`${ITEM}/edit`, allow('data-request:manage'), async (request, reply) => {
    const { item } = await itemOf(request);
    const values = (request.body ?? {}) as Record<string, unknown>;
    const parsed = itemFormSchema.safeParse(values);
    if (!parsed.success) return renderItemForm(request, reply, { item, values, errors: formErrors(parsed.error.issues) });
    try {
      await editItem(db.kysely, inspectionIdOf(request), item.id, parsed.data, actorOf(request), context(request));
      setFlash(request, { heading: 'Item changed' });
      return reply.redirect(itemPath(inspectionIdOf(request), item.id));
    } catch (error) {
      if (error instanceof DataRequestInputError) return renderItemForm(request, reply, { item, values, errors: itemIssuesAsErrors(error) });
      throw error;
    }
  });

  app.get(`${ITEM}/remove`, allow('data-request:manage'), async (request, reply) => {
    const details = await itemOf(request);
    const refusal = removalRefusal(details.item);
    if (refusal) return renderItem(request, reply, details, { errors: formErrors([{ path: ['manage'], message: refusal }]) });
    const inspectionId = inspectionIdOf(request);
    return reply.view(`${VIEWS}/data-request-remove.njk`, {
      ...(await pageBasics(request)),
      pageTitle: `Remove ${details.item.title}`,
      heading: `Are you sure you want to remove “${details.item.title}” from the data request?`,
      body: 'The area will no longer be asked for it.',
      action: itemPath(inspectionId, details.item.id, '/remove'),
      buttonText: 'Remove the item',
      cancelHref: itemPath(inspectionId, details.item.id),
      backLink: { href: itemPath(inspectionId, details.item.id), text: details.item.title },
    });
  });

  app.post(`${ITEM}/remove`, allow('data-request:manage'), async (request, reply) => {
    const details = await itemOf(request);
    try {
      const removed = await removeItem(db.kysely, inspectionIdOf(request), details.item.id, actorOf(request), context(request));
      setFlash(request, { heading: 'Item removed', text: `“${removed.title}” is no longer on the data request.` });
      return reply.redirect(dataRequestPath(inspectionIdOf(request)));
    } catch (error) {
      if (error instanceof DataRequestChangeError) return renderItem(request, reply, details, { errors: formErrors([{ path: ['manage'], message: error.message }]) });
      throw error;
    }
  });
}
