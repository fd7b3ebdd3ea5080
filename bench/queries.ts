// `npm run bench:queries [-- <articles>]`: the query layer to come (src/db/queries.ts, not yet
// wired; docs/architecture.md, "Next") on the benchmark's synthetic store: what writing the
// served set costs, its size, and each query's time on better-sqlite3 (median of 200), and the
// rows a local D1 (Miniflare) reads for the same queries on a tenth of the store. Prints;
// asserts nothing.
import Database from 'better-sqlite3';
import { Miniflare } from 'miniflare';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteClient } from '../src/adapters/node/sqlite-client.ts';
import { parseConfig } from '../src/config.ts';
import type { Article } from '../src/content/article.ts';
import { HEAD_SQL, PAGE_SQL, StoreQueries } from '../src/db/queries.ts';
import { SERVED_SCHEMA, servedStatements } from '../src/db/served.ts';
import type { SqlClient } from '../src/db/sql.ts';
import { buildCatalog, type Catalog } from '../src/store/catalog.ts';
import { syntheticStore } from './synthetic-store.ts';

const count = Number(process.argv[2] ?? 100_000);
const config = parseConfig({});
const NOW = Date.UTC(2030, 0, 1);
const schema = SERVED_SCHEMA.split(';')
  .map((s) => s.trim())
  .filter(Boolean);

function catalogOf(n: number): { catalog: Catalog; revOf: (a: Article) => number } {
  const catalog = buildCatalog(syntheticStore(n), { ...config, clock: () => NOW });
  const revs = new Map(catalog.site.articles.map((a, i) => [a, i + 1]));
  return { catalog, revOf: (a) => revs.get(a)! };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function timed(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 200; i += 1) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return median(times);
}

const { catalog, revOf } = catalogOf(count);
const tag = [...catalog.tags.entries()].sort(
  (a, b) => b[1].articles.length - a[1].articles.length,
)[0]!;
const dir = mkdtempSync(join(tmpdir(), 'dateline-queries-'));
try {
  const db = new Database(join(dir, 'served.db'));
  db.pragma('journal_mode = WAL');
  const client = sqliteClient(db);
  await client.batch(schema.map((sql) => client.prepare(sql)));
  const statements = servedStatements(client, catalog, revOf);
  const start = performance.now();
  await client.batch(statements);
  const writeMs = performance.now() - start;
  db.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = statSync(join(dir, 'served.db')).size;
  console.log(
    `${count} articles: ${statements.length} served rows written in ${writeMs.toFixed(0)} ms ` +
      `(one transaction), ${(bytes / 1048576).toFixed(1)} MiB`,
  );
  const queries = new StoreQueries(client);
  const lastPage = Math.floor((catalog.site.articles.length - 1) / 50) * 50;
  const cases: [string, () => Promise<unknown>][] = [
    ['site page 1 (50)', () => queries.page('site', '', NOW, 0, 50)],
    ['site page 100 (50)', () => queries.page('site', '', NOW, 99 * 50, 50)],
    [`site last page (offset ${lastPage})`, () => queries.page('site', '', NOW, lastPage, 50)],
    [
      `largest tag (${tag[1].articles.length}) page 1`,
      () => queries.page('tag', tag[0], NOW, 0, 50),
    ],
    ['site head', () => queries.head('site', '', NOW)],
    ['an article', () => queries.article(catalog.site.articles[500]!.slug, NOW)],
    ['tags (every head)', () => queries.terms('tag', NOW)],
  ];
  for (const [name, run] of cases)
    console.log(`  better-sqlite3, ${name}: ${(await timed(run)).toFixed(3)} ms`);
  db.close();

  const small = catalogOf(Math.max(1000, Math.floor(count / 10)));
  const mf = new Miniflare({
    modules: true,
    script: 'export default { fetch: () => new Response("") }',
    d1Databases: ['DB'],
  });
  const d1: unknown = await mf.getD1Database('DB');
  const remote = d1 as SqlClient;
  await remote.batch(schema.map((sql) => remote.prepare(sql)));
  const rows = servedStatements(remote, small.catalog, small.revOf);
  const d1Start = performance.now();
  for (let i = 0; i < rows.length; i += 5000) await remote.batch(rows.slice(i, i + 5000));
  console.log(
    `local D1, ${small.catalog.site.articles.length} articles: ${rows.length} rows written in ` +
      `${(performance.now() - d1Start).toFixed(0)} ms (batches of 5,000)`,
  );
  for (const [name, sql, args] of [
    ['site page 1 (50)', PAGE_SQL, ['site', NOW, 50, 0]],
    ['site page 20 (50)', PAGE_SQL, ['site', NOW, 50, 950]],
    ['site head', HEAD_SQL, ['site']],
  ] as const) {
    const result = await remote
      .prepare(sql)
      .bind(...args)
      .all();
    console.log(
      `  local D1, ${name}: ${result.results.length} rows back, ${result.meta.rows_read} read`,
    );
  }
  await mf.dispose();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
