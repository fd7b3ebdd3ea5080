// Part of `npm run bench` (bench/run.ts): its child processes (the servers and the measuring
// process), where they run (CPU pinning) and what CPU time they use.
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../scripts/free-port.ts';
import { spawnServer, startCommand } from '../scripts/start-command.ts';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

export const TSX = import.meta.resolve('tsx');
/** What `npm start` sets in the server's environment and node's flags: both servers get them. */
export const START = startCommand();
export const START_ENV = START.env;

export function startChild(script: string, env: Record<string, string>): ChildProcess {
  return fork(join(BENCH_DIR, script), [], {
    execArgv: ['--expose-gc', ...START.flags, '--import', TSX],
    env: { ...process.env, ...START_ENV, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The next IPC message of `type` from `child`; rejects if the child exits first. */
export function nextMessage<T extends { type: string }>(
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

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/**
 * The Node server as `npm start` runs it (src/node.ts: the same node flags, environment and
 * entry), on `dir`, with the database `databaseFile` (DATABASE_FILE; a first start when it
 * does not exist, a restart from it when it does). Resolves once it says it is serving.
 */
export async function startServer(
  dir: string,
  databaseFile: string,
): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const server = spawnServer({
    CONTENT_DIR: dir,
    PORT: String(port),
    SITE_URL: `http://127.0.0.1:${port}`,
    DATABASE_FILE: databaseFile,
  });
  await server.ready;
  return { child: server.child, port };
}

/** Clock ticks a second, the unit of /proc/<pid>/stat's CPU times. */
export const CLOCK_TICKS =
  Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/**
 * CPU time (µs) the child has used so far, every thread, in user space and in the kernel,
 * from /proc (Linux): read from outside, so that measuring asks nothing of the server.
 */
export function cpuOf(child: ChildProcess): { user: number; system: number } {
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  // The fields after the command name, which is in parentheses and may hold spaces:
  // utime and stime are the 14th and 15th fields of the line (proc(5)).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const toMicroseconds = (ticks: string | undefined) => (Number(ticks) * 1e6) / CLOCK_TICKS;
  return { user: toMicroseconds(fields[11]), system: toMicroseconds(fields[12]) };
}

/**
 * Where wrk and the servers run: on a machine of two cores or more with taskset (util-linux),
 * wrk on the first core and the server under load on the last, so that neither takes CPU
 * from the other and the scheduler cannot move them around between runs; both servers get
 * the same core. Without taskset, everything shares all cores.
 */
export const PINNING: { wrk: number; server: number } | undefined =
  cpus().length >= 2 && !spawnSync('taskset', ['-V']).error
    ? { wrk: 0, server: cpus().length - 1 }
    : undefined;

/** Moves every thread of a running server onto the server core (after its load is measured). */
export function pinServer(child: ChildProcess): void {
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

export function pinningText(cores: number): string {
  return PINNING
    ? `wrk pinned to CPU ${PINNING.wrk} and the server under load to CPU ${PINNING.server} (taskset, every thread), the same core for both servers; other processes were not kept off either core`
    : `load generator and server on the same ${cores} cores (no taskset)`;
}
