// Part of `npm run bench` (bench/run.ts): loading a server with wrk (Debian package `wrk`) and
// reading what it used, and recording one answer for the bare server to replay.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { cpuOf, PINNING } from './children.ts';
import type { Recorded } from './server-bare.ts';

/** One raw GET on loopback (no Accept-Encoding, like wrk), recorded for replay. */
export function record(
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

/** The ETag of a recorded 200 for `path`: what a 304 run sends back. */
export function etagIn(answer: Recorded, path: string): string {
  const etag = answer.headers.find(([name]) => name.toLowerCase() === 'etag')?.[1] ?? '';
  if (answer.status !== 200 || !etag)
    throw new Error(`${path} answered ${answer.status} (no ETag)`);
  return etag;
}

export interface WrkSummary {
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

export function wrk(
  port: number,
  path: string,
  seconds: number,
  connections: number,
  ifNoneMatch = '',
): Promise<WrkSummary> {
  return new Promise((resolve, reject) => {
    const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency'];
    args.push(
      '-s',
      new URL('wrk-report.lua', import.meta.url).pathname,
      `http://127.0.0.1:${port}${path}`,
    );
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

export interface Run {
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

export async function measure(
  child: ChildProcess,
  port: number,
  path: string,
  seconds: number,
  connections: number,
  ifNoneMatch = '',
): Promise<Run> {
  const cpuBefore = cpuOf(child);
  const s = await wrk(port, path, seconds, connections, ifNoneMatch);
  const cpuAfter = cpuOf(child);
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

export function wrkVersion(): string {
  const result = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  return /wrk (\S+)/.exec(`${result.stdout}${result.stderr}`)?.[1] ?? 'unknown';
}

export function wrkInstalled(): boolean {
  return spawnSync('wrk', ['-v']).error === undefined;
}
