// `npm run soak [-- --seconds 60 --connections 100]`: mixed traffic on loopback against the real
// Node entry (feeds of every format, 304 revalidations, compressed bodies, HTML pages, the
// browser view of a feed, 404s) while the store is edited (articles added, edited, broken,
// fixed and deleted every few hundred ms). Reports requests served, errors, latency and the
// server's memory at start and end; exits 1 on any 5xx, failed connection or cut-short body.
// With faults (the default): a section of huge articles, two swaps of the content folder behind
// its link, and a restart by SIGTERM halfway; requests refused while the server restarts are
// counted apart, a body cut short never is.
import { freePort } from './free-port.ts';
import {
  discoverPaths,
  get,
  looksComplete,
  RequestFailed,
  rssMb,
  type Paths,
} from './soak-client.ts';
import { StoreEditor } from './soak-editor.ts';
import { linkedStore, swapLinkedStore, writeHugeArticles } from './soak-faults.ts';
import { spawnServer, type StartedServer } from './start-command.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = new URL('..', import.meta.url).pathname;

export interface SoakOptions {
  seconds: number;
  connections: number;
  /** Milliseconds between two edits of the store. */
  editEveryMs: number;
  /** Where to copy the store from. */
  contentDir: string;
  /** Huge articles, two swaps of the linked content folder, a restart halfway. */
  faults: boolean;
  log: (line: string) => void;
}

export interface SoakReport {
  seconds: number;
  connections: number;
  requests: number;
  statuses: Record<string, number>;
  serverErrors: number;
  failedConnections: number;
  /** Requests refused or reset before any answer while the server restarted (a fault). */
  refusedInRestart: number;
  /** Exit codes of the restarts' SIGTERMs (faults). */
  restartExits: (number | null)[];
  swaps: number;
  incomplete: number;
  edits: number;
  reloads: number;
  /** Edits whose new title the site feed showed: how many, the longest wait, how many never. */
  visibleMs: { count: number; p50: number; max: number; missing: number };
  latencyMs: { p50: number; p99: number; max: number };
  rssMb: { start: number; end: number; peak: number };
  /** Exit code of the server after SIGTERM at the end. */
  exitCode: number | null;
  /** The first few failures, to read. */
  samples: string[];
}

const DEFAULTS: SoakOptions = {
  seconds: 60,
  connections: 100,
  editEveryMs: 300,
  contentDir: join(ROOT, 'content'),
  faults: true,
  log: (line) => console.log(line),
};

export async function runSoak(given: Partial<SoakOptions> = {}): Promise<SoakReport> {
  const options = { ...DEFAULTS, ...given };
  const root = mkdtempSync(join(tmpdir(), 'dateline-soak-'));
  const dir = linkedStore(root, options.contentDir);
  if (options.faults) writeHugeArticles(dir);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // A database of its own, beside the soak's store: never the newsroom's `.dateline/store.db`.
  const start = () =>
    spawnServer(
      {
        PORT: String(port),
        CONTENT_DIR: dir,
        SITE_URL: base,
        DATABASE_FILE: join(root, 'store.db'),
      },
      10_000,
    );
  const servers: Servers = { current: start(), start, root, stopped: [] };
  try {
    await servers.current.ready;
    const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
    const paths = await discoverPaths(agent, base);
    options.log(`soak: serving, ${paths.feeds.length} feeds, ${paths.pages.length} pages`);
    const report = await drive(options, agent, base, paths, dir, servers);
    if (process.env.SOAK_DEBUG) options.log(servers.current.stdout());
    agent.destroy();
    return report;
  } finally {
    servers.current.child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  }
}

/** The server being soaked, how to start it again, and the output of those stopped. */
interface Servers {
  current: StartedServer;
  start: () => StartedServer;
  root: string;
  stopped: string[];
}

