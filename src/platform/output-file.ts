// Files a CLI verb writes: the target checked before any work, and each file written whole or not at all.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type Stats } from 'node:fs';
import { rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { CliError } from './cli.ts';

/** What is at `file`, or undefined when nothing is there. */
export async function statOrNothing(file: string): Promise<Stats | undefined> {
  try {
    return await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Refuses, before any work, a target that is a folder, is in a folder that does not exist, or
 * exists without --force. `exampleName` (like report.pdf) shows what to give instead of a folder.
 */
export async function checkOutputFile(target: string, force: boolean, exampleName: string): Promise<void> {
  const folder = await statOrNothing(path.dirname(target));
  if (!folder?.isDirectory()) throw new CliError(`The folder ${path.dirname(target)} does not exist. Create it first, or choose another place for the file.`);
  const existing = await statOrNothing(target);
  if (existing?.isDirectory()) throw new CliError(`${target} is a folder. Give a file name, like ${path.join(target, exampleName)}.`);
  if (existing && !force) throw new CliError(`${target} already exists. Choose another name, or add --force to replace it.`);
}

/** A hidden name beside the target, so the rename into place stays on one file system. */
function temporaryBeside(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.part`);
}

/** Writes a temporary file beside the target and renames it into place, so a failure leaves nothing half-written. */
export async function writeFileWhole(target: string, content: string | Buffer): Promise<void> {
  const temporary = temporaryBeside(target);
  try {
    await writeFile(temporary, content, { flag: 'wx' });
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/**
 * The same for content streamed by `write` (which ends the stream): renamed into place once
 * complete, so a failure part way (a full disk, a dropped database) leaves no half-written file.
 */
export async function writeStreamWhole<T>(target: string, write: (stream: Writable) => Promise<T>): Promise<T> {
  const temporary = temporaryBeside(target);
  const stream = createWriteStream(temporary, { flags: 'wx' });
  await once(stream, 'ready');
  try {
    const result = await write(stream);
    if (!stream.closed) await once(stream, 'close');
    await rename(temporary, target);
    return result;
  } catch (error) {
    // Closed before removing, or a write still queued could make the file again.
    if (!stream.closed) {
      const closed = once(stream, 'close').catch(() => undefined);
      stream.destroy();
      await closed;
    }
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
