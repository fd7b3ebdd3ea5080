// Starts the real Node entry, as `npm start` runs it, on a free port, as the tests of hot
// reload and shutdown need it, and collects its output.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServer, type StartedServer } from '../../scripts/start-command.ts';
import { afterAll } from 'vitest';
import { freePort } from './server.ts';

export interface Entry extends StartedServer {
  url: string;
  port: number;
}

/** Servers started here whose database folder is not yet removed. */
const running = new Set<Promise<unknown>>();
// A test file that kills its server without waiting for it (or leaves it running) would leave
// the folder behind: after the file's tests, wait for every server and its folder to go.
afterAll(async () => {
  await Promise.all(running);
}, 30_000);

export async function startEntry(env: Record<string, string>): Promise<Entry> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // A database of its own, so each start is a first start, unless a test names a file; its
  // folder goes when the server does.
  const folder = env.DATABASE_FILE ? undefined : mkdtempSync(join(tmpdir(), 'dateline-db-'));
  const server = spawnServer({
    PORT: String(port),
    SITE_URL: url,
    ...(folder ? { DATABASE_FILE: join(folder, 'store.db') } : {}),
    ...env,
  });
  if (folder) {
    const gone = server.exited.then(() => {
      rmSync(folder, { recursive: true, force: true });
      running.delete(gone);
    });
    running.add(gone);
  }
  return { url, port, ...server };
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
