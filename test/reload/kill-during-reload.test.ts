// SIGKILL while the Node server reloads a large store: its database (src/adapters/node/database.ts)
// holds the previous version or the new one, whole, and a restart serves that version.
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch } from '../support/app.ts';
import { sleep, startEntry, within, type Entry } from '../support/entry.ts';

const COUNT = 3_000;
const FOLDERS = 30;
const PAGE = 500; // the largest ?limit=
/** Files younger than this are never trusted by their stamp (walk.ts's TIMESTAMP_SLACK_MS). */
const SETTLE_MS = 2_100;
const title = (n: number, edition: number) => `Story ${n}, edition ${edition}`;
const editionOf = (text: string) => Number(/, edition (\d+)$/.exec(text)?.[1] ?? NaN);

/** What a process has read and written so far, in bytes (Linux's /proc/<pid>/io). */
function io(pid: number): { read: number; written: number } {
  const text = readFileSync(`/proc/${pid}/io`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(text)?.[1]);
  return { read: field('rchar'), written: field('wchar') };
}

/**
 * Kills `pid` with SIGKILL as soon as `when` says so of what it has read and written since
 * `base`, watching without a pause (a reload lasts a few hundred milliseconds), or after
 * `limitMs`. Returns what it had done by then.
 */
function killWhen(
  pid: number,
  base: { read: number; written: number },
  when: (done: { read: number; written: number }) => boolean,
  limitMs: number,
): { read: number; written: number; ms: number } {
  const begun = Date.now();
  for (;;) {
    const now = io(pid);
    const done = { read: now.read - base.read, written: now.written - base.written };
    const ms = Date.now() - begun;
    if (when(done) || ms > limitMs) {
      process.kill(pid, 'SIGKILL');
      return { ...done, ms };
    }
  }
}

