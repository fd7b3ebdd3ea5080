// `npm run bench`: how fast dateline starts, renders and serves a synthetic store of 1k, 10k and
// 100k articles (1M too when asked: --sizes 1k,10k,100k,1m). A benchmark, not a test: it
// asserts nothing, it reports (bench/RESULTS.md).
//
//   node --expose-gc --import tsx bench/run.ts [--sizes 1k,10k,100k] [--duration 10]
//        [--connections 50] [--reps 3] [--render-runs 200] [--only all|load]
//        [--out bench/RESULTS.md]
//
// For each size: the store is generated (seeded, reproducible) and written to a temporary
// folder; a child process starts the store as the Node server does (openFolderStore: the
// folder and its SQLite database) and times first starts (no database), restarts from the
// database and their reconciliation with the folder, each in fresh processes, and cold renders
// against the `feed` package; then `npm start`'s own process (src/node.ts, its flags and
// environment) serves it, started fresh, and a second child is a bare node:http server
// replaying that server's exact answer for the same URL. wrk (Debian package `wrk`) loads each
// in turn, bare and app alternating, on 127.0.0.1. After the last size, a fresh server on the
// first size's store (kept on disk) and the last size's server are loaded in turn
// (bench/by-size.ts): whether a request costs more in a larger store.
//
// `--only load` makes the starts alone (no renders, no wrk): `npm run bench -- --only load
// --sizes 10k,100k` prints their report, and writes it only to an `--out` given.
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { nextMessage, pinServer, startChild, startServer, stopChild } from './children.ts';
import { parseOptions, type Options } from './options.ts';
import { seconds } from './format.ts';
import { report, type LoadSizeResult, type Server, type SizeResult } from './report.ts';
import { sideBySide, type KeptStore, type SideBySide } from './by-size.ts';
import type { AppReady } from './server-app.ts';
import type { BareSpec } from './server-bare.ts';
import { reconciledMs, removeDatabase, type StartFigures } from './start-load.ts';
import { BUSIEST_SECTION_SLUG } from './synthetic-store.ts';
import { etagIn, measure, record, wrk, wrkInstalled, type Run } from './wrk.ts';
import { writeStore } from './write-store.ts';

const started = performance.now();
const log = (message: string) =>
  process.stderr.write(
    `bench [${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s]: ${message}\n`,
  );

/** The removal of the previous size's store folder, under way. */
let cleanup: Promise<void> = Promise.resolve();
/** The store's database (DATABASE_FILE): beside the store, removed with it. */
const databaseOf = (dir: string) => `${dir}.db`;
const times = (starts: StartFigures[], of: (x: StartFigures) => number) =>
  starts.map((x) => seconds(of(x))).join(', ');

