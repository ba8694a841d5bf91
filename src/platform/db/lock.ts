// An exclusive lock on an embedded data directory: PGlite silently loses writes when two
// processes open the same directory, so a second process is refused and told who holds it.
import fs from 'node:fs';
import path from 'node:path';

export type LockHolder = { pid: number; command: string; startedAt: string };

export class DataDirectoryLockedError extends Error {
  readonly holder: LockHolder;
  constructor(dataDir: string, holder: LockHolder) {
    super(
      `The data directory ${dataDir} is in use by another send-inspect process ` +
        `(process ${holder.pid}, "${holder.command}", started ${holder.startedAt}). ` +
        `Stop that process first, or run this command against PostgreSQL with DATABASE_URL.`,
    );
    this.name = 'DataDirectoryLockedError';
    this.holder = holder;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(lockFile: string): LockHolder | undefined {
  try {
    return JSON.parse(fs.readFileSync(lockFile, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

/** Takes the lock for this process; returns the function that gives it back. */
export function lockDataDirectory(dataDir: string, command: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'send-inspect.lock');
  const me: LockHolder = { pid: process.pid, command, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, JSON.stringify(me), { flag: 'wx' });
      return () => {
        const holder = readHolder(lockFile);
        if (holder?.pid === process.pid) fs.rmSync(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(lockFile);
      if (holder && isRunning(holder.pid)) {
        throw new DataDirectoryLockedError(dataDir, holder);
      }
      // The holder has gone (it crashed or was killed): the lock is stale.
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock the data directory ${dataDir}.`);
}
