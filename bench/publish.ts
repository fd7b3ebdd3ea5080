// `npm run bench:publish [-- <articles>]`: the edge's store on the benchmark's synthetic store
// (default 10k articles): `npm run publish -- --local` into a new local D1 (first publish, again
// with nothing changed, again after one file is edited, and again without the copy of D1's
// index a publish keeps), then the Worker as `wrangler deploy` builds it, in workerd
// (Miniflare) over that D1: the first request of the version and the requests after it, and
// the rows D1 reads. Wall times, the machine's noise included; prints, asserts nothing.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { RESTORE } from '../src/db/article-rows.ts';
import { REQUEST_SQL } from '../src/db/published-store.ts';
import { writeStore } from './write-store.ts';

const size = Number(process.argv[2] ?? 10_000);
const ROOT = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'dateline-bench-publish-'));
const state = join(work, 'state');
const DATABASE_ID = '00000000-0000-0000-0000-000000000000';

/** Runs a command; its wall time in seconds, and its peak resident memory (GNU time). */
function timed(command: string, args: string[]): { seconds: number; peakMiB: number } {
  const start = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], {
    cwd: ROOT,
    env: { ...process.env, CI: 'true' },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`${command} failed: ${run.stderr}`);
  const kib = Number(run.stderr.trim().split('\n').pop());
  return { seconds: (performance.now() - start) / 1000, peakMiB: kib / 1024 };
}

const store = writeStore(size);
const publish = () =>
  timed('npx', ['tsx', 'src/publish.ts', '--local', '--persist-to', state, store.dir]);

const rows: string[] = [];
try {
  const first = publish();
  rows.push(`| first publish | ${first.seconds.toFixed(1)} s | ${first.peakMiB.toFixed(0)} MiB |`);
  const again = publish();
  rows.push(
    `| again, nothing changed | ${again.seconds.toFixed(1)} s | ${again.peakMiB.toFixed(0)} MiB |`,
  );
  const files = readdirSync(store.dir, { recursive: true }).map(String);
  const file = files.filter((path) => path.endsWith('.txt')).sort()[0] ?? '';
  appendFileSync(join(store.dir, file), '\nA correction.\n');
  const edited = publish();
  rows.push(
    `| again, one file edited | ${edited.seconds.toFixed(1)} s | ${edited.peakMiB.toFixed(0)} MiB |`,
  );
  // The same without the copy of D1's index a publish keeps (publish-held.ts): read from D1.
  rmSync(join(state, 'dateline'), { recursive: true, force: true });
  appendFileSync(join(store.dir, file), '\nAnother correction.\n');
  const unkept = publish();
  rows.push(
    `| again, one file edited, no index kept (read from D1) | ${unkept.seconds.toFixed(1)} s | ${unkept.peakMiB.toFixed(0)} MiB |`,
  );

  const out = join(work, 'worker');
  timed('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', out]);
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(out, 'worker.js'),
    modulesRoot: out,
    compatibilityDate: '2026-04-01',
    bindings: { SITE_URL: 'http://localhost:8788' },
    d1Databases: { DB: DATABASE_ID },
    d1Persist: join(state, 'v3/d1'),
  });
  await mf.ready;
  for (const [label, path] of [
    ['first request of the version', '/feed.json'],
    ['the same feed, rendered again (cache miss)', '/feed.json?limit=49'],
    ['a section feed, cache miss', '/sections/palestine/rss.xml'],
    ['/healthz', '/healthz'],
  ] as const) {
    const start = performance.now();
    const response = await mf.dispatchFetch(`http://localhost:8788${path}`, { redirect: 'manual' });
    await response.arrayBuffer();
    rows.push(`| Worker: ${label} | ${(performance.now() - start).toFixed(0)} ms | |`);
  }
  const d1 = (await mf.getD1Database('DB')) as unknown as {
    prepare(sql: string): {
      bind(...values: number[]): { all(): Promise<{ meta: { rows_read: number } }> };
    };
  };
  const read = async (sql: string, ...values: number[]) =>
    (
      await d1
        .prepare(sql)
        .bind(...values)
        .all()
    ).meta.rows_read;
  rows.push(`| D1 rows read: the version, a request | ${await read(REQUEST_SQL, Date.now())} | |`);
  rows.push(`| D1 rows read: the whole index (/status, filters) | ${await read(RESTORE)} | |`);
  await mf.dispose();
} finally {
  rmSync(work, { recursive: true, force: true });
  rmSync(store.dir, { recursive: true, force: true });
}
console.log(`${size} articles (${(store.bytes / 1e6).toFixed(0)} MB of files)\n`);
console.log('| step | time | peak memory |\n| --- | --- | --- |');
console.log(rows.join('\n'));
