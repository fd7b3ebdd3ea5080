// `npm run bench:worker`: the CPU a Worker spends on one feed request that misses every cache
// (view, render of every item as bytes, SHA-256 ETag) for a 100-item feed, against the Workers
// free plan's 10 ms, and what an isolate's start spends building the index (with the bodies
// made at load, as src/worker.ts does). Measured on Node:
// workerd runs the same V8, so these are the figures to hold against the budget (CPU time,
// not wall time: the process does nothing else meanwhile).
import { parseConfig } from '../src/config.ts';
import { createRepresentation } from '../src/http/representation.ts';
import { renderFeedBytes } from '../src/render/feed-renderers.ts';
import { buildFeedView, FEED_TYPES, type FeedFormat } from '../src/render/feed-view.ts';
import { ItemCache } from '../src/render/item-cache.ts';
import { buildCatalog } from '../src/store/catalog.ts';
import { syntheticStore } from './synthetic-store.ts';

const FORMATS: FeedFormat[] = ['rss', 'atom', 'json'];
const config = parseConfig({});
const options = { ...config, bodies: 'at-load' as const };

function cpuMs<T>(work: () => T): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

async function cpuMsAsync(work: () => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage();
  await work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

const rows: string[] = [];
for (const size of [100, 1000]) {
  const files = syntheticStore(size);
  const indexMs = median(
    Array.from({ length: 5 }, () => cpuMs(() => buildCatalog(files, options))),
  );
  const catalog = buildCatalog(files, options);
  for (const format of FORMATS) {
    const runs: number[] = [];
    for (let i = 0; i < 60; i += 1) {
      runs.push(
        await cpuMsAsync(async () => {
          // A fresh item cache: the worst case, an isolate that has rendered none of them.
          const view = buildFeedView(config, catalog.site, 1, 100);
          const body = renderFeedBytes(format, view, new ItemCache());
          await createRepresentation(body, FEED_TYPES[format], view.updated);
        }),
      );
    }
    rows.push(`| ${size} | ${format} | ${median(runs).toFixed(2)} ms | ${indexMs.toFixed(0)} ms |`);
  }
}
console.log(
  '| store | format | 100-item feed, cache miss (CPU, median of 60) | isolate start: index the store, bodies made (CPU) |',
);
console.log('| --- | --- | --- | --- |');
console.log(rows.join('\n'));
