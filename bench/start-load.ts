// Child of bench/server-app.ts: a start of the Node server over the same store, as src/node.ts
// does it, in a fresh process. With BENCH_INDEX, a restart: the saved index is restored, every
// file looked at (lstat), only those changed since read, then the catalog built. Without, a
// first start: every file read and loaded, shared out with helper threads as `npm start` does
// (LOAD_THREADS), then the catalog built. Prints its figures as one JSON line.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { loadThreads, parseConfig } from '../src/config.ts';
import { buildCatalog } from '../src/store/catalog.ts';
import { createIndexCache } from '../src/store/fs-index-cache.ts';
import { serverHelpers } from '../src/store/fs-load-pool.ts';
import { readStore } from '../src/store/fs-store.ts';
import { loadArticle, type StoreEntry } from '../src/store/load-article.ts';

export interface StartFigures {
  /** 0 for a first start. */
  restoreMs: number;
  readMs: number;
  indexMs: number;
  /** Files whose article came from the saved index; files read. */
  restored: number;
  reads: number;
  articles: number;
  peakRssBytes: number;
}

/** Restore, readStore and buildCatalog: the start, in ms. */
export function startTotal(r: StartFigures): number {
  return r.restoreMs + r.readMs + r.indexMs;
}

// Run only as a script (server-app.ts imports the function above).
if (process.env.BENCH_START) await main(process.env.BENCH_INDEX);

async function main(indexFile: string | undefined): Promise<void> {
  const dir = process.env.BENCH_DIR ?? '';
  const config = parseConfig({ SITE_URL: process.env.BENCH_SITE_URL });
  const load = (entry: StoreEntry) => loadArticle(entry, config);
  const cache = indexFile ? createIndexCache(indexFile, dir, config) : undefined;
  // A restart reads only changed files, on this thread; a first read shares them out.
  const helpers = cache
    ? undefined
    : serverHelpers(config, loadThreads(process.env, availableParallelism()));

  let start = performance.now();
  const previous = cache?.restore();
  const restoreMs = cache ? performance.now() - start : 0;
  start = performance.now();
  const read = await readStore(dir, previous, load, { helpers });
  const readMs = performance.now() - start;
  start = performance.now();
  const catalog = buildCatalog(read.files, config);
  const indexMs = performance.now() - start;
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
  console.log(
    JSON.stringify({
      restoreMs,
      readMs,
      indexMs,
      restored: previous?.stamps.size ?? 0,
      reads: read.reads,
      articles: catalog.bySlug.size,
      peakRssBytes: Number(hwm?.[1]) * 1024,
    } satisfies StartFigures),
  );
}
