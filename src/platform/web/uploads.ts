// File uploads from forms: each file is held in memory (the multipart size limit bounds it) so that
// the form's other fields, the CSRF token among them, are read and checked before anything is stored.
import type { MultipartFile } from '@fastify/multipart';

export type UploadedFile = { fileName: string; bytes: Buffer; truncated: boolean };

/** The multipart plugin's `onFile`: reads the file into the field's value. */
export async function keepUploadedFile(part: MultipartFile): Promise<void> {
  const bytes = await part.toBuffer();
  const file: UploadedFile = { fileName: part.filename, bytes, truncated: part.file.truncated };
  part.value = file;
}

export function isUploadedFile(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && Buffer.isBuffer((value as UploadedFile).bytes) && typeof (value as UploadedFile).fileName === 'string';
}

/** The files a form field carried; a file input left empty sends a part without a name, which is no file. */
export function uploadedFiles(value: unknown): UploadedFile[] {
  return [value].flat().filter(isUploadedFile).filter((f) => f.fileName !== '' || f.bytes.length > 0);
}

/** A file already in memory as the stream of chunks the import readers take. */
export async function* chunksOf(bytes: Buffer): AsyncGenerator<Uint8Array> {
  yield bytes;
}
