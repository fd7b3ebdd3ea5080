// Child of bench/server-app.ts: one start of the Node server's store over the same folder, as
// src/node.ts makes it (openFolderStore), in a fresh process. BENCH_START says which:
//
// - `first`: no database (its files are deleted first, outside the timer): every file read,
//   loaded and written to the database in one transaction, the catalog built and committed;
//   timed until openFolderStore returns (from 'folder'), serving everything.
// - `restart`: the database the previous start left: openFolderStore serves its version at
//   once (from 'database'; timed until it returns), then `reload()` reconciles the folder (an
//   lstat of every file, only changed files read; timed until it is done).
// - `plain`: no database at all, the store read and loaded as before the database
//   (readStore + buildCatalog): what the database adds to a first start, for comparison.
//
// Prints its figures as one JSON line.
import Database from 'better-sqlite3';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { parseConfig } from '../src/config.ts';
import { buildCatalog } from '../src/store/catalog.ts';
import { openFolderStore } from '../src/adapters/node/folder-store.ts';
import { loaderDigest } from '../src/adapters/node/code-digest.ts';
import { readStore } from '../src/adapters/node/read-store.ts';
import { loadArticle, type StoreEntry } from '../src/content/load-article.ts';

export type StartKind = 'first' | 'restart' | 'plain';

export interface StartFigures {
  kind: StartKind;
  /** openFolderStore called until it returned, serving everything (plain: read + catalog). */
  servingMs: number;
  /** From this process's start (node, tsx, imports) until serving. */
  processServingMs: number;
  /** Restart: `await reload()`, the reconciliation, alone; 0 otherwise. */
  reconcileMs: number;
  /** Files read: by the first start's read, or by the restart's reconciliation. */
  reads: number;
  articles: number;
  /** Restart: the database was written by code of the same digest (its stamps are trusted). */
  trusted: boolean;
  /** Restart: whether the reconciliation changed the catalog (the folder did not change). */
  changed: boolean;
  /** VmHWM when serving, and at the end (a restart: once reconciled). */
  peakRssServingBytes: number;
  peakRssBytes: number;
  /** The database on disk when serving (first start) or once reconciled (restart), open. */
  dbBytes: number;
  walBytes: number;
  /** The database file once closed (the last connection's checkpoint folds the -wal in). */
  closedDbBytes: number;
}

/** A restart's time until the reconciliation is done, from the call to openFolderStore. */
export function reconciledMs(r: StartFigures): number {
  return r.servingMs + r.reconcileMs;
}

/** The files of an SQLite database `file` in WAL mode. */
export const DATABASE_SUFFIXES = ['', '-wal', '-shm', '-journal'];

export function removeDatabase(file: string): void {
  for (const suffix of DATABASE_SUFFIXES) rmSync(file + suffix, { force: true });
}

export function fileBytes(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

export function peakRss(): number {
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return Number(hwm?.[1]) * 1024;
}

// Run only as a script (server-app.ts and report.ts import the functions above).
const kind = process.env.BENCH_START as StartKind | undefined;
if (kind) await main(kind);

async function main(kind: StartKind): Promise<void> {
  const dir = process.env.BENCH_DIR ?? '';
  const file = process.env.BENCH_DB ?? '';
  const config = parseConfig({ SITE_URL: process.env.BENCH_SITE_URL });
  const figures: StartFigures = {
    kind,
    servingMs: 0,
    processServingMs: 0,
    reconcileMs: 0,
    reads: 0,
    articles: 0,
    trusted: false,
    changed: false,
    peakRssServingBytes: 0,
    peakRssBytes: 0,
    dbBytes: 0,
    walBytes: 0,
    closedDbBytes: 0,
  };

  if (kind === 'plain') {
    const load = (entry: StoreEntry) => loadArticle(entry, config);
    const start = performance.now();
    const read = await readStore(dir, undefined, load);
    const catalog = buildCatalog(read.files, config);
    figures.servingMs = performance.now() - start;
    figures.processServingMs = performance.now();
    figures.reads = read.reads;
    figures.articles = catalog.bySlug.size;
    figures.peakRssServingBytes = figures.peakRssBytes = peakRss();
    console.log(JSON.stringify(figures));
    return;
  }

  let madeBy: string | undefined;
  if (kind === 'first') removeDatabase(file);
  else {
    // Which code wrote it: read before the timer (src/ edited between the first starts and
    // the restarts would make the reconciliation read every file again).
    const db = new Database(file, { readonly: true });
    madeBy = db.prepare<[], string>("SELECT value FROM meta WHERE key = 'loader'").pluck().get();
    db.close();
  }
  const start = performance.now();
  const folder = await openFolderStore(dir, file, config);
  figures.servingMs = performance.now() - start;
  figures.processServingMs = performance.now();
  figures.peakRssServingBytes = peakRss();
  if (folder.from !== (kind === 'first' ? 'folder' : 'database')) {
    throw new Error(`a ${kind} start was served from the ${folder.from}`);
  }
  if (folder.notice) throw new Error(folder.notice);
  if (kind === 'restart') {
    const begin = performance.now();
    const result = await folder.reload();
    figures.reconcileMs = performance.now() - begin;
    if (result.error) throw new Error(`the reconciliation failed: ${result.error}`);
    figures.changed = result.changed;
    figures.trusted = madeBy === (loaderDigest() ?? '');
  }
  figures.reads = folder.lastRead()?.reads ?? 0;
  figures.articles = folder.store.current().bySlug.size;
  figures.peakRssBytes = peakRss();
  figures.dbBytes = fileBytes(file);
  figures.walBytes = fileBytes(`${file}-wal`);
  folder.close();
  figures.closedDbBytes = fileBytes(file);
  console.log(JSON.stringify(figures));
}
