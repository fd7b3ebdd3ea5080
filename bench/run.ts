// `npm run bench`: how fast dateline loads, renders and serves a synthetic store of 1k, 10k and
// 100k articles. A benchmark, not a test: it asserts nothing, it reports (bench/RESULTS.md).
//
//   node --expose-gc --import tsx bench/run.ts [--sizes 1000,10000,100000] [--duration 10]
//        [--connections 50] [--reps 2] [--render-runs 200] [--out bench/RESULTS.md]
//
// For each size: the store is generated (seeded, reproducible) and written to a temporary
// folder; a child process loads it as the Node server does (readStore + buildCatalog) and
// times restarts and cold renders against the `feed` package; then `npm start`'s own process
// (src/node.ts, its flags and environment) serves it, started fresh, and a second child is a
// bare node:http server replaying that server's exact answer for the same URL. wrk (Debian
// package `wrk`) loads each in turn, bare and app alternating, on 127.0.0.1.
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../scripts/free-port.ts';
import { spawnServer, startCommand } from '../scripts/start-command.ts';
import { FEED_PACKAGE_RUNS, FIRST_RENDER_ROUNDS, type FormatResult } from './render-bench.ts';
import { restartTotal } from './restart-load.ts';
import type { AppReady } from './server-app.ts';
import type { BareSpec, Recorded } from './server-bare.ts';
import { BUSIEST_SECTION_SLUG, DEFAULT_SEED, syntheticArticle } from './synthetic-store.ts';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  sizes: number[];
  duration: number;
  connections: number;
  reps: number;
  renderRuns: number;
  out: string;
}

function parseOptions(argv: string[]): Options {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument '${arg}'`);
    const [, name = '', inline] = match;
    values.set(name, inline ?? argv[(i += 1)] ?? '');
  }
  const known = ['sizes', 'duration', 'connections', 'reps', 'render-runs', 'out'];
  for (const name of values.keys()) {
    if (!known.includes(name))
      throw new Error(`unknown option --${name}; known: --${known.join(', --')}`);
  }
  const count = (text: string) => {
    const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
    const factor = { '': 1, k: 1e3, m: 1e6 }[match?.[2]?.toLowerCase() ?? ''] ?? NaN;
    const value = match ? Math.round(Number(match[1]) * factor) : NaN;
    if (!(value >= 1)) throw new Error(`'${text}' is not a positive number`);
    return value;
  };
  return {
    sizes: (values.get('sizes') ?? '1000,10000,100000').split(',').map(count),
    duration: count((values.get('duration') ?? '10').replace(/s$/, '')),
    connections: count(values.get('connections') ?? '50'),
    reps: count(values.get('reps') ?? '2'),
    renderRuns: count(values.get('render-runs') ?? '200'),
    out: values.get('out') ?? join(BENCH_DIR, 'RESULTS.md'),
  };
}

// ---------------------------------------------------------------------------------------------
// Child processes

const TSX = import.meta.resolve('tsx');
/** What `npm start` sets in the server's environment and node's flags: both servers get them. */
const START = startCommand();
const START_ENV = START.env;

function startChild(script: string, env: Record<string, string>): ChildProcess {
  return fork(join(BENCH_DIR, script), [], {
    execArgv: ['--expose-gc', ...START.flags, '--import', TSX],
    env: { ...process.env, ...START_ENV, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The next IPC message of `type` from `child`; rejects if the child exits first. */
function nextMessage<T extends { type: string }>(
  child: ChildProcess,
  type: T['type'],
  timeoutMs = 15 * 60_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      clearTimeout(timer);
    };
    const onMessage = (message: { type?: string }) => {
      if (message.type !== type) return;
      done();
      resolve(message as T);
    };
    const onExit = (code: number | null, signal: string | null) => {
      done();
      reject(new Error(`child process exited (${signal ?? code}) before '${type}'`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no '${type}' from the child process in ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/**
 * The Node server as `npm start` runs it (src/node.ts: the same node flags, environment and
 * entry), on `dir`, with a saved index of its own (none yet: a first start, helper thread
 * and all). Resolves once it says it is serving.
 */
async function startServer(
  dir: string,
  indexFile: string,
): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const server = spawnServer({
    CONTENT_DIR: dir,
    PORT: String(port),
    SITE_URL: `http://127.0.0.1:${port}`,
    INDEX_CACHE: indexFile,
  });
  await server.ready;
  return { child: server.child, port };
}

