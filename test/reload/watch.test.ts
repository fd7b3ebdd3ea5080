import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readStore, type StoreRead } from '../../src/store/fs-store.ts';
import { watchStore, type StoreWatcher } from '../../src/store/fs-watch.ts';
import { sleep, within } from '../support/entry.ts';

describe('watching the store folder', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));
  const setup = async (options: { events?: boolean } = {}) => {
    const dir = mkdtempSync(join(tmpdir(), 'dateline-watch-'));
    writeFileSync(join(dir, 'a.txt'), 'one');
    let changes = 0;
    let lastRead: StoreRead | undefined = await readStore(dir);
    const watcher: StoreWatcher = watchStore(dir, {
      ...options,
      lastRead: () => lastRead,
      onChange: async () => {
        changes += 1;
        lastRead = await readStore(dir);
      },
    });
    cleanup.push(() => {
      watcher.close();
      rmSync(dir, { recursive: true, force: true });
    });
    return { dir, changes: () => changes };
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
});
