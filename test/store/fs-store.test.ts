import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readStore, type StoreRead } from '../../src/store/fs-store.ts';
import { dispatch } from '../support/app.ts';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function store(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'dateline-read-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The previous read as if it had happened `ms` later: its files look old to it. */
function later(read: StoreRead, ms: number): StoreRead {
  return { ...read, startedAt: read.startedAt + ms };
}

const bytesOf = (read: StoreRead, path: string) => read.files.find((f) => f.path === path)?.bytes;

describe('reading the store again', () => {
  it('hands over the very same bytes for a file whose stamp has not changed', async () => {
    store({ 'a.txt': dispatch({ title: 'A' }), 'b.txt': dispatch({ title: 'B' }) });
    const first = await readStore(dir);
    const second = await readStore(dir, later(first, 5_000));
    expect(bytesOf(second, 'a.txt')).toBe(bytesOf(first, 'a.txt'));
    expect(bytesOf(second, 'b.txt')).toBe(bytesOf(first, 'b.txt'));
  });

  it('reads a changed file again, and only that one', async () => {
    store({ 'a.txt': dispatch({ title: 'A' }), 'b.txt': dispatch({ title: 'B' }) });
    const first = await readStore(dir);
    writeFileSync(join(dir, 'b.txt'), dispatch({ title: 'B, longer' }));
    const second = await readStore(dir, later(first, 5_000));
    expect(bytesOf(second, 'a.txt')).toBe(bytesOf(first, 'a.txt'));
    expect(new TextDecoder().decode(bytesOf(second, 'b.txt'))).toContain('B, longer');
  });

  it('reads again a file changed within two seconds of the previous read, whatever its stamp says', async () => {
    // Some file systems keep whole seconds: a file changed just before a read can change
    // again without its stamp changing, so a young file is never trusted by its stamp.
    store({ 'a.txt': dispatch({ title: 'A' }) });
    const first = await readStore(dir);
    const second = await readStore(dir, first);
    expect(bytesOf(second, 'a.txt')).not.toBe(bytesOf(first, 'a.txt'));
    expect(bytesOf(second, 'a.txt')).toEqual(bytesOf(first, 'a.txt'));
  });

  it('gives a re-read file a buffer of its own size, so an edited store does not pin old blocks', async () => {
    // The first read shares blocks between files; a block lives while any of its files does.
    // Were a reload to start a block for each changed file, every edit would pin one.
    store({ 'a.txt': dispatch({ title: 'A' }), 'b.txt': dispatch({ title: 'B' }) });
    const first = await readStore(dir);
    expect(bytesOf(first, 'a.txt')?.buffer).toBe(bytesOf(first, 'b.txt')?.buffer);
    writeFileSync(join(dir, 'b.txt'), dispatch({ title: 'B, edited' }));
    const second = await readStore(dir, later(first, 5_000));
    const edited = bytesOf(second, 'b.txt')!;
    expect(edited.buffer.byteLength).toBeLessThanOrEqual(edited.length + 1);
  });

  it('drops a deleted file and finds a new one', async () => {
    store({ 'a.txt': dispatch({ title: 'A' }) });
    const first = await readStore(dir);
    rmSync(join(dir, 'a.txt'));
    writeFileSync(join(dir, 'c.txt'), dispatch({ title: 'C' }));
    const second = await readStore(dir, later(first, 5_000));
    expect(second.files.map((f) => f.path)).toEqual(['c.txt']);
  });
});

/** Bytes this process has read with read(2) and its kind so far (Linux). */
function bytesRead(): number {
  return Number(/rchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1]);
}

describe('a file over the 2 MiB limit', () => {
  it.skipIf(!existsSync('/proc/self/io'))(
    'is reported without a byte of it being read, on a first read and on a reload',
    async () => {
      store({ 'a.txt': dispatch({ title: 'A' }), 'big.txt': '' });
      truncateSync(join(dir, 'big.txt'), 3 * 1024 * 1024);
      writeFileSync(join(dir, 'huge.md'), '');
      truncateSync(join(dir, 'huge.md'), 8 * 1024 ** 3); // sparse: 8 GiB, no disk
      const before = bytesRead();
      const first = await readStore(dir);
      const second = await readStore(dir, first);
      // The small article, read twice, and /proc/self/io itself: far below 3 MiB.
      expect(bytesRead() - before).toBeLessThan(64 * 1024);
      for (const read of [first, second]) {
        expect(read.files.map((f) => [f.path, f.problem?.message.slice(0, 15)])).toEqual([
          ['a.txt', undefined],
          ['big.txt', 'the file is 3.0'],
          ['huge.md', 'the file is 819'],
        ]);
      }
    },
  );
});
