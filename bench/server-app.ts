// Child process of bench/run.ts: starts the Node server's store over the folder BENCH_DIR with
// its database BENCH_DB, the way src/node.ts does (openFolderStore, src/adapters/node/folder-store.ts),
// and reports to the parent:
//
// - a first start (no database) made here step by step, with the pieces openFolderStore puts
//   together (open the database, read + load + insert, buildCatalog, commit), each timed, and
//   the memory it holds; then a restart from that database, step by step too (open, restore,
//   buildCatalog, then the reconciliation: lstat + read, buildCatalog, commit);
// - first starts, restarts from the database and, for comparison, starts without a database,
//   each kind in fresh processes (start-load.ts), which the targets are judged on;
// - the cold renders, over a restart's catalog (openFolderStore: bodies made from the bytes
//   the database keeps).
//
// It serves nothing: the warm figures are taken from `npm start`'s own process, started afresh
// once this one is done (bench/run.ts).
import { execFileSync } from 'node:child_process';
import { parseConfig } from '../src/config.ts';
import { buildCatalog, type Catalog } from '../src/store/catalog.ts';
import { openStoreDatabase, type Restored } from '../src/adapters/node/database.ts';
import { openFolderStore } from '../src/adapters/node/folder-store.ts';
import { listStore, readStore, type StoreRead } from '../src/adapters/node/read-store.ts';
import { renderBench } from './render-bench.ts';
import { reconciledMs, removeDatabase, type StartFigures, type StartKind } from './start-load.ts';

export interface FirstPhases {
  /** openStoreDatabase on no file: the schema made, the loader's digest computed. */
  openMs: number;
  /** readStore with the database's `load`: every file read, loaded and inserted. */
  readMs: number;
  buildMs: number;
  commitMs: number;
}

export interface RestartPhases {
  openMs: number;
  /** StoreDatabase.restore(): every row read and made an article again. */
  restoreMs: number;
  buildMs: number;
  /** The reconciliation: readStore given the restored stamps (an lstat of every file). */
  reconcileReadMs: number;
  reconcileBuildMs: number;
  reconcileCommitMs: number;
  /** Files the reconciliation read. */
  reads: number;
  /** Whether restore() trusted the stamps (rows made by code of this process's digest). */
  trusted: boolean;
}

export interface AppReady {
  type: 'ready';
  articles: number;
  problems: number;
  problemSamples: string[];
  /** This process's own first start and restart, step by step. */
  first: FirstPhases;
  restart: RestartPhases;
  /** Starts in fresh processes, in the order made (start-load.ts). */
  plainStarts: StartFigures[];
  firstStarts: StartFigures[];
  restarts: StartFigures[];
  listMs: number;
  /** Resident set after a full GC, files dropped, only the first start's catalog kept. */
  rssCatalogBytes: number;
  /** heapUsed + arrayBuffers after a full GC: before loading, with the read and catalog, catalog only. */
  heapBaseBytes: number;
  heapWithFilesBytes: number;
  heapCatalogBytes: number;
  /** The same, restarted: the catalog restored from the database and what restore() gave. */
  heapRestoredBytes: number;
  /** Estimated bytes of every article's contentHtml string (one byte a char, two if not Latin-1). */
  contentHtmlBytes: number;
  /** Empty when the renders were not asked for (`--only load`). */
  render: Awaited<ReturnType<typeof renderBench>>;
  section: string;
  sectionArticles: number;
  phaseMs: Record<string, number>;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/**
 * A start child's figures: its last line of output. Diagnostic V8 flags handed down with
 * `process.execArgv` (--trace-gc and its kin) print to stdout before it.
 */
function lastLineJson(output: string): unknown {
  return JSON.parse(output.trimEnd().split('\n').at(-1) ?? '');
}
/** After full collections: freed ArrayBuffers leave the count only once their sweep has run. */
async function heapBytes(): Promise<number> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

const dir = process.env.BENCH_DIR ?? '';
const dbFile = process.env.BENCH_DB ?? '';
const section = process.env.BENCH_SECTION ?? 'palestine';
const renderRuns = Number(process.env.BENCH_RENDER_RUNS ?? 200);
if (!dir || !dbFile) throw new Error('BENCH_DIR and BENCH_DB must be set');
/** Wall time of this process's own measuring steps, for the progress log. */
const phaseMs: Record<string, number> = {};
const phase = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
  const begin = performance.now();
  const result = await run();
  phaseMs[name] = (phaseMs[name] ?? 0) + performance.now() - begin;
  return result;
};
const phaseSync = <T>(name: string, run: () => T): T => {
  const begin = performance.now();
  const result = run();
  phaseMs[name] = (phaseMs[name] ?? 0) + performance.now() - begin;
  return result;
};
/** Runs `run` and adds its wall time to `into[key]`. */
function timed<T, K extends string>(into: Record<K, number>, key: K, run: () => T): T {
  const begin = performance.now();
  const result = run();
  into[key] = performance.now() - begin;
  return result;
}

// The address only shows in the rendered bytes: the one `npm start` serves by default.
const config = parseConfig({ SITE_URL: 'http://localhost:8787' });

const heapBaseBytes = await phase('memory', heapBytes);

