// Child process of bench/run.ts: loads the store folder BENCH_DIR the way the Node server does
// (readStore loading each file as it is read, then buildCatalog), saves the index, times first
// starts and restarts from it in fresh processes (start-load.ts), measures the memory and the
// cold renders, and reports to the parent. It serves nothing: the warm figures are taken from
// `npm start`'s own process, started afresh once this one is done (bench/run.ts).
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { loadThreads, parseConfig } from '../src/config.ts';
import { buildCatalog } from '../src/store/catalog.ts';
import { createIndexCache } from '../src/store/fs-index-cache.ts';
import { serverHelpers } from '../src/store/fs-load-pool.ts';
import { listStore, readStore, type StoreRead } from '../src/store/fs-store.ts';
import { loadArticle, type StoreEntry } from '../src/store/load-article.ts';
import { renderBench } from './render-bench.ts';
import { startTotal, type StartFigures } from './start-load.ts';

export interface AppReady {
  type: 'ready';
  articles: number;
  problems: number;
  problemSamples: string[];
  readMs: number;
  /** Helper threads the first read shared the files with (LOAD_THREADS). */
  loadThreads: number;
  indexMs: number;
  listMs: number;
  /** First starts (fresh processes, no saved index): the median one, and all. */
  firstStart: StartFigures;
  firstStarts: StartFigures[];
  /** Writing the saved index, and restarts from it (fresh processes): the median one, and all. */
  saveMs: number;
  indexFileBytes: number;
  restart: StartFigures;
  restarts: StartFigures[];
  /** VmHWM: peak resident set of this process once the store is loaded and indexed. */
  peakRssBytes: number;
  /** Resident set after a full GC, files dropped, only the catalog kept. */
  rssCatalogBytes: number;
  /** heapUsed + arrayBuffers after a full GC: before loading, with the read and catalog, catalog only. */
  heapBaseBytes: number;
  heapWithFilesBytes: number;
  heapCatalogBytes: number;
  /** Estimated bytes of every article's contentHtml string (one byte a char, two if not Latin-1). */
  contentHtmlBytes: number;
  render: Awaited<ReturnType<typeof renderBench>>;
  section: string;
  sectionArticles: number;
  phaseMs: Record<string, number>;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function status(field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
    readFileSync('/proc/self/status', 'utf8'),
  );
  return match ? Number(match[1]) * 1024 : NaN;
}

/**
 * A restart child's figures: its last line of output. Diagnostic V8 flags handed down with
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
const section = process.env.BENCH_SECTION ?? 'palestine';
const renderRuns = Number(process.env.BENCH_RENDER_RUNS ?? 200);
/** Wall time of this process's own measuring steps, for the progress log. */
const phaseMs: Record<string, number> = {};
const phase = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
  const begin = performance.now();
  const result = await run();
  phaseMs[name] = (phaseMs[name] ?? 0) + performance.now() - begin;
  return result;
};

// The address only shows in the rendered bytes: the one `npm start` serves by default.
const config = parseConfig({ SITE_URL: 'http://localhost:8787' });

const heapBaseBytes = await phase('memory', heapBytes);
const load = (entry: StoreEntry) => loadArticle(entry, config);
let start = performance.now();
// With helper threads, as `npm start` has them (LOAD_THREADS, default cores − 1).
const helpers = serverHelpers(config, loadThreads(process.env, availableParallelism()));
let read: StoreRead | undefined = await readStore(dir, undefined, load, { helpers });
const readMs = performance.now() - start;
start = performance.now();
const catalog = buildCatalog(read.files, config);
const indexMs = performance.now() - start;
const peakRssBytes = status('VmHWM');
const indexFile = join(dir, '.dateline-index.jsonl'); // hidden: not part of the store
start = performance.now();
await createIndexCache(indexFile, dir, config, { minIntervalMs: 0 }).save(read);
const saveMs = performance.now() - start;
const indexFileBytes = statSync(indexFile).size;
/** Starts timed in each kind (each a fresh process): this VM's noise shows in their range. */
const STARTS = 3;
/** STARTS fresh processes starting as `npm start` does, in turn, lowest total first. */
function timedStarts(index: string | undefined): StartFigures[] {
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
              BENCH_START: '1',
              BENCH_DIR: dir,
              BENCH_INDEX: index ?? '',
              BENCH_SITE_URL: config.siteUrl,
            },
            encoding: 'utf8',
          },
        ),
      ) as StartFigures,
  ).sort((a, b) => startTotal(a) - startTotal(b));
}
// First starts ignore the saved index (a hidden file, not part of the store); the page cache
// is as warm for them as for the read above.
const firstStarts = timedStarts(undefined);
const firstStart = firstStarts[STARTS >> 1]!;
const restarts = timedStarts(indexFile);
const restart = restarts[STARTS >> 1]!;
const heapWithFilesBytes = await phase('memory', heapBytes);
// Drops the files' last reference, so that the next heap figure is the catalog's alone.
// eslint-disable-next-line no-useless-assignment -- the assignment is for the collector
read = undefined;
const heapCatalogBytes = await phase('memory', heapBytes);
const rssCatalogBytes = process.memoryUsage().rss;

start = performance.now();
await listStore(dir);
const listMs = performance.now() - start;

// What a body costs as HTML (the store no longer holds it: bodies are made on first use).
// V8 keeps a string in one byte a character when every character is Latin-1, else in two.
// Measured over every 20th article: making all 100k bodies would take seconds.
let contentHtmlBytes = 0;
let sampled = 0;
for (const [i, article] of [...catalog.bySlug.values()].entries()) {
  if (i % 20 !== 0) continue;
  const html = article.contentHtml;
  contentHtmlBytes += html.length * (/[^\u0000-\u00ff]/.test(html) ? 2 : 1);
  sampled += 1;
}
contentHtmlBytes = (contentHtmlBytes / Math.max(1, sampled)) * catalog.bySlug.size;

const scope = catalog.sections.get(section);
if (!scope) throw new Error(`no section '${section}' in the synthetic store`);
const render = await phase('render', () => renderBench(config, scope, renderRuns));
gc();

process.send?.({
  type: 'ready',
  articles: catalog.bySlug.size,
  problems: catalog.problems.length,
  problemSamples: catalog.problems.slice(0, 5).map((p) => `${p.path}:${p.line}: ${p.message}`),
  readMs,
  loadThreads: helpers.threads,
  indexMs,
  listMs,
  saveMs,
  indexFileBytes,
  firstStart,
  firstStarts,
  restart,
  restarts,
  peakRssBytes,
  rssCatalogBytes,
  heapBaseBytes,
  heapWithFilesBytes,
  heapCatalogBytes,
  contentHtmlBytes,
  render,
  section,
  sectionArticles: scope.articles.length,
  phaseMs,
} satisfies AppReady);
// It stays until the parent stops it (its IPC channel keeps it alive).