/** Clock ticks a second, the unit of /proc/<pid>/stat's CPU times. */
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/**
 * CPU time (µs) the child has used so far, every thread, in user space and in the kernel,
 * from /proc (Linux): read from outside, so that measuring asks nothing of the server.
 */
async function cpuOf(child: ChildProcess): Promise<{ user: number; system: number }> {
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  // The fields after the command name, which is in parentheses and may hold spaces:
  // utime and stime are the 14th and 15th fields of the line (proc(5)).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const toMicroseconds = (ticks: string | undefined) => (Number(ticks) * 1e6) / CLOCK_TICKS;
  return { user: toMicroseconds(fields[11]), system: toMicroseconds(fields[12]) };
}

// ---------------------------------------------------------------------------------------------
// The store on disk

interface Written {
  dir: string;
  generateMs: number;
  writeMs: number;
  bytes: number;
  /** Date.now() after the last file was written. */
  finishedAt: number;
}

/** Generates the store one article at a time (constant memory) into a new temporary folder. */
function writeStore(size: number): Written {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-bench-'));
  const folders = new Set<string>();
  let generateMs = 0;
  let writeMs = 0;
  let bytes = 0;
  for (let i = 0; i < size; i += 1) {
    let start = performance.now();
    const { path, text } = syntheticArticle(i, DEFAULT_SEED);
    generateMs += performance.now() - start;
    start = performance.now();
    const full = join(dir, path);
    const folder = dirname(full);
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    const encoded = Buffer.from(text, 'utf8');
    writeFileSync(full, encoded);
    bytes += encoded.length;
    writeMs += performance.now() - start;
  }
  return { dir, generateMs, writeMs, bytes, finishedAt: Date.now() };
}

// ---------------------------------------------------------------------------------------------
// HTTP