async function drive(
  options: SoakOptions,
  agent: Agent,
  base: string,
  paths: Paths,
  dir: string,
  servers: Servers,
): Promise<SoakReport> {
  const statuses: Record<string, number> = {};
  const samples: string[] = [];
  const latencies: number[] = [];
  const etags = new Map<string, string>();
  let serverErrors = 0;
  let failedConnections = 0;
  let refusedInRestart = 0;
  let restarting = false;
  const restartExits: (number | null)[] = [];
  let swaps = 0;
  let incomplete = 0;
  let stop = false;
  const note = (text: string) => samples.length < 10 && samples.push(text);
  const noteFirst = (text: string) => samples.unshift(text);
  let stopping = false;
  const watchExit = (server: StartedServer) =>
    void server.exited.then((code) => {
      if (!stopping && !restarting)
        noteFirst(`the server exited (${code}) during the soak: ${server.stderr().slice(-2000)}`);
    });
  watchExit(servers.current);

  const rss: number[] = [];
  const sampleRss = () => {
    const value = rssMb(servers.current.child.pid);
    if (value !== undefined) rss.push(value);
  };
  sampleRss();
  const sampler = setInterval(sampleRss, 1000);

  async function one(n: number): Promise<void> {
    const roll = n % 20;
    let path: string;
    const headers: Record<string, string> = {};
    if (roll < 9) {
      path = pick(paths.feeds);
      const etag = etags.get(path);
      if (roll < 4 && etag) headers['If-None-Match'] = etag; // a reader revalidating
      if (roll === 5) headers['Accept-Encoding'] = 'gzip';
      if (roll === 6) headers['Accept-Encoding'] = 'br, gzip';
      if (roll === 7) headers['Accept'] = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';
    } else if (roll < 17) {
      path = pick(paths.pages);
      if (roll === 9) headers['Accept-Encoding'] = 'gzip';
    } else {
      path = pick(paths.missing);
    }
    const started = performance.now();
    try {
      const response = await get(agent, base + path, headers);
      latencies.push(performance.now() - started);
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      if (response.status >= 500) {
        serverErrors += 1;
        note(`${path}: ${response.status} ${response.body.slice(0, 200)}`);
      }
      if (response.status === 200) {
        if (response.etag && !headers['Accept-Encoding'] && !headers['Accept']) {
          etags.set(path, response.etag);
        }
        if (!response.encoded && !looksComplete(path, response.body, headers)) {
          incomplete += 1;
          note(`${path}: cut short (${response.body.length} bytes)`);
        }
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof RequestFailed && error.cut) {
        incomplete += 1;
        note(`${path}: cut short (${message})`);
      } else if (restarting) {
        refusedInRestart += 1;
        await new Promise((resolve) => setTimeout(resolve, 100)); // as a client would wait
      } else {
        failedConnections += 1;
        note(`${path}: ${message}`);
      }
    }
  }

  const started = Date.now();
  const clients = Array.from({ length: options.connections }, async (_, id) => {
    for (let n = id; !stop; n += options.connections) await one(n);
  });
  const editor = new StoreEditor(dir);
  // How long a new article takes to show in the site feed, under this load.
  const visibleAfter: number[] = [];
  const pending = new Map<string, { title: string; since: number }>();
  let probing = false;
  const probe = async () => {
    if (probing || pending.size === 0) return;
    probing = true;
    try {
      const feed = await get(agent, `${base}/feed.json`, {});
      const shown = new Set(
        (JSON.parse(feed.body) as { items: { title: string }[] }).items.map((i) => i.title),
      );
      for (const [name, { title, since }] of pending) {
        if (shown.has(title)) {
          visibleAfter.push(Date.now() - since);
          pending.delete(name);
        }
      }
    } catch {
      // counted with the other requests' failures, if the traffic sees any
    } finally {
      probing = false;
    }
  };
  const prober = setInterval(() => void probe(), 100);
  const edits = setInterval(() => {
    const { name, title } = editor.step();
    // An edit replaces the probe of the file's previous edit, which is no longer to be seen.
    if (title) pending.set(name, { title, since: Date.now() });
    else pending.delete(name);
  }, options.editEveryMs);
  const progress = setInterval(() => {
    const total = Object.values(statuses).reduce((a, b) => a + b, 0);
    options.log(
      `soak: ${Math.round((Date.now() - started) / 1000)} s, ${total} requests, ${serverErrors} 5xx, ${failedConnections} failed, RSS ${rss.at(-1)?.toFixed(0)} MB`,
    );
  }, 10_000);
  /** A restart by SIGTERM: the server drains and exits, and starts again on its database. */
  const restart = async () => {
    restarting = true;
    const old = servers.current;
    old.child.kill('SIGTERM');
    restartExits.push(await old.exited);
    servers.stopped.push(old.stdout());
    servers.current = servers.start();
    watchExit(servers.current);
    await servers.current.ready.catch((error: unknown) => noteFirst(String(error)));
    restarting = false;
  };
  const faults = options.faults
    ? [0.25, 0.5, 0.75].map((at, i) =>
        setTimeout(
          () => {
            if (i === 1) void restart();
            else swapLinkedStore(servers.root, (swaps += 1));
          },
          at * options.seconds * 1000,
        ),
      )
    : [];
  await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
  for (const fault of faults) clearTimeout(fault);
  while (restarting) await new Promise((resolve) => setTimeout(resolve, 50));
  stop = true;
  clearInterval(edits);
  clearInterval(prober);
  clearInterval(progress);
  await Promise.all(clients);
  sampleRss();
  clearInterval(sampler);

  stopping = true;
  const server = servers.current;
  server.child.kill('SIGTERM');
  let giveUp: ReturnType<typeof setTimeout> | undefined;
  const exitCode = await Promise.race([
    server.exited,
    new Promise<null>((resolve) => (giveUp = setTimeout(() => resolve(null), 15_000))),
  ]);
  clearTimeout(giveUp);

  latencies.sort((a, b) => a - b);
  const quantile = (q: number) =>
    latencies.length
      ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!
      : 0;
  // The first sample after a few seconds of traffic: the caches and the JIT are warm.
  const warm = rss[Math.min(rss.length - 1, 3)] ?? 0;
  return {
    seconds: options.seconds,
    connections: options.connections,
    requests: latencies.length + failedConnections,
    statuses,
    serverErrors,
    failedConnections,
    refusedInRestart,
    restartExits,
    swaps,
    incomplete,
    edits: editor.edits,
    reloads: [...servers.stopped, server.stdout()]
      .map((out) => (out.match(/dateline: reloaded/g) ?? []).length)
      .reduce((a, b) => a + b, 0),
    visibleMs: {
      count: visibleAfter.length,
      p50: visibleAfter.sort((a, b) => a - b)[Math.floor(visibleAfter.length / 2)] ?? 0,
      max: Math.max(0, ...visibleAfter),
      // Still not shown at the end, though added a while ago: counted as missing.
      missing: [...pending.values()].filter(({ since }) => Date.now() - since > 2000).length,
    },
    latencyMs: { p50: quantile(0.5), p99: quantile(0.99), max: latencies.at(-1) ?? 0 },
    rssMb: { start: warm, end: rss.at(-1) ?? 0, peak: Math.max(0, ...rss) },
    exitCode,
    samples,
  };
}

