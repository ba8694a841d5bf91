// Backup and restore of the whole application database, on either engine, as a gzip'd JSON-lines
// file: a header, then each table's rows in foreign-key order, then a trailer with the row counts.
// Rows travel as PostgreSQL's own JSON text, never parsed into JS values on the way, so timestamps
// keep their microseconds and numbers their digits.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { z } from 'zod';
import type { Db, RunScript } from './database.ts';
import { applyMigrationInSession, ensureMigrationTable, latestSchemaVersion, listMigrations, type Migration } from './migrate.ts';

export const BACKUP_FORMAT = 'send-inspect-backup';
export const BACKUP_FORMAT_VERSION = 1;

export type Progress = (message: string) => void;

/** A backup this code cannot or must not restore; the message says why and what to do. */
export class BackupFileError extends Error {}

const identifier = z.string().regex(/^[a-z_][a-z0-9_]*$/);

const sequenceState = z.object({ lastValue: z.number().int().safe(), isCalled: z.boolean() });

const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().min(1),
  schemaVersion: z.string().regex(/^\d{4}_[a-z0-9_]+$/),
  createdAt: z.iso.datetime({ offset: true }),
  engine: z.enum(['pglite', 'postgres']),
  tables: z.array(identifier),
  // Partitions of the tables above: recreated before the rows are loaded (through their parents).
  partitions: z.array(z.object({ name: identifier, parent: identifier, bound: z.string() })).default([]),
  sequences: z.record(identifier, sequenceState),
});

export type BackupHeader = z.infer<typeof headerSchema>;

const tableMarkerSchema = z.tuple([z.literal('table'), identifier]);
const trailerSchema = z.tuple([z.literal('end'), z.object({ rows: z.record(identifier, z.number().int().min(0)) })]);

