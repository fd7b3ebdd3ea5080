// Faults on the Node server's database while it serves (issue 25): a disk that refuses the
// database's writes (the server's file size limit lowered to one byte with prlimit, which fails
// every write past the first byte as a full disk fails them), and the database file deleted.
// Either way the server keeps serving, says what happened in one line, and recovers with the
// next reload; a restart then serves the recovered version from the database.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch } from '../support/app.ts';
import { startEntry, within, type Entry } from '../support/entry.ts';

const LIMIT_MS = 5000;
// The database is made for one SITE_URL: a restart on another port must not change it.
const SITE_URL = 'http://news.example.org';
const at = (hour: number) => `Fri 19 Apr 2024 ${hour}:00 am - Jerusalem Time`;

/**
 * A store of one article and its own database file, served by `start` and `restart` (the
 * server stopped by SIGTERM and started again on the same files); all of it goes after the
 * describe block that calls this.
 */
function storeWithDatabase(name: string) {
  const root = mkdtempSync(join(tmpdir(), `dateline-${name}-`));
  const dir = join(root, 'content');
  const file = join(root, 'db', 'store.db');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'a.txt'), dispatch({ title: 'A', dateline: at(8) }));
  const env = { CONTENT_DIR: dir, DATABASE_FILE: file, SITE_URL };
  let server: Entry | undefined;
  afterAll(() => {
    server?.child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });
  async function start(): Promise<Entry> {
    server = await startEntry(env);
    await server.ready;
    return server;
  }
  async function restart(): Promise<Entry> {
    server?.child.kill('SIGTERM');
    await server?.exited;
    return start();
  }
  return { dir, file, start, restart };
}

async function titles(server: Entry): Promise<string[]> {
  const feed = (await (await fetch(`${server.url}/feed.json`)).json()) as {
    items: { title: string }[];
  };
  return feed.items.map((item) => item.title);
}

const shows = (server: Entry, want: string[], what: string) =>
  within(LIMIT_MS, what, async () => JSON.stringify(await titles(server)) === JSON.stringify(want));

/** Lines of the server's stderr after the first `skip` characters. */
const linesAfter = (server: Entry, skip: number) =>
  server.stderr().slice(skip).split('\n').filter(Boolean);

describe('a disk that refuses the database writes', () => {
  const { dir, start, restart } = storeWithDatabase('full');

  it('keeps the previous version served, says so in one line, and recovers at the next reload', async () => {
    let server = await start();
    expect(await titles(server)).toEqual(['A']);
    const pid = String(server.child.pid);
    const seen = server.stderr().length;
    execFileSync('prlimit', ['--pid', pid, '--fsize=1:unlimited']);
    writeFileSync(join(dir, 'b.txt'), dispatch({ title: 'B', dateline: at(9) }));
    await within(LIMIT_MS, 'the failure said', () => linesAfter(server, seen).length > 0);
    const said = linesAfter(server, seen);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(
      /^dateline: reloading .+ failed \(.+\); still serving the previous version$/,
    );
    expect(await titles(server)).toEqual(['A']);

    execFileSync('prlimit', ['--pid', pid, '--fsize=unlimited:unlimited']);
    writeFileSync(join(dir, 'c.txt'), dispatch({ title: 'C', dateline: at(10) }));
    await shows(server, ['C', 'B', 'A'], 'the edits once the disk takes writes again');
    server = await restart();
    expect(server.stdout()).toContain('from the database');
    expect(await titles(server)).toEqual(['C', 'B', 'A']);
  });
});

describe('a database file deleted while the server serves', () => {
  const { dir, file, start, restart } = storeWithDatabase('deleted');

  it('serves on, is written anew at the next reload, says so in one line, and a restart serves from it', async () => {
    let server = await start();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    // Bodies not made yet are read from the deleted file, which stays open.
    expect(await titles(server)).toEqual(['A']);
    expect(await (await fetch(`${server.url}/articles/a`)).text()).toContain(
      'The second paragraph.',
    );
    const seen = server.stderr().length;
    writeFileSync(join(dir, 'b.txt'), dispatch({ title: 'B', dateline: at(9) }));
    await shows(server, ['B', 'A'], 'the edit after the deletion');
    await within(LIMIT_MS, 'the file made anew', () => existsSync(file));
    expect(linesAfter(server, seen)).toEqual([
      `dateline: ${file} was deleted or replaced; writing it anew from ${dir}`,
    ]);
    server = await restart();
    expect(server.stdout()).toContain('from the database');
    expect(await titles(server)).toEqual(['B', 'A']);
  });
});
