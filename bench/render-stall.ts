// `npm run bench:stall`: how long /healthz waits while ten of the largest pages render (issue
// 25). A store of content/ plus 40 dispatches of about 2 MB in one section, served by
// `npm start`; ten pages of that section (one article each, about 2.7 MB) are asked for at
// once, three times (first renders, then gzip and br of the same), while another process
// polls /healthz every 5 ms on one keep-alive connection. Prints the poll's latencies.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../scripts/free-port.ts';
import { writeHugeArticles } from '../scripts/soak-faults.ts';
import { spawnServer } from '../scripts/start-command.ts';

const ROOT = new URL('..', import.meta.url).pathname;

/** GET one path; resolves with the body's length once it has all been read. */
function get(port: number, path: string, headers: Record<string, string>, agent?: Agent) {
  return new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent }, (response) => {
      let length = 0;
      response.on('data', (chunk: Buffer) => (length += chunk.length));
      response.on('end', () => resolve(length));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The poller's side: /healthz every 5 ms until stdin closes, then the latencies as JSON. */
async function poll(port: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  /** [wall-clock start, latency] of each poll. */
  const latencies: [number, number][] = [];
  let done = false;
  process.stdin.on('data', () => undefined).on('end', () => (done = true));
  while (!done) {
    const [wall, start] = [Date.now(), performance.now()];
    await get(port, '/healthz', {}, agent);
    latencies.push([wall, performance.now() - start]);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  process.stdout.write(JSON.stringify(latencies));
  process.exit(0);
}

function writeStore(dir: string): void {
  cpSync(join(ROOT, 'content'), dir, { recursive: true });
  writeHugeArticles(dir, 40, 1300);
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'dateline-stall-'));
  writeStore(join(work, 'content'));
  const port = await freePort();
  const server = spawnServer({
    CONTENT_DIR: join(work, 'content'),
    PORT: String(port),
    DATABASE_FILE: join(work, 'store.db'),
  });
  try {
    await server.ready;
    await new Promise((resolve) => setTimeout(resolve, 3000)); // the start's own work settles
    const poller = spawn(
      process.execPath,
      ['--import', 'tsx', new URL(import.meta.url).pathname, '--poll', String(port)],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    let out = '';
    poller.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise((resolve) => poller.on('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pages = ['rss.xml', 'atom.xml', 'feed.json']
      .flatMap((file) => [1, 2, 3, 4].map((n) => (n === 1 ? file : `page/${n}/${file}`)))
      .slice(0, 10)
      .map((file) => `/sections/huge/${file}`);
    const phases: [string, number, number][] = [];
    for (const coding of ['identity', 'gzip', 'br']) {
      const start = performance.now();
      const wall = Date.now();
      const sizes = await Promise.all(
        pages.map((path) => get(port, path, { 'Accept-Encoding': coding })),
      );
      const ms = (performance.now() - start).toFixed(0);
      phases.push([coding, wall, Date.now()]);
      console.log(`ten pages, ${coding}: ${ms} ms, ${Math.min(...sizes)}-${Math.max(...sizes)} B`);
    }
    poller.stdin.end();
    await exited;
    const polls = JSON.parse(out) as [number, number][];
    const summary = (name: string, list: number[]) => {
      const sorted = [...list].sort((x, y) => x - y);
      const q = (f: number) =>
        sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))] ?? NaN;
      console.log(
        `/healthz ${name}: ${sorted.length} polls, p50 ${q(0.5).toFixed(1)} ms, ` +
          `p99 ${q(0.99).toFixed(1)} ms, max ${q(1).toFixed(1)} ms`,
      );
    };
    for (const [coding, from, to] of phases) {
      summary(
        `while ${coding}`,
        polls.filter(([t]) => t >= from && t < to).map(([, l]) => l),
      );
    }
    summary(
      'meanwhile',
      polls.map(([, l]) => l),
    );
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(work, { recursive: true, force: true });
  }
}

const at = process.argv.indexOf('--poll');
await (at > 0 ? poll(Number(process.argv[at + 1])) : main());
