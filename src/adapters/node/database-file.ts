// The Node adapter's database file (better-sqlite3): opened as it is when it fits the store,
// made anew when it does not.
import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SCHEMA } from '../../db/schema.ts';

/**
 * The writer waits for no lock: better-sqlite3 waits synchronously, and a server must not stop
 * answering because another process holds the file. Its reload fails and the previous version
 * stays served; the next reload tries again.
 */
const WRITER = { timeout: 0 };

/** A database file this process cannot use, said in one line (the server stops with it). */
export class DatabaseError extends Error {
  override name = 'DatabaseError';
}

/** SQLite's answers for a file that is not a database, or a damaged one: made anew. */
const DAMAGED = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

/**
 * Opens the database at `file`, or makes it: a file that is damaged, not a dateline database,
 * of another schema, left by a first start that did not finish, or made for other `wanted`
 * settings (the folder, SITE_URL, time zone) is deleted and made anew, and `notice` says why
 * in one line: the folder can always rebuild it. A file another live process has open, or one
 * that cannot be opened at all (permissions), throws a DatabaseError instead: deleting it would
 * take that process's versions, or fail the same way.
 */
export function openDatabaseFile(
  file: string,
  wanted: Record<string, string>,
): { db: Database.Database; notice: string | undefined; release: () => void } {
  let release: () => void;
  try {
    mkdirSync(dirname(resolve(file)), { recursive: true });
    release = claim(file);
  } catch (error) {
    if (error instanceof DatabaseError) throw error;
    const code = (error as { code?: unknown }).code;
    throw new DatabaseError(`${file} cannot be written (${String(code)}); check its folder`);
  }
  try {
    const db = new Database(file, WRITER);
    const why = unfit(db, wanted);
    if (!why) return { db, notice: undefined, release };
    db.close();
    const notice = `${file} ${why}; made anew from the store folder`;
    return { db: fresh(file, wanted), notice, release };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !DAMAGED.has(code)) {
      release();
      throw new DatabaseError(`${file} cannot be opened (${why}); check the file and its folder`);
    }
    const notice = `${file} could not be read (${why}); made anew from the store folder`;
    return { db: fresh(file, wanted), notice, release };
  }
}

/**
 * Claims `file` for this process with `{file}.pid`: each server keeps in memory which rows it
 * has committed, so two on one file would delete each other's. A claim whose process is gone
 * (a crash, a SIGKILL) is taken over. Returns what gives the claim up.
 */
function claim(file: string): () => void {
  const lock = `${file}.pid`;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => {
        if (readPid(lock) === process.pid) rmSync(lock, { force: true });
      };
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
      const holder = readPid(lock);
      if (holder !== undefined && holder !== process.pid && alive(holder)) {
        throw new DatabaseError(
          `${file} is in use by process ${holder}; give each server its own DATABASE_FILE`,
        );
      }
      rmSync(lock, { force: true });
    }
  }
  throw new DatabaseError(`${file} could not be claimed; another server is starting on it`);
}

function readPid(lock: string): number | undefined {
  try {
    const pid = Number(readFileSync(lock, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, but belongs to another user.
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

/** Why a database file cannot serve this store, or undefined when it can. */
function unfit(db: Database.Database, wanted: Record<string, string>): string | undefined {
  const tables = db
    .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .pluck()
    .all();
  if (tables.length === 0) {
    // A first load writes every file into an empty file: no journal, nothing synced until
    // it is done. A crash meanwhile leaves no `started_at`, and the next start makes the file
    // anew (below), so there is nothing to roll back to. Pages of 16 KiB: an article's bytes
    // (2 to 6 KB) fit one page with others' instead of spilling onto overflow pages of 4 KiB
    // (the figures of both: docs/performance.md).
    db.pragma('page_size = 16384');
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(SCHEMA);
    const set = db.prepare('INSERT INTO meta VALUES (?, ?)');
    for (const [key, value] of Object.entries(wanted)) set.run(key, value);
    return undefined;
  }
  if (!tables.includes('meta')) return 'is not a dateline database';
  const schema = metaOf(db, 'schema');
  if (schema !== wanted.schema) return `has schema ${schema ?? 'unknown'}, not ${wanted.schema}`;
  for (const key of ['content_dir', 'site_url', 'time_zone']) {
    if (metaOf(db, key) !== wanted[key]) return `was made for another ${key.toUpperCase()}`;
  }
  if (metaOf(db, 'started_at') === undefined)
    return 'was left by a first start that did not finish';
  journaled(db);
  return undefined;
}

/**
 * Every commit after the first load: WAL, so readers keep their snapshot while a read writes,
 * and a crash leaves the last commit whole; synced at checkpoints (SQLite's NORMAL, which WAL
 * keeps consistent); the log's file kept small.
 */
export function journaled(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('journal_size_limit = 67108864');
}

export function metaOf(db: Database.Database, key: string): string | undefined {
  return db.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck().get(key);
}

/** A new, empty database at `file`, whatever was there. */
function fresh(file: string, wanted: Record<string, string>): Database.Database {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
  const db = new Database(file, WRITER);
  unfit(db, wanted);
  return db;
}