async function benchSize(
  size: number,
  options: Options,
  /**
   * `keep`: the store stays on disk after this size, for a later one to compare with.
   * `compareWith`: such a store, served side by side with this one once this size is done.
   */
  { keep = false, compareWith }: { keep?: boolean; compareWith?: KeptStore } = {},
): Promise<LoadSizeResult | SizeResult> {
  const loadBefore = loadavg()[0] ?? NaN;
  log(`${size} articles: generating and writing the store (load average ${loadBefore.toFixed(2)})`);
  const written = writeStore(size);
  const children: ChildProcess[] = [];
  try {
    await cleanup;
    // A file changed less than 2 s before a read is never trusted by its stamp, so a restart
    // would read it again (src/adapters/node/walk.ts, settled). A newsroom's archive is older.
    const young = written.finishedAt + 2_100 - Date.now();
    if (young > 0) await new Promise((resolve) => setTimeout(resolve, young));
    log(
      `${size} articles: a first start step by step, then first starts, restarts and starts without a database in fresh processes`,
    );
    const appChild = startChild('server-app.ts', {
      BENCH_DIR: written.dir,
      BENCH_DB: databaseOf(written.dir),
      BENCH_SECTION: BUSIEST_SECTION_SLUG,
      BENCH_RENDER_RUNS: options.only === 'load' ? '0' : String(options.renderRuns),
    });
    children.push(appChild);
    // 15 minutes, and 30 more a million articles (1M: about 10 fresh starts of a minute each).
    const app = await nextMessage<AppReady>(appChild, 'ready', 15 * 60_000 + size * 1.8);
    const { first, restart } = app;
    log(
      `${size} articles: first starts ${times(app.firstStarts, (x) => x.servingMs)} ` +
        `(step by step: open ${seconds(first.openMs)}, read + load + insert ${seconds(first.readMs)}, ` +
        `buildCatalog ${seconds(first.buildMs)}, commit ${seconds(first.commitMs)}); ` +
        `without a database ${times(app.plainStarts, (x) => x.servingMs)}; ` +
        `restarts serving ${times(app.restarts, (x) => x.servingMs)}, reconciled ${times(app.restarts, reconciledMs)} ` +
        `(step by step: open ${seconds(restart.openMs)}, restore ${seconds(restart.restoreMs)}, ` +
        `buildCatalog ${seconds(restart.buildMs)}, reconcile ${seconds(restart.reconcileReadMs)} + ` +
        `${seconds(restart.reconcileBuildMs)} + ${seconds(restart.reconcileCommitMs)}, ${restart.reads} files read), ` +
        `listStore ${seconds(app.listMs)}, ` +
        Object.entries(app.phaseMs)
          .map(([name, value]) => `${name} ${seconds(value)}`)
          .join(', '),
    );
    if (app.problems > 0) {
      log(
        `WARNING: ${app.problems} problems in the synthetic store:\n  ${app.problemSamples.join('\n  ')}`,
      );
    }
    const loaded: LoadSizeResult = {
      size,
      load: [loadBefore, loadavg()[0] ?? NaN],
      written,
      app,
      kept: keep ? { size, dir: written.dir } : undefined,
    };
    if (options.only === 'load') return loaded;

    // The measuring process is done: the server under load is a fresh `npm start`, which has
    // done nothing but load, index and serve (and watch its store) when wrk reaches it.
    await stopChild(appChild);
    log(`${size} articles: starting the server as npm start does (a first start: no database)`);
    removeDatabase(databaseOf(written.dir));
    const server = await startServer(written.dir, databaseOf(written.dir));
    children.push(server.child);

    const path = `/sections/${BUSIEST_SECTION_SLUG}/rss.xml`;
    const ok = await record(server.port, path);
    const etag = etagIn(ok, path);
    const notModified = await record(server.port, path, { 'If-None-Match': etag });
    if (ok.status !== 200 || notModified.status !== 304) {
      throw new Error(`${path} answered ${ok.status}, then ${notModified.status} (ETag '${etag}')`);
    }

    const bareChild = startChild('server-bare.ts', {});
    children.push(bareChild);
    const bareReady = nextMessage<{ type: 'ready'; port: number }>(bareChild, 'ready', 60_000);
    bareChild.send({ type: 'replay', ok, notModified, etag } satisfies BareSpec);
    const bare = await bareReady;

    const servers: Record<Server, { child: ChildProcess; port: number }> = {
      bare: { child: bareChild, port: bare.port },
      app: server,
    };
    const c = options.connections;
    for (const server of ['bare', 'app'] as const) {
      pinServer(servers[server].child);
      await wrk(servers[server].port, path, 1, c); // JIT warm-up, not recorded
    }
    const runs: SizeResult['runs'] = { '200': { bare: [], app: [] }, '304': { bare: [], app: [] } };
    for (const answer of ['200', '304'] as const) {
      for (let rep = 0; rep < options.reps; rep += 1) {
        // Each repetition runs bare, app, app, bare: a drift of the machine's speed over the
        // repetition (other work, CPU frequency) weighs on both servers alike.
        for (const server of ['bare', 'app', 'app', 'bare'] as const) {
          const { child, port } = servers[server];
          const run = await measure(
            child,
            port,
            path,
            options.duration,
            c,
            answer === '304' ? etag : '',
          );
          runs[answer][server].push(run);
          log(
            `${size} articles: ${answer} ${server.padEnd(4)} ${Math.round(run.rps)} req/s, p50 ${run.p50.toFixed(2)} ms, p99 ${run.p99.toFixed(2)} ms`,
          );
        }
      }
    }
    const quick = Math.min(2, options.duration);
    const unloaded = {} as Record<Server, Run>;
    for (const server of ['bare', 'app'] as const) {
      unloaded[server] = await measure(servers[server].child, servers[server].port, path, quick, 1);
    }
    let bySize: SideBySide | undefined;
    if (compareWith) {
      await stopChild(bareChild); // idle, but it would share the server core
      log(`${size} articles: side by side with the ${compareWith.size}-article store`);
      bySize = await sideBySide({
        small: compareWith,
        large: { ...server, etag },
        path,
        rounds: 2 * options.reps,
        duration: options.duration,
        connections: c,
        log,
      });
    }
    return {
      ...loaded,
      load: [loadBefore, loadavg()[0] ?? NaN],
      path,
      bodyBytes: Buffer.from(ok.body, 'base64').length,
      runs,
      unloaded,
      bySize,
    };
  } finally {
    for (const child of children) await stopChild(child);
    // Deleting 100k files takes a while: it runs in the background, and the next size waits
    // for it only before its server starts reading.
    cleanup = Promise.all([
      cleanup,
      keep ? undefined : removeStore(written.dir),
      compareWith && removeStore(compareWith.dir),
    ]).then(() => {});
  }
}

async function removeStore(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  removeDatabase(databaseOf(dir));
}

// ---------------------------------------------------------------------------------------------

const options = parseOptions(process.argv.slice(2));
if (options.only === 'all' && !wrkInstalled()) {
  console.error('bench: wrk is not installed; install it with: apt-get install -y wrk');
  process.exit(2);
}
const results: (LoadSizeResult | SizeResult)[] = [];
// The first (smallest) store is kept until the last is done, for the side-by-side latencies.
const last = options.sizes.length - 1;
const sideBySideToo = options.only === 'all' && last > 0;
for (const [i, size] of options.sizes.entries()) {
  const compareWith = sideBySideToo && i === last ? results[0]?.kept : undefined;
  results.push(await benchSize(size, options, { keep: sideBySideToo && i === 0, compareWith }));
}
const text = report(results, options, performance.now() - started);
console.log(text);
if (options.out) {
  writeFileSync(options.out, text + '\n');
  log(`written to ${options.out}`);
}
await cleanup;
