// Child of bench/server-app.ts: a restart of the Node server over the same store, as
// src/node.ts does it. The saved index is restored, every file looked at (lstat), only those
// changed since read, then the catalog built. Prints its figures as one JSON line.
import { readFileSync } from 'node:fs';
import { parseConfig } from '../src/config.ts';
import { buildCatalog } from '../src/store/catalog.ts';
import { createIndexCache } from '../src/store/fs-index-cache.ts';
import { readStore } from '../src/store/fs-store.ts';
import { loadArticle, type StoreEntry } from '../src/store/load-article.ts';

export interface RestartFigures {
  restoreMs: number;
  readMs: number;
  indexMs: number;
  /** Files whose article came from the saved index; files read. */
  restored: number;
  reads: number;
  articles: number;
  peakRssBytes: number;
}

/** Restore, readStore and buildCatalog: the restart, in ms. */
export function restartTotal(r: RestartFigures): number {
  return r.restoreMs + r.readMs + r.indexMs;
}

// Run only as a script (server-app.ts imports the function above).
if (process.env.BENCH_INDEX) await main();

async function main(): Promise<void> {
  const dir = process.env.BENCH_DIR ?? '';
  const config = parseConfig({ SITE_URL: process.env.BENCH_SITE_URL });
  const load = (entry: StoreEntry) => loadArticle(entry, config);
  const cache = createIndexCache(process.env.BENCH_INDEX ?? '', dir, config);

  let start = performance.now();
  const previous = cache.restore();
  const restoreMs = performance.now() - start;
  start = performance.now();
  const read = await readStore(dir, previous, load);
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
    } satisfies RestartFigures),
  );
}
