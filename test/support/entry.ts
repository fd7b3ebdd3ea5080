// Starts the real Node entry, as `npm start` runs it, on a free port, as the tests of hot
// reload and shutdown need it, and collects its output.
import { spawnServer, type StartedServer } from '../../scripts/start-command.ts';
import { freePort } from './server.ts';

export interface Entry extends StartedServer {
  url: string;
  port: number;
}

export async function startEntry(env: Record<string, string>): Promise<Entry> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // The saved index is where `npm start` keeps it (node_modules/.cache/dateline): servers of
  // other tests overwrite it, and their keys differ, so each start loads in full unless a
  // test names a file of its own.
  return { url, port, ...spawnServer({ PORT: String(port), SITE_URL: url, ...env }) };
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