const FETCH_ROWS = 500;
const LOAD_ROWS = 1000;
const LOAD_BYTES = 4 * 1024 * 1024;

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Dollar-quotes text with a tag it does not contain: no escaping, whatever the server's string settings. */
function dollarQuote(text: string): string {
  for (;;) {
    const tag = `$r${randomBytes(6).toString('hex')}$`;
    if (!text.includes(tag)) return `${tag}${text}${tag}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Table order

export type ForeignKey = { child: string; parent: string };

/**
 * Orders tables so each comes after the tables it references, which is the order rows must be
 * inserted in. Ties go by name so the order is stable. A reference cycle (a table referring to
 * itself, or two referring to each other) cannot be ordered, and is refused plainly.
 */
export function orderTablesByDependency(tables: string[], foreignKeys: ForeignKey[]): string[] {
  const known = new Set(tables);
  const cyclic = foreignKeys.filter((fk) => fk.child === fk.parent).map((fk) => fk.child);
  if (cyclic.length) {
    throw new Error(`The table ${cyclic[0]} refers to itself, so its rows cannot be put in a safe order for restore.`);
  }
  const waitingOn = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of foreignKeys) {
    if (known.has(child) && known.has(parent)) waitingOn.get(child)!.add(parent);
  }
  const ordered: string[] = [];
  const remaining = new Set([...tables].sort());
  while (remaining.size) {
    const ready = [...remaining].filter((t) => [...waitingOn.get(t)!].every((p) => !remaining.has(p)));
    if (!ready.length) {
      throw new Error(`The tables ${[...remaining].join(', ')} refer to each other in a cycle, so their rows cannot be put in a safe order for restore.`);
    }
    for (const t of ready) {
      ordered.push(t);
      remaining.delete(t);
    }
  }
  return ordered;
}

/**
 * The tables the migrations made, in foreign-key order. A partition's rows are read and written
 * through its parent, so partitions are not listed; nor is a table named after a partitioned
 * table (`<parent>_...`) but not attached to it: a partition still being loaded, whose rows are
 * not yet part of the data.
 */
async function applicationTables(run: RunScript): Promise<string[]> {
  const tables = await run(`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> 'schema_migration' and not c.relispartition
      and not exists (select 1 from pg_class p where p.relnamespace = c.relnamespace and p.relkind = 'p' and starts_with(c.relname, p.relname || '_'))`);
  const foreignKeys = await run(`select ch.relname as child, pa.relname as parent from pg_constraint c
    join pg_class ch on ch.oid = c.conrelid join pg_class pa on pa.oid = c.confrelid
    join pg_namespace n on n.oid = ch.relnamespace
    where c.contype = 'f' and n.nspname = 'public'`);
  return orderTablesByDependency(
    tables.map((t) => String(t.name)),
    foreignKeys.map((fk) => ({ child: String(fk.child), parent: String(fk.parent) })),
  );
}

/** A partition bound as PostgreSQL writes it, limited to constants: DEFAULT, or FOR VALUES IN / FROM ... TO with quoted or numeric values. */
const VALUE = String.raw`(?:'(?:[^'\\]|'')*'|-?\d+(?:\.\d+)?|NULL|MINVALUE|MAXVALUE)`;
const VALUES = `\\(${VALUE}(?:, ${VALUE})*\\)`;
const PARTITION_BOUND = new RegExp(`^(?:DEFAULT|FOR VALUES IN ${VALUES}|FOR VALUES FROM ${VALUES} TO ${VALUES})$`);

async function partitionsOf(run: RunScript): Promise<BackupHeader['partitions']> {
  const rows = await run(`select c.relname as name, p.relname as parent, pg_get_expr(c.relpartbound, c.oid) as bound
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    join pg_inherits i on i.inhrelid = c.oid join pg_class p on p.oid = i.inhparent
    where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relispartition order by p.relname, c.relname`);
  return rows.map((r) => ({ name: String(r.name), parent: String(r.parent), bound: String(r.bound) }));
}

async function sequenceStates(run: RunScript): Promise<BackupHeader['sequences']> {
  const names = await run(`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'S' order by c.relname`);
  const states: BackupHeader['sequences'] = {};
  for (const { name } of names) {
    const [row] = await run(`select last_value, is_called from public.${quoteIdent(String(name))}`);
    states[String(name)] = { lastValue: Number(row.last_value), isCalled: row.is_called === true };
  }
  return states;
}

async function appliedSchemaVersion(run: RunScript): Promise<string> {
  const [row] = await run('select max(name) as name from schema_migration');
  if (!row?.name) throw new Error('The database has no schema yet: there is nothing to back up.');
  return String(row.name);
}

// ---------------------------------------------------------------------------------------------
// Backup

async function readHeader(run: RunScript, engine: Db['kind']): Promise<BackupHeader> {
  return {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    schemaVersion: await appliedSchemaVersion(run),
    createdAt: new Date().toISOString(),
    engine,
    tables: await applicationTables(run),
    partitions: await partitionsOf(run),
    sequences: await sequenceStates(run),
  };
}

/** The lines of a backup, read through `run` inside the snapshot the header was read in. */
async function* backupLines(run: RunScript, header: BackupHeader, progress: Progress): AsyncGenerator<string> {
  yield `${JSON.stringify(header)}\n`;
  const counts: Record<string, number> = {};
  for (const table of header.tables) {
    yield `${JSON.stringify(['table', table])}\n`;
    let count = 0;
    // A partitioned table's rows come only from the partitions the header lists: one attached
    // after the snapshot was taken would otherwise show rows its import's record does not have yet.
    const attached = header.partitions.filter((p) => p.parent === table).map((p) => quoteLiteral(`public.${quoteIdent(p.name)}`));
    const isPartitioned = (await run(`select relkind from pg_class where oid = ${quoteLiteral(`public.${quoteIdent(table)}`)}::regclass`))[0]?.relkind === 'p';
    const only = isPartitioned ? ` where t.tableoid = any (array[${attached.map((a) => `${a}::regclass::oid`).join(', ')}]::oid[])` : '';
    await run(`declare backup_rows no scroll cursor for select to_jsonb(t)::text as row from public.${quoteIdent(table)} t${only}`);
    for (;;) {
      const rows = await run(`fetch ${FETCH_ROWS} from backup_rows`);
      if (!rows.length) break;
      count += rows.length;
      yield rows.map((r) => `${String(r.row)}\n`).join('');
    }
    await run('close backup_rows');
    counts[table] = count;
    progress(`Backed up ${table} (${count} ${count === 1 ? 'row' : 'rows'})`);
  }
  yield `${JSON.stringify(['end', { rows: counts }])}\n`;
}

/**
 * Writes every application table to `file` from one consistent snapshot. The file appears only
 * once it is complete: it is written beside the target and renamed into place.
 */
export async function backupDatabase(db: Db, file: string, progress: Progress = () => {}): Promise<BackupHeader> {
  const partial = `${file}.partial-${process.pid}`;
  let header: BackupHeader | undefined;
  try {
    await db.withSession(async (run) => {
      await run('begin transaction isolation level repeatable read read only');
      try {
        header = await readHeader(run, db.kind);
        await pipeline(Readable.from(backupLines(run, header, progress)), createGzip(), fs.createWriteStream(partial, { flags: 'wx' }));
      } finally {
        await run('rollback');
      }
    });
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return header!;
}

// ---------------------------------------------------------------------------------------------
// Reading a backup file

/** The file's lines, decompressed as they are read; a damaged or non-gzip file rejects. */
async function* fileLines(file: string): AsyncGenerator<string> {
  const gunzip = createGunzip();
  const source = fs.createReadStream(file);
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  // Decodes across chunk boundaries, so a character split between two chunks stays whole.
  gunzip.setEncoding('utf8');
  try {
    let pending = '';
    for await (const chunk of gunzip) {
      pending += chunk as string;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      yield* lines;
    }
    if (pending) yield pending;
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}

function damaged(file: string, detail: string): BackupFileError {
  return new BackupFileError(`${file} is not a send-inspect backup, or it is damaged (${detail}). Nothing was changed.`);
}

type Section = { kind: 'table'; table: string } | { kind: 'row'; text: string } | { kind: 'end'; rows: Record<string, number> };

/** Reads and checks the header: the right format, and a schema this code knows. */
function parseHeader(file: string, line: string | undefined): BackupHeader {
  let json: unknown;
  try {
    json = JSON.parse(line ?? '');
  } catch {
    throw damaged(file, 'the first line is not a backup header');
  }
  const parsed = headerSchema.safeParse(json);
  if (!parsed.success) throw damaged(file, 'the first line is not a backup header');
  const header = parsed.data;
  if (header.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new BackupFileError(
      `${file} was made by a newer version of send-inspect (backup format ${header.formatVersion}; this version reads format ${BACKUP_FORMAT_VERSION}). Upgrade send-inspect, then restore. Nothing was changed.`,
    );
  }
  const latest = latestSchemaVersion();
  if (header.schemaVersion > latest) {
    throw new BackupFileError(
      `${file} comes from a newer version of send-inspect (database schema ${header.schemaVersion}; this version knows schema up to ${latest}). Upgrade send-inspect, then restore. Nothing was changed.`,
    );
  }
  if (!listMigrations().some((m) => m.name === header.schemaVersion)) {
    throw damaged(file, `it names a database schema this version never had: ${header.schemaVersion}`);
  }
  return header;
}

/** The header, then each line of the body classified; checks the order of sections as it goes. */
async function* readBackup(file: string): AsyncGenerator<BackupHeader | Section> {
  const lines = fileLines(file);
  let first: IteratorResult<string>;
  try {
    first = await lines.next();
  } catch (error) {
    throw damaged(file, (error as Error).message);
  }
  let lineNumber = 1;
  try {
    yield parseHeader(file, first.done ? undefined : first.value);
    for await (const line of lines) {
      lineNumber++;
      if (line.startsWith('{')) yield { kind: 'row', text: line };
      else if (line.startsWith('["table"')) yield { kind: 'table', table: tableMarkerSchema.parse(JSON.parse(line))[1] };
      else if (line.startsWith('["end"')) yield { kind: 'end', rows: trailerSchema.parse(JSON.parse(line))[1].rows };
      else throw new Error(`line ${lineNumber} is not part of a backup`);
    }
  } catch (error) {
    if (error instanceof BackupFileError) throw error;
    throw damaged(file, error instanceof z.ZodError ? `line ${lineNumber} is not part of a backup` : (error as Error).message);
  } finally {
    // Closes the file when a reader stops early (only the header was wanted, or a check failed).
    await lines.return(undefined);
  }
}

/** Reads and checks only the header (quick): what the backup is, and whether this version can restore it. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  if (!fs.existsSync(file)) throw new BackupFileError(`There is no file at ${file}.`);
  const items = readBackup(file);
  try {
    return (await items.next()).value as BackupHeader;
  } finally {
    await items.return(undefined);
  }
}

export type BackupSummary = { header: BackupHeader; rows: Record<string, number> };

/**
 * Reads the whole file and checks it, changing nothing: the header, every line, the tables in the
 * header's order, and the row counts in the trailer. A truncated or altered file fails here.
 */
export async function checkBackupFile(file: string): Promise<BackupSummary> {
  if (!fs.existsSync(file)) throw new BackupFileError(`There is no file at ${file}.`);
  let header: BackupHeader | undefined;
  const rows: Record<string, number> = {};
  let current: string | undefined;
  let trailerCounts: Record<string, number> | undefined;
  for await (const item of readBackup(file)) {
    if (!('kind' in item)) {
      header = item;
      continue;
    }
    if (trailerCounts) throw damaged(file, 'there is more after the end of the backup');
    if (item.kind === 'table') {
      const expected = header!.tables[Object.keys(rows).length];
      if (item.table !== expected) throw damaged(file, `the table ${item.table} is not where the header says`);
      current = item.table;
      rows[current] = 0;
    } else if (item.kind === 'row') {
      if (!current) throw damaged(file, 'a row comes before any table');
      try {
        if (typeof JSON.parse(item.text) !== 'object') throw new Error();
      } catch {
        throw damaged(file, `a row of ${current} is not valid`);
      }
      rows[current]++;
    } else {
      trailerCounts = item.rows;
    }
  }
  if (!trailerCounts) throw damaged(file, 'the file is incomplete: its end is missing');
  if (Object.keys(rows).length !== header!.tables.length) throw damaged(file, 'some tables are missing');
  for (const table of header!.tables) {
    if (trailerCounts[table] !== rows[table]) throw damaged(file, `the number of rows in ${table} does not match its count`);
  }
  return { header: header!, rows };
}

// ---------------------------------------------------------------------------------------------
// Restore

async function applyMigrations(run: RunScript, migrations: Migration[], progress: Progress): Promise<void> {
  for (const migration of migrations) {
    progress(`Applying migration ${migration.name}`);
    await applyMigrationInSession(run, migration);
  }
}

/** The backup must hold exactly the tables its schema version has, no more and no fewer. */
async function assertSameTables(run: RunScript, header: BackupHeader): Promise<void> {
  const inSchema = (await applicationTables(run)).sort();
  const inFile = [...header.tables].sort();
  if (inSchema.join() !== inFile.join()) {
    throw new BackupFileError(
      `The backup's tables (${inFile.join(', ')}) do not match its database schema ${header.schemaVersion} (${inSchema.join(', ')}). Nothing was changed.`,
    );
  }
}

async function createPartitions(run: RunScript, header: BackupHeader): Promise<void> {
  for (const { name, parent, bound } of header.partitions) {
    if (!header.tables.includes(parent) || !PARTITION_BOUND.test(bound)) {
      throw new BackupFileError(`The backup's partition ${name} of ${parent} is not one this version can recreate. Nothing was changed.`);
    }
    await run(`create table public.${quoteIdent(name)} partition of public.${quoteIdent(parent)} ${bound}`);
  }
}

async function insertableColumns(run: RunScript, table: string): Promise<string[]> {
  const columns = await run(`select column_name from information_schema.columns
    where table_schema = 'public' and table_name = ${quoteLiteral(table)} and is_generated = 'NEVER'
    order by ordinal_position`);
  if (!columns.length) throw new BackupFileError(`The backup has a table ${table} that its database schema does not. Nothing was changed.`);
  return columns.map((c) => quoteIdent(String(c.column_name)));
}

async function loadBatch(run: RunScript, table: string, columns: string[], rows: string[]): Promise<void> {
  const list = columns.join(', ');
  // json_populate_recordset turns each row's JSON back into the table's own column types.
  await run(`insert into public.${quoteIdent(table)} (${list}) overriding system value
    select ${list} from json_populate_recordset(null::public.${quoteIdent(table)}, ${dollarQuote(`[${rows.join(',')}]`)}::json)`);
}

/** Sets each sequence to carry on after the backup's values and the restored rows, whichever is further. */
async function resetSequences(run: RunScript, saved: BackupHeader['sequences']): Promise<void> {
  for (const [name, state] of Object.entries(saved)) {
    const next = state.isCalled ? state.lastValue + 1 : state.lastValue;
    await run(`select setval(${quoteLiteral(`public.${quoteIdent(name)}`)}, ${next}, false)`);
  }
  const owned = await run(`select s.relname as sequence, t.relname as table, a.attname as column
    from pg_depend d
    join pg_class s on s.oid = d.objid and s.relkind = 'S'
    join pg_namespace n on n.oid = s.relnamespace and n.nspname = 'public'
    join pg_class t on t.oid = d.refobjid
    join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
    where d.deptype in ('a', 'i')`);
  for (const { sequence, table, column } of owned) {
    const seq = quoteLiteral(`public.${quoteIdent(String(sequence))}`);
    const col = quoteIdent(String(column));
    await run(`select setval(${seq}, greatest(
      (select case when is_called then last_value + 1 else last_value end from public.${quoteIdent(String(sequence))}),
      (select coalesce(max(${col}), 0) + 1 from public.${quoteIdent(String(table))})), false)`);
  }
}

async function loadRows(run: RunScript, file: string, header: BackupHeader, progress: Progress): Promise<void> {
  let table: string | undefined;
  let columns: string[] = [];
  let batch: string[] = [];
  let batchBytes = 0;
  let count = 0;
  const flush = async () => {
    if (table && batch.length) await loadBatch(run, table, columns, batch);
    batch = [];
    batchBytes = 0;
  };
  const finishTable = async () => {
    await flush();
    if (table) progress(`Restored ${table} (${count} ${count === 1 ? 'row' : 'rows'})`);
  };
  for await (const item of readBackup(file)) {
    if (!('kind' in item)) continue;
    if (item.kind === 'table') {
      await finishTable();
      table = item.table;
      columns = await insertableColumns(run, table);
      count = 0;
    } else if (item.kind === 'row') {
      batch.push(item.text);
      batchBytes += item.text.length;
      count++;
      if (batch.length >= LOAD_ROWS || batchBytes >= LOAD_BYTES) await flush();
    } else {
      await finishTable();
    }
  }
  await resetSequences(run, header.sequences);
}

/**
 * Replaces everything in the database with the backup in `file`. The file is checked in full
 * first; then, in ONE transaction on either engine: the public schema is dropped and recreated,
 * migrated to the backup's schema version, the rows loaded, the sequences set, and the newer
 * migrations applied. Any failure rolls the whole restore back and the old data stays.
 */
export async function restoreDatabase(db: Db, file: string, progress: Progress = () => {}): Promise<BackupSummary> {
  progress(`Checking ${file}`);
  const summary = await checkBackupFile(file);
  const { header } = summary;
  const migrations = listMigrations();
  const upToBackup = migrations.filter((m) => m.name <= header.schemaVersion);
  const newer = migrations.filter((m) => m.name > header.schemaVersion);
  await db.withSession(async (run) => {
    await run('begin');
    try {
      progress('Replacing the database schema');
      await run('drop schema public cascade; create schema public; grant usage on schema public to public');
      await ensureMigrationTable(run);
      await applyMigrations(run, upToBackup, progress);
      await assertSameTables(run, header);
      await createPartitions(run, header);
      await loadRows(run, file, header, progress);
      await applyMigrations(run, newer, progress);
      await run('commit');
    } catch (error) {
      await run('rollback').catch(() => {});
      throw error;
    }
  });
  return summary;
}