describe('a server killed while it reloads a large store', () => {
  const root = mkdtempSync(join(tmpdir(), 'dateline-kill-'));
  const dir = join(root, 'content');
  const away = join(root, 'content-away');
  const dbFile = join(root, 'db', 'store.db');
  // One SITE_URL for every start (startEntry's default names each start's port): a database
  // made for another SITE_URL would be made anew.
  const env = { CONTENT_DIR: dir, DATABASE_FILE: dbFile, SITE_URL: 'https://news.example.org' };
  const started: Entry[] = [];
  const start = async () => {
    const server = await startEntry(env);
    started.push(server);
    await server.ready;
    return server;
  };
  afterAll(async () => {
    for (const server of started) {
      if (server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
    }
    rmSync(root, { recursive: true, force: true });
  });

  /** Every article of the store, in `edition`: a title and a body that say so. Its bytes. */
  const write = (edition: number) => {
    let bytes = 0;
    for (let n = 0; n < COUNT; n += 1) {
      const text = dispatch({
        title: title(n, edition),
        body: [`The body of story ${n}.`, '', `Edition ${edition}.`],
      });
      writeFileSync(join(dir, `f${n % FOLDERS}`, `a${n}.txt`), text);
      bytes += Buffer.byteLength(text);
    }
    return bytes;
  };

  /** How many articles the database publishes in each edition, and its reports. */
  const stored = () => {
    const db = new Database(dbFile, { readonly: true });
    try {
      const titles = db
        .prepare<[], string>('SELECT a.title FROM files f JOIN articles a ON a.rev = f.rev')
        .pluck()
        .all();
      const problems = db
        .prepare<[], number>('SELECT count(*) FROM files WHERE problems IS NOT NULL')
        .pluck()
        .get();
      return { editions: tally(titles), problems };
    } finally {
      db.close();
    }
  };

  /** How many articles the server serves in each edition: every page of its site JSON Feed. */
  const served = async (server: Entry) => {
    const titles: string[] = [];
    for (let page = 1; page <= COUNT / PAGE; page += 1) {
      const path = page === 1 ? '/feed.json' : `/page/${page}/feed.json`;
      const response = await fetch(`${server.url}${path}?limit=${PAGE}`, { redirect: 'manual' });
      expect(response.status).toBe(200);
      const feed = (await response.json()) as { items: { title: string }[] };
      titles.push(...feed.items.map((item) => item.title));
    }
    return tally(titles);
  };

  it('leaves the previous version or the new one, whole, which a restart serves', async () => {
    for (let f = 0; f < FOLDERS; f += 1) mkdirSync(join(dir, `f${f}`), { recursive: true });
    write(1);
    await sleep(SETTLE_MS);
    let server = await start();
    expect(server.stdout()).toContain(`dateline: ${COUNT} articles, 0 problems, from ${dir}\n`);
    expect(await served(server)).toEqual({ 1: COUNT });

    // Killed at a random moment of each part of the reload: early in the reading (every file
    // is read and its article written into the open transaction), late in it, and once the
    // server writes to its database file (the commit).
    const random = (from: number, to: number) => from + Math.random() * (to - from);
    const moments: { moment: string; counter: 'read' | 'written'; at: (size: number) => number }[] =
      [
        { moment: 'early in the read', counter: 'read', at: (size) => random(0.2, 0.5) * size },
        { moment: 'late in the read', counter: 'read', at: (size) => random(0.6, 1) * size },
        { moment: 'during the commit', counter: 'written', at: () => random(1, 64) * 1024 },
      ];
    const outcomes: string[] = [];
    for (const [round, { moment, counter, at }] of moments.entries()) {
      const old = round + 1;
      const next = round + 2;
      // Stopped while the files are rewritten, so that the reload it then makes reads the new
      // edition whole (a reload that began halfway through the rewrite would find editions
      // mixed in the folder itself, and rightly publish the mix).
      const pid = server.child.pid!;
      server.child.kill('SIGSTOP');
      const size = write(next);
      const base = io(pid);
      server.child.kill('SIGCONT');
      const threshold = at(size);
      const killed = killWhen(pid, base, (done) => done[counter] > threshold, 10_000);
      await server.exited;

      const kept = stored();
      expect(kept.problems).toBe(0);
      expect([{ [old]: COUNT }, { [next]: COUNT }]).toContainEqual(kept.editions);
      const edition = Number(Object.keys(kept.editions)[0]);
      outcomes.push(
        `${moment} (${killed.ms} ms, ${killed.read} bytes read, ${killed.written} written): ` +
          `edition ${edition === old ? 'old' : 'new'}`,
      );

      // Restarted with the folder out of reach, it serves what its database holds, and keeps
      // serving it: the reconciliation with the folder fails.
      renameSync(dir, away);
      server = await start();
      expect(server.stdout()).toContain(
        `dateline: ${COUNT} articles, 0 problems, from the database (${dir} is checked next)\n`,
      );
      expect(await served(server)).toEqual({ [edition]: COUNT });
      await within(5_000, 'the failed reconciliation', () =>
        server.stderr().includes('still serving the previous version'),
      );
      expect(await served(server)).toEqual({ [edition]: COUNT });

      // The folder back: the server reads it, and publishes the new edition whole.
      renameSync(away, dir);
      await within(10_000, 'the new edition served', async () => {
        const response = await fetch(`${server.url}/feed.json?limit=1`);
        const feed = (await response.json()) as { items: { title: string }[] };
        return editionOf(feed.items[0]!.title) === next;
      });
      expect(await served(server)).toEqual({ [next]: COUNT });
      expect(stored().editions).toEqual({ [next]: COUNT });
      // The reloads that follow the folder's return (one more once its folders are watched
      // again) end before the next round rewrites it: a reload still reading then would
      // rightly publish a mix of the two editions.
      await sleep(SETTLE_MS);
    }
    console.log(`killed ${outcomes.join('; ')}`);
  }, 60_000);
});

/** How many titles there are of each edition. */
function tally(titles: readonly string[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const text of titles) {
    const edition = editionOf(text);
    counts[edition] = (counts[edition] ?? 0) + 1;
  }
  return counts;
}