/** One raw GET on loopback (no Accept-Encoding, like wrk), recorded for replay. */
function record(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<Recorded> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i] ?? '';
          // The replaying server writes its own Date and connection headers.
          if (/^(date|connection|keep-alive|transfer-encoding)$/i.test(name)) continue;
          pairs.push([name, res.rawHeaders[i + 1] ?? '']);
        }
        resolve({
          status: res.statusCode ?? 0,
          headers: pairs,
          body: Buffer.concat(chunks).toString('base64'),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

interface WrkSummary {
  requests: number;
  duration_us: number;
  bytes: number;
  p50_us: number;
  p90_us: number;
  p99_us: number;
  mean_us: number;
  max_us: number;
  connect: number;
  read: number;
  write: number;
  status: number;
  timeout: number;
}

/**
 * Where wrk and the servers run: on a machine of two cores or more with taskset (util-linux),
 * wrk on the first core and the server under load on the last, so that neither takes CPU
 * from the other and the scheduler cannot move them around between runs; both servers get
 * the same core. Without taskset, everything shares all cores.
 */
const PINNING: { wrk: number; server: number } | undefined =
  cpus().length >= 2 && !spawnSync('taskset', ['-V']).error
    ? { wrk: 0, server: cpus().length - 1 }
    : undefined;

/** Moves every thread of a running server onto the server core (after its load is measured). */
function pinServer(child: ChildProcess): void {
  if (!PINNING || child.pid === undefined) return;
  const result = spawnSync('taskset', [
    '-a',
    '-p',
    '-c',
    String(PINNING.server),
    String(child.pid),
  ]);
  if (result.status !== 0) throw new Error(`taskset failed: ${result.stderr?.toString()}`);
}

function wrk(
  port: number,
  path: string,
  seconds: number,
  connections: number,
  ifNoneMatch = '',
): Promise<WrkSummary> {
  return new Promise((resolve, reject) => {
    const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency'];
    args.push('-s', join(BENCH_DIR, 'wrk-report.lua'), `http://127.0.0.1:${port}${path}`);
    const [command, ...rest] = PINNING ? ['taskset', '-c', String(PINNING.wrk), 'wrk'] : ['wrk'];
    const child = spawn(command ?? 'wrk', [...rest, ...args], {
      env: { ...process.env, WRK_IF_NONE_MATCH: ifNoneMatch },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('WRK_JSON '));
      if (code !== 0 || !line) reject(new Error(`wrk failed (${code}):\n${out}`));
      else resolve(JSON.parse(line.slice('WRK_JSON '.length)) as WrkSummary);
    });
  });
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  /** Server CPU time per request, µs: user + system, and the system (kernel) part alone. */
  cpuPerRequest: number;
  systemPerRequest: number;
  /** Server CPU time over wall time: 1 is one core busy the whole run (the server is the limit). */
  cpuShare: number;
  bytesPerResponse: number;
  errors: number;
}

async function measure(
  child: ChildProcess,
  port: number,
  path: string,
  seconds: number,
  connections: number,
  ifNoneMatch = '',
): Promise<Run> {
  const cpuBefore = await cpuOf(child);
  const s = await wrk(port, path, seconds, connections, ifNoneMatch);
  const cpuAfter = await cpuOf(child);
  const system = cpuAfter.system - cpuBefore.system;
  const cpu = cpuAfter.user - cpuBefore.user + system;
  return {
    rps: s.requests / (s.duration_us / 1e6),
    p50: s.p50_us / 1000,
    p99: s.p99_us / 1000,
    cpuPerRequest: cpu / Math.max(1, s.requests),
    systemPerRequest: system / Math.max(1, s.requests),
    cpuShare: cpu / s.duration_us,
    bytesPerResponse: s.bytes / Math.max(1, s.requests),
    errors: s.connect + s.read + s.write + s.status + s.timeout,
  };
}

// ---------------------------------------------------------------------------------------------
// One size

type Server = 'bare' | 'app';
type Answer = '200' | '304';

interface SizeResult {
  size: number;
  /** 1-minute load average when this size started and when it ended: other work on the machine. */
  load: [number, number];
  written: Written;
  app: AppReady;
  path: string;
  bodyBytes: number;
  runs: Record<Answer, Record<Server, Run[]>>;
  unloaded: Record<Server, Run>;
}

const started = performance.now();
const log = (message: string) =>
  process.stderr.write(
    `bench [${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s]: ${message}\n`,
  );

/** The median restart from the saved index: restore, readStore, buildCatalog. */
function restartMs(r: SizeResult): number {
  return restartTotal(r.app.restart);
}

/** Every restart's total, lowest to highest. */
function restartRange(r: SizeResult): string {
  return r.app.restarts.map((x) => seconds(restartTotal(x))).join(', ');
}

/** The removal of the previous size's store folder, under way. */
let cleanup: Promise<void> = Promise.resolve();
/** Where the server under load saves its index: beside the store, removed with it. */
const servedIndexFile = (dir: string) => `${dir}-index.jsonl`;

async function benchSize(
  size: number,
  options: Options,
  /** The feed package is compared once: its speed does not depend on the store's size. */
  compareFeedPackage: boolean,
): Promise<SizeResult> {
  const loadBefore = loadavg()[0] ?? NaN;
  log(`${size} articles: generating and writing the store (load average ${loadBefore.toFixed(2)})`);
  const written = writeStore(size);
  const children: ChildProcess[] = [];
  try {
    await cleanup;
    // A file changed less than 2 s before a read is never trusted by its stamp, so a saved
    // index would not spare reading it (src/store/fs-store.ts). A newsroom's archive is older.
    const young = written.finishedAt + 2_100 - Date.now();
    if (young > 0) await new Promise((resolve) => setTimeout(resolve, young));
    log(
      `${size} articles: loading it in the app server (readStore + buildCatalog), then a restart`,
    );
    const appChild = startChild('server-app.ts', {
      BENCH_DIR: written.dir,
      BENCH_SECTION: BUSIEST_SECTION_SLUG,
      BENCH_RENDER_RUNS: String(options.renderRuns),
      BENCH_FEED_PACKAGE: compareFeedPackage ? '1' : '0',
    });
    children.push(appChild);
    const app = await nextMessage<AppReady>(appChild, 'ready');
    log(
      `${size} articles: read and loaded ${seconds(app.readMs)}, indexed ${seconds(app.indexMs)}, ` +
        `restarts ${app.restarts.map((x) => seconds(restartTotal(x))).join(', ')} ` +
        `(${app.restart.reads} files read), listStore ${seconds(app.listMs)}, ` +
        Object.entries(app.phaseMs)
          .map(([name, value]) => `${name} ${seconds(value)}`)
          .join(', '),
    );
    if (app.problems > 0) {
      log(
        `WARNING: ${app.problems} problems in the synthetic store:\n  ${app.problemSamples.join('\n  ')}`,
      );
    }

    // The measuring process is done: the server under load is a fresh `npm start`, which has
    // done nothing but load, index and serve (and watch its store) when wrk reaches it.
    await stopChild(appChild);
    log(`${size} articles: starting the server as npm start does (a first start)`);
    const server = await startServer(written.dir, servedIndexFile(written.dir));
    children.push(server.child);

    const path = `/sections/${BUSIEST_SECTION_SLUG}/rss.xml`;
    const ok = await record(server.port, path);
    const etag = ok.headers.find(([name]) => name.toLowerCase() === 'etag')?.[1] ?? '';
    const notModified = await record(server.port, path, { 'If-None-Match': etag });
    if (ok.status !== 200 || notModified.status !== 304 || !etag) {
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
    return {
      size,
      load: [loadBefore, loadavg()[0] ?? NaN],
      written,
      app,
      path,
      bodyBytes: Buffer.from(ok.body, 'base64').length,
      runs,
      unloaded,
    };
  } finally {
    for (const child of children) await stopChild(child);
    // Deleting 100k files takes a while: it runs in the background, and the next size waits
    // for it only before its server starts reading.
    cleanup = Promise.all([
      rm(written.dir, { recursive: true, force: true }),
      rm(servedIndexFile(written.dir), { force: true }),
    ]).then(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const MiB = 1024 * 1024;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};
const ms = (value: number) =>
  value >= 100
    ? `${Math.round(value)} ms`
    : value >= 10
      ? `${value.toFixed(1)} ms`
      : `${value.toFixed(3)} ms`;
const seconds = (value: number) => (value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : ms(value));
const mib = (bytes: number) => `${(bytes / MiB).toFixed(bytes >= 100 * MiB ? 0 : 1)} MiB`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const int = (value: number) => Math.round(value).toLocaleString('en-US');
const ratio = (value: number) => `${value.toFixed(2)}×`;
const sizeName = (size: number) =>
  size >= 1e6 && size % 1e6 === 0
    ? `${size / 1e6}M`
    : size >= 1000 && size % 1000 === 0
      ? `${size / 1000}k`
      : String(size);
const cpuText = (total: number, system: number) =>
  `${total.toFixed(1)} µs (${(total - system).toFixed(1)} user, ${system.toFixed(1)} sys)`;
const met = (ok: boolean) => (ok ? 'yes' : '**no**');

function table(header: string[], rows: string[][]): string {
  const lines = [header, header.map(() => '---'), ...rows].map(
    (cells) => `| ${cells.join(' | ')} |`,
  );
  return lines.join('\n');
}

function report(results: SizeResult[], options: Options, totalMs: number): string {
  const cpu = cpus();
  const first = results[0];
  const last = results[results.length - 1];
  if (!first || !last) return '';
  const rpsOf = (r: SizeResult, answer: Answer, server: Server) =>
    median(r.runs[answer][server].map((x) => x.rps));
  const cpuOfRuns = (r: SizeResult, answer: Answer, server: Server) =>
    median(r.runs[answer][server].map((x) => x.cpuPerRequest));
  const p50Of = (r: SizeResult, answer: Answer, server: Server) =>
    median(r.runs[answer][server].map((x) => x.p50));
  /** app / bare throughput of each app run and the bare run next to it (bare, app | app, bare). */
  const pairRatios = (r: SizeResult, answer: Answer) =>
    r.runs[answer].app.map((x, i) => x.rps / (r.runs[answer].bare[i]?.rps ?? NaN));
  const out: string[] = [];

  out.push('# dateline benchmark results', '');
  out.push(
    `Written by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString()}. A report, not a test: nothing is asserted.`,
    '',
    `- Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${process.platform} ${process.arch}`,
    `- Node ${process.version}; wrk ${wrkVersion()}; ${pinningText(cpu.length)}`,
    `- Both servers run with the environment \`npm start\` sets: ${
      Object.entries(START_ENV)
        .map(([name, value]) => `\`${name}=${value}\``)
        .join(', ') || 'none'
    } (glibc's malloc: a freed page buffer is kept for the next one, not handed back and faulted in again)`,
    `- Options: sizes ${options.sizes.map(sizeName).join(', ')}; wrk -t1 -c${options.connections} -d${options.duration}s, ${2 * options.reps} runs per server and answer (${options.reps} × bare, app, app, bare), median reported; cold renders: median of ${options.renderRuns}`,
    `- Store: synthetic, seed 0x${DEFAULT_SEED.toString(16)} (bench/synthetic-store.ts): 8 sections, 5,000 Zipf tags, 1–6 tags an article, 2–6 KB bodies with Arabic, 90 % .txt dispatches, 10 % .md`,
    `- Whole run: ${(totalMs / 1000).toFixed(0)} s. 1-minute load average at the start / end of each size: ${results.map((r) => `${sizeName(r.size)} ${r.load[0].toFixed(2)} / ${r.load[1].toFixed(2)}`).join('; ')} (wrk and the server account for about 2; more means other work shared the cores)`,
    '',
  );

  // Targets
  const targets: string[][] = [];
  for (const r of results) {
    for (const answer of ['200', '304'] as const) {
      const value = rpsOf(r, answer, 'app') / rpsOf(r, answer, 'bare');
      const pairs = pairRatios(r, answer);
      targets.push([
        `warm feed requests (${answer}), ${sizeName(r.size)} store: app / bare node:http throughput`,
        `${ratio(value)} (run pairs ${ratio(Math.min(...pairs))} to ${ratio(Math.max(...pairs))}; server CPU per request: app ${ratio(cpuOfRuns(r, answer, 'app') / cpuOfRuns(r, answer, 'bare'))} bare's)`,
        '≥ 0.90×',
        met(value >= 0.9),
      ]);
    }
  }
  // Two rows a format: a render-cache miss is cold for the page, but its items may or may not
  // have been rendered (by another feed) before; both are reported and judged.
  const stores = results.map((r) => sizeName(r.size)).join(' / ');
  for (const format of ['rss', 'atom', 'json'] as const) {
    for (const [what, pick] of [
      ['items rendered by another feed before', (f: FormatResult) => f.cachedItems.median],
      ['first render of its items', (f: FormatResult) => f.ours.median],
    ] as const) {
      const values = results.map((r) => {
        const found = r.app.render.find((f) => f.format === format);
        return found ? pick(found) : NaN;
      });
      targets.push([
        `cold render of a 50-item ${format} page, ${what} (median; ${stores} store)`,
        values.map(ms).join(' / '),
        '≤ 0.5 ms',
        met(values.every((v) => v <= 0.5)),
      ]);
    }
  }
  const scale =
    last.size === 100_000 ? '' : ` (target is for 100k; largest run: ${sizeName(last.size)})`;
  targets.push(
    [
      `${sizeName(last.size)} store loaded and indexed, first start (no saved index): readStore + buildCatalog${scale}`,
      seconds(last.app.readMs + last.app.indexMs),
      '≤ 5 s',
      met(last.app.readMs + last.app.indexMs <= 5000),
    ],
    [
      `${sizeName(last.size)} store loaded and indexed, restart from the saved index: restore + readStore + buildCatalog${scale}`,
      `${seconds(restartMs(last))} (median of ${last.app.restarts.length} fresh processes: ${restartRange(last)}; ${int(last.app.restart.reads)} files read)`,
      '≤ 5 s',
      met(restartMs(last) <= 5000),
    ],
    [
      `${sizeName(last.size)} store: peak RSS of the server process once loaded (VmHWM)${scale}`,
      mib(last.app.peakRssBytes),
      '< 1 GiB',
      met(last.app.peakRssBytes < 1024 * MiB),
    ],
  );
  for (const answer of ['200', '304'] as const) {
    const a = p50Of(first, answer, 'app');
    const b = p50Of(last, answer, 'app');
    targets.push([
      `p50 latency (${answer}, c${options.connections}), ${sizeName(last.size)} vs ${sizeName(first.size)} store`,
      `${ms(b)} vs ${ms(a)} (${b >= a ? '+' : ''}${((b / a - 1) * 100).toFixed(1)} %)`,
      '≤ +10 %',
      met(b <= a * 1.1),
    ]);
  }
  {
    const a = first.unloaded.app.p50;
    const b = last.unloaded.app.p50;
    targets.push([
      `p50 latency (200, one connection, unloaded), ${sizeName(last.size)} vs ${sizeName(first.size)} store`,
      `${ms(b)} vs ${ms(a)} (${b >= a ? '+' : ''}${((b / a - 1) * 100).toFixed(1)} %)`,
      '≤ +10 %',
      met(b <= a * 1.1),
    ]);
  }
  out.push('## Targets', '', table(['what', 'measured', 'target', 'met?'], targets), '');

  // Load
  out.push(
    '## Loading and indexing the store',
    '',
    `Each size is generated and written to a temporary folder by the parent, which then waits until every file is over 2 s old (younger files are never trusted by their stamp). A fresh server process loads it as \`npm start\` does: \`readStore\` reads the files in batches into one reused 8 MiB buffer and loads each batch, and past the first 1,000 files shares them out with helper threads (\`LOAD_THREADS\`: ${results[0]?.app.loadThreads ?? 0} here; page cache warm: the files were just written), then \`buildCatalog\` indexes the articles. It saves the index (\`.dateline-index.jsonl\`), and three more fresh processes restart from it in turn: restore, an lstat of every file, and the catalog (the median is shown, and every total). Memory is \`heapUsed + arrayBuffers\` after a full GC; "catalog only" is after dropping the read (the store keeps no file\'s bytes: a body is read again from its file when first needed). "contentHtml / article" is what a body costs as HTML once made (estimated from every 20th article); the store does not keep it. \`listStore\` is one pass of the fingerprint \`watchStore\` polls (while every folder is watched, every 10 s or 50 times the duration of the last pass, whichever is longer).`,
    '',
    table(
      [
        'articles',
        'files on disk',
        'generate',
        'write',
        'readStore (read + load)',
        'buildCatalog',
        'per article',
        'saved index: write, size',
        'restart: restore, readStore, buildCatalog',
        'restart peak RSS',
        'listStore',
        'peak RSS',
        'RSS, catalog only',
        'heap / article, read + catalog',
        'heap / article, catalog only',
        'contentHtml / article',
        'problems',
      ],
      results.map((r) => [
        int(r.app.articles),
        mib(r.written.bytes),
        seconds(r.written.generateMs),
        seconds(r.written.writeMs),
        seconds(r.app.readMs),
        seconds(r.app.indexMs),
        `${(((r.app.readMs + r.app.indexMs) * 1000) / r.app.articles).toFixed(0)} µs`,
        `${seconds(r.app.saveMs)}, ${mib(r.app.indexFileBytes)}`,
        `${seconds(r.app.restart.restoreMs)} + ${seconds(r.app.restart.readMs)} + ${seconds(r.app.restart.indexMs)} = ${seconds(restartMs(r))} (all: ${restartRange(r)})`,
        mib(r.app.restart.peakRssBytes),
        seconds(r.app.listMs),
        mib(r.app.peakRssBytes),
        mib(r.app.rssCatalogBytes),
        kib((r.app.heapWithFilesBytes - r.app.heapBaseBytes) / r.app.articles),
        kib((r.app.heapCatalogBytes - r.app.heapBaseBytes) / r.app.articles),
        kib(r.app.contentHtmlBytes / r.app.articles),
        String(r.app.problems),
      ]),
    ),
    '',
  );

  // Render
  const renderRows: string[][] = [];
  for (const r of results) {
    for (const f of r.app.render) {
      renderRows.push([
        sizeName(r.size),
        f.format,
        ms(f.ours.median),
        ms(f.ours.p90),
        ms(f.firstSight.median),
        ms(f.cachedItems.median),
        ms(f.cachedItems.p90),
        ms(f.representation.median),
        f.feedPackage ? ms(f.feedPackage.median) : '–',
        f.feedPackage ? ratio(f.feedPackage.median / f.ours.median) : '–',
        kib(f.bytes),
        f.feedBytes === undefined ? '–' : kib(f.feedBytes),
      ]);
    }
  }
  out.push(
    '## Cold render of one 50-item feed page',
    '',
    `Page 1 of \`/sections/${BUSIEST_SECTION_SLUG}/\` (${last.app.sectionArticles.toLocaleString('en-US')} articles in the largest store). dateline renders a page as UTF-8 bytes, its items from an item cache shared by every feed (\`renderFeedBytes\`, over a fresh \`buildFeedView\` each run). "First render": the item cache emptied before each run, so every item is rendered and encoded; the bodies are made already (the last 512 made stay made, as HTML and UTF-8), as when another page or the article's own page showed them. Its runs are made in ${FIRST_RENDER_ROUNDS} rounds a second apart, the three formats in turn in each, so that a slow spell of the machine slows a few runs of every format rather than all runs of one. "Bodies made too": the made bodies forgotten as well, so each of the 50 bodies is read again from its file, parsed and sanitized: an article's very first sight, which the store defers from load to first use (median of ${Math.min(options.renderRuns, 50)}). "Items cached": a render-cache miss whose items another feed (the same scope at twice the limit) rendered already: head, tail and a copy of the item bytes. "SHA-256" is \`createRepresentation\` over those bytes (the ETag digest; no TextEncoder any more), the rest of a cache miss. \`feed\` 6.0.0: \`rss2()/atom1()/json1()\` of a fresh \`Feed\` holding the same 50 items (fixed dates), built outside the timer; median of ${Math.min(options.renderRuns, FEED_PACKAGE_RUNS)}, measured once, on the first store (its speed does not depend on the store's size).`,
    '',
    table(
      [
        'store',
        'format',
        'first render median',
        'first render p90',
        'bodies made too, median',
        'items cached median',
        'items cached p90',
        'SHA-256 of the bytes',
        'feed 6.0.0 median',
        'feed / first render',
        'dateline bytes',
        'feed bytes',
      ],
      renderRows,
    ),
    '',
  );

  // Serving
  const serveRows: string[][] = [];
  for (const r of results) {
    for (const answer of ['200', '304'] as const) {
      for (const server of ['bare', 'app'] as const) {
        const runs = r.runs[answer][server];
        serveRows.push([
          sizeName(r.size),
          answer,
          server === 'app' ? 'dateline' : 'bare node:http',
          `**${int(rpsOf(r, answer, server))}**`,
          runs.map((x) => int(x.rps)).join(', '),
          ms(median(runs.map((x) => x.p50))),
          ms(median(runs.map((x) => x.p99))),
          cpuText(
            median(runs.map((x) => x.cpuPerRequest)),
            median(runs.map((x) => x.systemPerRequest)),
          ),
          `${Math.round(100 * median(runs.map((x) => x.cpuShare)))} %`,
          int(median(runs.map((x) => x.bytesPerResponse))),
          String(runs.reduce((n, x) => n + x.errors, 0)),
          server === 'app' ? ratio(rpsOf(r, answer, 'app') / rpsOf(r, answer, 'bare')) : '',
          server === 'app' ? pairRatios(r, answer).map(ratio).join(', ') : '',
          server === 'app' ? ratio(cpuOfRuns(r, answer, 'app') / cpuOfRuns(r, answer, 'bare')) : '',
        ]);
      }
    }
  }
  out.push(
    '## Warm serving of a section feed',
    '',
    `\`GET ${first.path}\` (cached after the first request; no Accept-Encoding, so identity; ${kib(last.bodyBytes)} body in the largest store) with wrk -t1 -c${options.connections} -d${options.duration}s on 127.0.0.1 (${pinningText(cpus().length)}); each repetition runs bare, app, app, bare, and "each run pair" divides each app run by the bare run next to it; 304 rows send \`If-None-Match\` with the ETag. "dateline" is \`npm start\`'s own process (src/node.ts, with its node flags and environment), started afresh on the store once the measuring process is done: a first start (its helper thread included), watching its store, nothing else run in it; "bare node:http" replays the app's recorded answer (status, headers, body) for the same URL; both listen as \`npm start\` does (no host: \`::\`, taking IPv4 too). Server CPU per request is the server process's CPU time over the run (user: JavaScript, GC and Node; sys: the kernel, mostly the loopback TCP send) divided by the requests; "server CPU use" is that CPU time over the run's wall time (100 % = one core busy throughout: the server is the bottleneck; well under it, wrk or the loopback copy is).`,
    '',
    table(
      [
        'store',
        'answer',
        'server',
        'req/s (median)',
        'runs',
        'p50',
        'p99',
        'server CPU / request',
        'server CPU use',
        'bytes / response',
        'errors',
        'app / bare req/s',
        'app / bare, each run pair',
        'app / bare CPU / request',
      ],
      serveRows,
    ),
    '',
    'Unloaded latency (wrk -t1 -c1, one connection, back-to-back requests):',
    '',
    table(
      ['store', 'server', 'req/s', 'p50', 'p99', 'server CPU / request', 'server CPU use'],
      results.flatMap((r) =>
        (['bare', 'app'] as const).map((server) => {
          const run = r.unloaded[server];
          return [
            sizeName(r.size),
            server === 'app' ? 'dateline' : 'bare node:http',
            int(run.rps),
            ms(run.p50),
            ms(run.p99),
            cpuText(run.cpuPerRequest, run.systemPerRequest),
            `${Math.round(100 * run.cpuShare)} %`,
          ];
        }),
      ),
    ),
    '',
  );
  return out.join('\n');
}

function pinningText(cores: number): string {
  return PINNING
    ? `wrk pinned to CPU ${PINNING.wrk} and the server under load to CPU ${PINNING.server} (taskset, every thread), the same core for both servers; other processes were not kept off either core`
    : `load generator and server on the same ${cores} cores (no taskset)`;
}

function wrkVersion(): string {
  const result = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  return /wrk (\S+)/.exec(`${result.stdout}${result.stderr}`)?.[1] ?? 'unknown';
}

// ---------------------------------------------------------------------------------------------

const options = parseOptions(process.argv.slice(2));
if (spawnSync('wrk', ['-v']).error) {
  console.error('bench: wrk is not installed; install it with: apt-get install -y wrk');
  process.exit(2);
}
const results: SizeResult[] = [];
for (const [i, size] of options.sizes.entries())
  results.push(await benchSize(size, options, i === 0));
const text = report(results, options, performance.now() - started);
writeFileSync(options.out, text + '\n');
console.log(text);
log(`written to ${options.out}`);
await cleanup;
