// `npm run bench:worker`: the CPU a Worker spends on one feed request that misses every cache
// (view, render, encode, SHA-256 ETag) for a 100-item feed, against the Workers free plan's
// 10 ms, and what an isolate's first request spends building the index. Measured on Node:
// workerd runs the same V8, so these are the figures to hold against the budget (CPU time,
// not wall time: the process does nothing else meanwhile).
import { parseConfig } from '../src/config.ts';
import { createRepresentation } from '../src/http/representation.ts';
import { renderAtom } from '../src/render/atom.ts';
import {
  buildFeedView,
  FEED_TYPES,
  type FeedFormat,
  type FeedView,
} from '../src/render/feed-view.ts';
import { renderJsonFeed } from '../src/render/json-feed.ts';
import { renderRss } from '../src/render/rss.ts';
import { buildCatalog } from '../src/store/catalog.ts';
import { syntheticStore } from './synthetic-store.ts';

const RENDERERS: Record<FeedFormat, (view: FeedView) => string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};
const config = parseConfig({});

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
  const indexMs = median(Array.from({ length: 5 }, () => cpuMs(() => buildCatalog(files, config))));
  const catalog = buildCatalog(files, config);
  for (const format of Object.keys(RENDERERS) as FeedFormat[]) {
    const runs: number[] = [];
    for (let i = 0; i < 60; i += 1) {
      runs.push(
        await cpuMsAsync(async () => {
          const view = buildFeedView(config, catalog.site, 1, 100);
          await createRepresentation(RENDERERS[format](view), FEED_TYPES[format], view.updated);
        }),
      );
    }
    rows.push(`| ${size} | ${format} | ${median(runs).toFixed(2)} ms | ${indexMs.toFixed(0)} ms |`);
  }
}
console.log(
  '| store | format | 100-item feed, cache miss (CPU, median of 60) | first request: index the store (CPU) |',
);
console.log('| --- | --- | --- | --- |');
console.log(rows.join('\n'));
