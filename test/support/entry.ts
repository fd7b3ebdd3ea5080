// Starts the real Node entry, as `npm start` runs it, on a free port, as the tests of hot
// reload and shutdown need it, and collects its output.
import { spawn } from 'node:child_process';
import { startCommand } from '../../scripts/start-command.ts';
import { freePort } from './server.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
/** package.json's start script, run with this very Node. */
const START = startCommand();

export interface Entry {
  url: string;
  port: number;
  child: ReturnType<typeof spawn>;
  ready: Promise<void>;
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

export async function startEntry(env: Record<string, string>): Promise<Entry> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // The saved index is where `npm start` keeps it (node_modules/.cache/dateline): servers of
  // other tests overwrite it, and their keys differ, so each start loads in full unless a
  // test names a file of its own.
  const child = spawn(process.execPath, START.args, {
    cwd: ROOT,
    env: { ...process.env, ...START.env, PORT: String(port), SITE_URL: url, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => stdout.includes('dateline: serving') && resolve());
    child.on('exit', () => reject(new Error(`exited before serving: ${stderr}`)));
  });
  ready.catch(() => {});
  return {
    url,
    port,
    child,
    ready,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` every 100 ms until it returns true; the time it took, in ms, or a throw
 * naming `what` after `limitMs`.
 */
export async function within(
  limitMs: number,
  what: string,
  check: () => Promise<boolean> | boolean,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > limitMs) throw new Error(`not within ${limitMs} ms: ${what}`);
    await sleep(100);
  }
}
