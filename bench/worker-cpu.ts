// `npm run bench:worker [-- sizes…]`: what a Worker spends on a feed request that misses the
// edge cache, on a synthetic store published with the publish code: the app as src/worker.ts
// builds it, over db/d1-reader.ts. Two copies of the published store:
// - CPU: an in-process SQLite (better-sqlite3 behind D1's client API), so that the process
//   does nothing but the request; the queries' own work is included, which on Workers D1 does
//   elsewhere (an upper bound). Miniflare's D1 is another process reached over a local HTTP
//   bridge whose client side alone costs more than the request (docs/performance.md).
// - Rows: a local D1 (Miniflare's), its own count (meta.rows_read).
// Beside it, what the design before the reader cost a new store version's first request:
// reading the whole version (published-store.ts), which grows with the store. Prints only.
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { sqliteClient } from '../src/adapters/node/sqlite-client.ts';
import { parseConfig } from '../src/config.ts';
import { articleRows, d1Reader, type ArticleRows } from '../src/db/d1-reader.ts';
import { readPublished } from '../src/db/published-store.ts';
import type { SqlClient } from '../src/db/sql.ts';
import { createApp } from '../src/http/app.ts';
import { countingClient, publishedD1, publishInto } from './local-d1.ts';
import { writeStore } from './write-store.ts';

const sizes = process.argv.slice(2).map(Number);
if (sizes.length === 0) sizes.push(1_000, 10_000);
const RUNS = 100;
const WARM_UP = 300;
/** The whole version's read takes seconds at 100k: a median of fewer. */
const WHOLE_RUNS = 3;
const NOW = Date.UTC(2030, 0, 1);
const config = parseConfig({});
const options = { ...config, clock: () => NOW };

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

function cpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** The app of a new store version over `kept`'s articles, as src/worker.ts makes it. */
function workerApp(db: SqlClient, kept: ArticleRows) {
  const reader = d1Reader(db, config.siteUrl, kept);
  return createApp({
    store: { current: () => Promise.reject(new Error('the whole version is not read')) },
    config,
    clock: () => NOW,
    encoders: {},
    bodies: reader.bodies,
    reader,
  });
}

/**
 * CPU of one request through a new app (a new version: nothing rendered yet), once the app has
 * answered another request (Hono builds its router on the first: once a version).
 */
async function requestCpu(db: SqlClient, kept: ArticleRows, path: string): Promise<number> {
  const app = workerApp(db, kept);
  await (await app.request('/robots.txt')).arrayBuffer();
  const start = process.cpuUsage();
  const response = await app.request(path);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
  return cpuMs(start);
}

/** D1 rows the same request reads on a local D1. */
async function requestRows(db: SqlClient, kept: ArticleRows, path: string): Promise<number> {
  const client = countingClient(db);
  await (await workerApp(client, kept).request(path)).arrayBuffer();
  return client.read;
}

/** The requests measured: articles kept first, since a new isolate's runs make bodies of
 * articles of their own, which push the kept ones' out of the bodies kept (KEPT_BODIES). */
const CASES: [string, string, boolean][] = [
  ['`/feed.json`, a new version, articles kept', '/feed.json', true],
  ['`/tags/gaza/rss.xml`, a new version, articles kept', '/tags/gaza/rss.xml', true],
  ['`/feed.json`, a new isolate', '/feed.json', false],
];

const rows: string[] = [];
for (const size of sizes) {
  const store = writeStore(size);
  const sqlite = new Database(':memory:');
  const local = sqliteClient(sqlite);
  try {
    // Rows first, on a local D1, which is then stopped: workerd left running shares the cores.
    const read = new Map<string, number>();
    const d1 = await publishedD1(store.dir, options);
    try {
      const kept = articleRows();
      for (const [name, path, warm] of CASES) {
        if (warm) await requestRows(d1.db, kept, path);
        read.set(name, await requestRows(d1.db, warm ? kept : articleRows(), path));
      }
      read.set('robots', await requestRows(d1.db, articleRows(), '/robots.txt'));
      const counted = countingClient(d1.db);
      await readPublished(counted, options);
      read.set('whole', counted.read);
    } finally {
      await d1.dispose();
    }
    await publishInto(local, store.dir, options);
    const kept = articleRows();
    // An isolate serving a site is past V8's first tiers: so is the benchmark, before it times.
    for (let i = 0; i < WARM_UP; i += 1) await requestCpu(local, kept, '/feed.json');
    for (const [name, path, warm] of CASES) {
      await requestCpu(local, kept, path);
      const cpu: number[] = [];
      for (let i = 0; i < RUNS; i += 1)
        cpu.push(await requestCpu(local, warm ? kept : articleRows(), path));
      rows.push(`| ${size} | ${name} | ${median(cpu).toFixed(2)} ms | ${read.get(name)} |`);
    }
    const making: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const start = process.cpuUsage();
      await (await workerApp(local, articleRows()).request('/robots.txt')).arrayBuffer();
      making.push(cpuMs(start));
    }
    rows.push(
      `| ${size} | a new version's app and its first request (\`/robots.txt\`) | ${median(making).toFixed(2)} ms | ${read.get('robots')} |`,
    );
    // The design before the reader: a new version's first request read the whole version.
    const cpu: number[] = [];
    for (let i = 0; i < WHOLE_RUNS; i += 1) {
      const begin = process.cpuUsage();
      await readPublished(local, options);
      cpu.push(cpuMs(begin));
    }
    rows.push(
      `| ${size} | before: a new version's first request read it whole | ${median(cpu).toFixed(0)} ms | ${read.get('whole')} |`,
    );
  } finally {
    sqlite.close();
    rmSync(store.dir, { recursive: true, force: true });
  }
}
console.log(
  `An edge-cache miss of a 50-item page (full content) through the D1 reader: CPU median of ${RUNS} (the whole version: of ${WHOLE_RUNS}), SQLite in-process; rows from a local D1.\n`,
);
console.log('| store | request | CPU (queries included) | D1 rows read |');
console.log('| --- | --- | --- | --- |');
console.log(rows.join('\n'));