// A first start, step by step: what openFolderStore does when there is no database.
removeDatabase(dbFile);
const first: FirstPhases = { openMs: 0, readMs: 0, buildMs: 0, commitMs: 0 };
let db = timed(first, 'openMs', () => openStoreDatabase(dbFile, dir, config));
let start = performance.now();
db.begin();
let read: StoreRead | undefined = await readStore(dir, undefined, (entry) => db.load(entry));
first.readMs = performance.now() - start;
let catalog: Catalog | undefined = timed(first, 'buildMs', () => buildCatalog(read!.files, config));
timed(first, 'commitMs', () => db.commit(read!, undefined, catalog!));
const articles = catalog.bySlug.size;
const problems = catalog.problems.length;
const problemSamples = catalog.problems.slice(0, 5).map((p) => `${p.path}:${p.line}: ${p.message}`);
const heapWithFilesBytes = await phase('memory', heapBytes);
// Drops the files' last reference, so that the next heap figure is the catalog's alone.
read = undefined;
const heapCatalogBytes = await phase('memory', heapBytes);
const rssCatalogBytes = process.memoryUsage().rss;
catalog = undefined;
db.close();

// A restart, step by step, from the database this process just wrote: what openFolderStore
// does with the database, then its first reload.
const restart: RestartPhases = {
  openMs: 0,
  restoreMs: 0,
  buildMs: 0,
  reconcileReadMs: 0,
  reconcileBuildMs: 0,
  reconcileCommitMs: 0,
  reads: 0,
  trusted: false,
};
db = timed(restart, 'openMs', () => openStoreDatabase(dbFile, dir, config));
let restored: Restored | undefined = timed(restart, 'restoreMs', () => db.restore());
if (!restored) throw new Error(`${dbFile} holds no version after a first start`);
// Its stamps are trusted when the rows were made by code of the same digest: this process's.
restart.trusted = restored.previous.stamps.size > 0;
let restoredCatalog: Catalog | undefined = timed(restart, 'buildMs', () =>
  buildCatalog(restored!.files, config, { previous: restored!.lastGood }),
);
const heapRestoredBytes = await phase('memory', heapBytes);
start = performance.now();
db.begin();
let reconciled: StoreRead | undefined = await readStore(dir, restored.previous, (entry) =>
  db.load(entry),
);
restart.reconcileReadMs = performance.now() - start;
restart.reads = reconciled.reads;
let next: Catalog | undefined = timed(restart, 'reconcileBuildMs', () =>
  buildCatalog(reconciled!.files, config, { previous: restoredCatalog }),
);
timed(restart, 'reconcileCommitMs', () => db.commit(reconciled!, restored!.previous, next!));
restored = undefined;
restoredCatalog = undefined;
next = undefined;
reconciled = undefined;
db.close(); // the fresh processes below delete and make the same file

/** Starts timed in each kind (each a fresh process): this VM's noise shows in their range. */
const STARTS = 3;
/** STARTS fresh processes making a start of `kind`, in turn. */
function timedStarts(kind: StartKind): StartFigures[] {
  return Array.from(
    { length: STARTS },
    () =>
      lastLineJson(
        execFileSync(
          process.execPath,
          [...process.execArgv, new URL('start-load.ts', import.meta.url).pathname],
          {
            env: {
              ...process.env,
              BENCH_START: kind,
              BENCH_DIR: dir,
              BENCH_DB: dbFile,
              BENCH_SITE_URL: config.siteUrl,
            },
            encoding: 'utf8',
          },
        ),
      ) as StartFigures,
  );
}
// The page cache is as warm for every start as for the read above (the files were just
// written); the database's pages too, for a restart (its file was just written).
const plainStarts = phaseSync('starts', () => timedStarts('plain'));
const firstStarts = phaseSync('starts', () => timedStarts('first'));
// Restarts from the database the last first start left (each one's reconciliation commits
// again, finding nothing changed).
const restarts = phaseSync('starts', () => timedStarts('restart'));
for (const r of restarts) {
  if (!r.trusted || r.reads > 0 || r.changed) {
    process.stderr.write(
      `bench: WARNING: a restart's reconciliation read ${r.reads} files (changed: ${r.changed}, ` +
        `rows made by this code: ${r.trusted}; was src/ edited meanwhile?): ${Math.round(reconciledMs(r))} ms\n`,
    );
  }
}

// The catalog the cold renders use: a restart's, from the database the last start left (its
// bodies are made from the bytes the database keeps), not reconciled (nothing changed).
const folder = await openFolderStore(dir, dbFile, config);
if (folder.from !== 'database') throw new Error(`${dbFile} holds no version after the restarts`);
const served = folder.store.current();

start = performance.now();
await listStore(dir);
const listMs = performance.now() - start;

// What a body costs as HTML (the store does not hold it: bodies are made on first use, from
// the bytes the database keeps). V8 keeps a string in one byte a character when every
// character is Latin-1, else in two. Measured over every 20th article: making all 100k
// bodies would take seconds.
let contentHtmlBytes = 0;
let sampled = 0;
for (const [i, article] of [...served.bySlug.values()].entries()) {
  if (i % 20 !== 0) continue;
  const html = article.contentHtml;
  contentHtmlBytes += html.length * (/[^\u0000-\u00ff]/.test(html) ? 2 : 1);
  sampled += 1;
}
contentHtmlBytes = (contentHtmlBytes / Math.max(1, sampled)) * served.bySlug.size;

const scope = served.sections.get(section);
if (!scope) throw new Error(`no section '${section}' in the synthetic store`);
const render =
  renderRuns > 0 ? await phase('render', () => renderBench(config, scope, renderRuns)) : [];
gc();

process.send?.({
  type: 'ready',
  articles,
  problems,
  problemSamples,
  first,
  restart,
  plainStarts,
  firstStarts,
  restarts,
  listMs,
  rssCatalogBytes,
  heapBaseBytes,
  heapWithFilesBytes,
  heapCatalogBytes,
  heapRestoredBytes,
  contentHtmlBytes,
  render,
  section,
  sectionArticles: scope.articles.length,
  phaseMs,
} satisfies AppReady);
// It stays until the parent stops it (its IPC channel keeps it alive).
