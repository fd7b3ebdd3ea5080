import {
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readStore, type StoreRead } from '../../src/adapters/node/read-store.ts';
import { nextPollDelay, watchStore, type StoreWatcher } from '../../src/adapters/node/watch.ts';
import { sleep, within } from '../support/entry.ts';

describe('watching the store folder', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));
  const setup = async (
    options: {
      events?: boolean;
      pollMs?: number;
      before?: (dir: string) => void;
      afterRead?: (dir: string) => void;
    } = {},
  ) => {
    const dir = mkdtempSync(join(tmpdir(), 'dateline-watch-'));
    writeFileSync(join(dir, 'a.txt'), 'one');
    options.before?.(dir);
    let changes = 0;
    const told: (string[] | undefined)[] = [];
    let lastRead: StoreRead | undefined = await readStore(dir);
    const watcher: StoreWatcher = watchStore(dir, {
      ...options,
      lastRead: () => lastRead,
      // As the Node server does: a read told which folders changed looks only at those.
      onChange: async (folders) => {
        changes += 1;
        told.push(folders && [...folders].sort());
        lastRead = await readStore(dir, lastRead, undefined, { only: folders });
        options.afterRead?.(dir);
      },
    });
    cleanup.push(() => {
      watcher.close();
      rmSync(dir, { recursive: true, force: true });
    });
    return { dir, changes: () => changes, lastRead: () => lastRead, told };
  };

  it('reports a change within 2 s from the poll alone, when no event comes', async () => {
    const { dir, changes } = await setup({ events: false });
    await sleep(50);
    writeFileSync(join(dir, 'b.txt'), 'two');
    await within(2000, 'a change seen by the poll', () => changes() === 1);
  });

  it('sees by the poll a rewrite that keeps the size and the modification time', async () => {
    const { dir, changes } = await setup({ events: false });
    const { atime, mtime } = statSync(join(dir, 'a.txt'));
    writeFileSync(join(dir, 'a.txt'), 'two');
    utimesSync(join(dir, 'a.txt'), atime, mtime);
    await within(2000, 'a change seen by its ctime', () => changes() === 1);
  });

  it('sees a file written into a new folder after the read that found the folder, without the poll', async () => {
    let written = false;
    const { dir, lastRead } = await setup({
      pollMs: 60_000, // the poll cannot be what sees it
      // Between the read that finds the new folder and the folder's watcher: no event.
      afterRead: (store) => {
        if (written) return;
        written = true;
        writeFileSync(join(store, 'new', 'late.txt'), 'late');
      },
    });
    mkdirSync(join(dir, 'new'));
    await within(2000, 'the late file read', () => lastRead()?.stamps.has('new/late.txt') === true);
  });

  it('tells which folders changed, and nothing (look everywhere) when the poll saw it', async () => {
    const watched = await setup({ pollMs: 60_000, before: (d) => mkdirSync(join(d, 'sub')) });
    writeFileSync(join(watched.dir, 'sub', 'b.txt'), 'two');
    await within(2000, 'the edit seen', () => watched.lastRead()?.stamps.has('sub/b.txt') === true);
    expect(watched.told[0]).toEqual(['sub']);
    const polled = await setup({ events: false });
    writeFileSync(join(polled.dir, 'b.txt'), 'two');
    await within(2000, 'the edit seen', () => polled.changes() === 1);
    expect(polled.told).toEqual([undefined]);
  });

  it('watches a folder deleted and made again, which the old watcher no longer sees', async () => {
    const { dir, lastRead } = await setup({
      pollMs: 60_000, // events only
      before: (d) => {
        mkdirSync(join(d, 'sub'));
        writeFileSync(join(d, 'sub', 'a.txt'), 'one');
      },
    });
    rmSync(join(dir, 'sub'), { recursive: true });
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'b.txt'), 'two');
    await within(2000, 'the new folder read', () => lastRead()?.stamps.has('sub/b.txt') === true);
    expect(lastRead()?.stamps.has('sub/a.txt')).toBe(false);
    await sleep(300); // the new folder's watcher is made after the reload that found it
    writeFileSync(join(dir, 'sub', 'c.txt'), 'three');
    await within(2000, 'a file in it seen', () => lastRead()?.stamps.has('sub/c.txt') === true);
  });

  it('polls rarely while every folder is watched, and often when one is not', () => {
    // 100k files: a pass of about 1.9 s. Watched: one pass in 50 (2 % of a core), about every
    // 95 s. Not watched, the poll is all there is: one pass in 4, a fifth of a core.
    expect(nextPollDelay(1000, 1900, true)).toBe(95_000);
    expect(nextPollDelay(1000, 1900, false)).toBe(7600);
    // A small store (1k files, a pass of about 40 ms): every 10 s watched, every second not.
    expect(nextPollDelay(1000, 40, true)).toBe(10_000);
    expect(nextPollDelay(1000, 40, false)).toBe(1000);
  });

  it('folds a burst of writes into one or two reloads', async () => {
    const { dir, changes } = await setup();
    for (let i = 0; i < 50; i += 1) writeFileSync(join(dir, `burst-${i}.txt`), String(i));
    await within(2000, 'the burst seen', () => changes() >= 1);
    await sleep(1500);
    expect(changes()).toBeLessThanOrEqual(2);
  });

  it('ignores hidden files such as editor swap files', async () => {
    const { dir, changes } = await setup();
    writeFileSync(join(dir, '.a.txt.swp'), 'swap');
    await sleep(1500);
    expect(changes()).toBe(0);
  });

  it('follows a content folder that is a link swapped in place, and forgets the old tree', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dateline-link-'));
    for (const tree of ['old', 'new']) {
      mkdirSync(join(root, tree, 'sub'), { recursive: true });
      writeFileSync(join(root, tree, 'a.txt'), tree);
    }
    const link = join(root, 'cur');
    symlinkSync(join(root, 'old'), link);
    let lastRead: StoreRead | undefined = await readStore(link);
    let changes = 0;
    const watcher = watchStore(link, {
      pollMs: 60_000, // the poll cannot be what sees anything here
      lastRead: () => lastRead,
      onChange: async (folders) => {
        changes += 1;
        lastRead = await readStore(link, lastRead, undefined, { only: folders });
      },
    });
    cleanup.push(() => {
      watcher.close();
      rmSync(root, { recursive: true, force: true });
    });
    // The atomic deploy: a new link beside the old, renamed over it.
    symlinkSync(join(root, 'new'), join(root, 'cur.tmp'));
    renameSync(join(root, 'cur.tmp'), link);
    await within(2000, 'the swap seen', () => changes >= 1);
    await sleep(300); // the reload's end watches the new tree's folders
    const settled = changes;
    writeFileSync(join(root, 'new', 'sub', 'b.txt'), 'edited in the new tree');
    await within(2000, 'an edit in the new tree', () => lastRead?.stamps.has('sub/b.txt') === true);
    const afterEdit = changes;
    expect(afterEdit).toBeGreaterThan(settled);
    writeFileSync(join(root, 'old', 'sub', 'c.txt'), 'edited in the old tree');
    writeFileSync(join(root, 'old', 'a.txt'), 'old, edited');
    await sleep(1000);
    expect(changes).toBe(afterEdit); // the old tree is forgotten
  });
});
