// Uploaded files kept in the database: which kinds are accepted (told by their first bytes, not by
// what the browser claims), the size limit, storing, reading and deleting. Callers audit downloads.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { StoredFileRow } from './stored-file.table.ts';

export type FileKind = { extensions: readonly string[]; contentType: string; label: string };

/** The kinds of document an area sends: office documents, PDFs, images and plain text. */
export const ACCEPTED_FILE_KINDS: readonly FileKind[] = [
  { extensions: ['.pdf'], contentType: 'application/pdf', label: 'PDF' },
  { extensions: ['.docx'], contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word (.docx)' },
  { extensions: ['.xlsx'], contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel (.xlsx)' },
  { extensions: ['.pptx'], contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', label: 'PowerPoint (.pptx)' },
  { extensions: ['.odt'], contentType: 'application/vnd.oasis.opendocument.text', label: 'OpenDocument text (.odt)' },
  { extensions: ['.ods'], contentType: 'application/vnd.oasis.opendocument.spreadsheet', label: 'OpenDocument spreadsheet (.ods)' },
  { extensions: ['.csv'], contentType: 'text/csv; charset=utf-8', label: 'CSV' },
  { extensions: ['.txt'], contentType: 'text/plain; charset=utf-8', label: 'text (.txt)' },
  { extensions: ['.png'], contentType: 'image/png', label: 'PNG image' },
  { extensions: ['.jpg', '.jpeg'], contentType: 'image/jpeg', label: 'JPEG image' },
];

export const ACCEPTED_FILE_LIST = 'PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument (.odt, .ods), CSV, text (.txt), PNG or JPEG';
export const ACCEPT_ATTRIBUTE = ACCEPTED_FILE_KINDS.flatMap((k) => k.extensions).join(',');

/** The file cannot be kept: the message says why and what to do, for the person who chose it. */
export class FileRefusedError extends Error {}

const MAGIC: Readonly<Record<string, readonly number[]>> = {
  '.pdf': [0x25, 0x50, 0x44, 0x46],
  zip: [0x50, 0x4b, 0x03, 0x04],
  '.png': [0x89, 0x50, 0x4e, 0x47],
  jpeg: [0xff, 0xd8, 0xff],
};

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function contentMatches(extension: string, bytes: Uint8Array): boolean {
  switch (extension) {
    case '.pdf':
    case '.png':
      return startsWith(bytes, MAGIC[extension]!);
    case '.jpg':
    case '.jpeg':
      return startsWith(bytes, MAGIC.jpeg!);
    case '.docx':
    case '.xlsx':
    case '.pptx':
    case '.odt':
    case '.ods':
      return startsWith(bytes, MAGIC.zip!);
    default:
      return isUtf8Text(bytes);
  }
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/** A file name safe to keep and show: no folders, no control characters, at most 200 characters. */
export function cleanFileName(fileName: string): string {
  // eslint-disable-next-line no-control-regex
  const base = path.basename(fileName.replaceAll('\\', '/')).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || 'file').slice(-200);
}

/** Decides whether a file may be kept; throws FileRefusedError saying why not. */
export function identifyFile(fileName: string, bytes: Uint8Array, maxBytes: number): FileKind {
  const name = cleanFileName(fileName);
  if (bytes.length === 0) throw new FileRefusedError(`“${name}” is empty. Choose the file again; if it still fails, save it again from the program that made it.`);
  if (bytes.length > maxBytes) throw new FileRefusedError(`“${name}” is ${megabytes(bytes.length)}: files must be ${megabytes(maxBytes)} or smaller. Split it, or save it with smaller pictures.`);
  const extension = path.extname(name).toLowerCase();
  const kind = ACCEPTED_FILE_KINDS.find((k) => k.extensions.includes(extension));
  if (!kind) throw new FileRefusedError(`“${name}” is not a kind of file we accept. Send it as ${ACCEPTED_FILE_LIST}.`);
  if (!contentMatches(extension, bytes)) {
    throw new FileRefusedError(`“${name}” is named as ${kind.label} but its contents are not: it may be damaged, or another kind of file renamed. Save it again as ${kind.label} and send that.`);
  }
  return kind;
}

export type StoredFileInfo = Omit<StoredFileRow, 'content'>;

export type FileToStore = { inspectionId: string; fileName: string; bytes: Buffer; uploadedBy: string | null };

/** Checks and keeps a file; run it in the caller's transaction with the row that links to it. */
export async function storeFile(db: Kysely<Database>, file: FileToStore, maxBytes: number): Promise<StoredFileInfo> {
  const kind = identifyFile(file.fileName, file.bytes, maxBytes);
  return db
    .insertInto('stored_file')
    .values({
      inspection_id: file.inspectionId,
      file_name: cleanFileName(file.fileName),
      content_type: kind.contentType,
      size_bytes: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      content: file.bytes,
      uploaded_by: file.uploadedBy,
    })
    .returning(['id', 'inspection_id', 'file_name', 'content_type', 'size_bytes', 'sha256', 'uploaded_by', 'uploaded_at'])
    .executeTakeFirstOrThrow();
}

/** A file with its contents, only if it belongs to the inspection named. */
export async function readStoredFile(db: Kysely<Database>, inspectionId: string, fileId: string): Promise<StoredFileRow | undefined> {
  return db.selectFrom('stored_file').selectAll().where('id', '=', fileId).where('inspection_id', '=', inspectionId).executeTakeFirst();
}

export async function deleteStoredFiles(db: Kysely<Database>, fileIds: readonly string[]): Promise<number> {
  if (fileIds.length === 0) return 0;
  const result = await db.deleteFrom('stored_file').where('id', 'in', [...fileIds]).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The Content-Disposition header that makes a browser save the file under its own name. */
export function attachmentHeader(fileName: string): string {
  const ascii = cleanFileName(fileName).replace(/[^\x20-\x7e]/g, '_').replaceAll('"', "'");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(cleanFileName(fileName))}`;
}

export function describeSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return megabytes(bytes);
}