function pick<T>(list: readonly T[]): T {
  return list[Math.floor(Math.random() * list.length)]!;
}

export function formatReport(r: SoakReport): string {
  const statuses = Object.entries(r.statuses)
    .map(([status, count]) => `${status}: ${count}`)
    .join(', ');
  const growth = r.rssMb.end - r.rssMb.start;
  return [
    `soak: ${r.seconds} s, ${r.connections} connections, ${r.requests} requests (${Math.round(r.requests / r.seconds)}/s)`,
    `  statuses: ${statuses}`,
    `  errors: ${r.serverErrors} 5xx, ${r.failedConnections} failed connections, ${r.incomplete} bodies cut short`,
    `  latency: p50 ${r.latencyMs.p50.toFixed(1)} ms, p99 ${r.latencyMs.p99.toFixed(1)} ms, max ${r.latencyMs.max.toFixed(1)} ms`,
    `  store: ${r.edits} edits, ${r.reloads} reloads; ${r.visibleMs.count} edits seen in the site feed ${r.visibleMs.p50} ms after the write (median), ${r.visibleMs.max} ms at most, ${r.visibleMs.missing} not seen after 2 s`,
    `  server RSS: ${r.rssMb.start.toFixed(1)} MB after warm-up, ${r.rssMb.end.toFixed(1)} MB at the end (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB), peak ${r.rssMb.peak.toFixed(1)} MB`,
    `  faults: ${r.swaps} swaps of the linked folder, restarts exiting ${JSON.stringify(r.restartExits)}, ${r.refusedInRestart} requests refused while restarting`,
    `  shutdown on SIGTERM: exit ${r.exitCode}`,
    ...r.samples.map((s) => `  failure: ${s}`),
  ].join('\n');
}

export function soakPassed(r: SoakReport): boolean {
  return (
    r.serverErrors === 0 &&
    r.failedConnections === 0 &&
    r.incomplete === 0 &&
    r.exitCode === 0 &&
    r.restartExits.every((code) => code === 0)
  );
}

function argument(name: string): number | undefined {
  const args = process.argv.slice(2);
  const at = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (at < 0) return undefined;
  const raw = args[at]!.includes('=') ? args[at]!.split('=')[1] : args[at + 1];
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} wants a positive number`);
  return value;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const report = await runSoak({
    seconds: argument('seconds') ?? DEFAULTS.seconds,
    connections: argument('connections') ?? DEFAULTS.connections,
  });
  console.log(formatReport(report));
  process.exitCode = soakPassed(report) ? 0 : 1;
}
