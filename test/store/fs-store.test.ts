import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { buildCatalog } from '../../src/store/catalog.ts';
import { openStoreDatabase, type StoreDatabase } from '../../src/adapters/node/database.ts';
import { listStore, readStore, type StoreRead } from '../../src/adapters/node/read-store.ts';
import { loadArticle, type StoreEntry } from '../../src/content/load-article.ts';
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

describe('stamps', () => {
  it("are a file's type, size, change and modification times and inode, as stat gives them", async () => {
    store({ 'a.txt': dispatch({ title: 'A' }) });
    const stats = statSync(join(dir, 'a.txt'));
    const read = await readStore(dir);
    expect(read.stamps.get('a.txt')?.stamp).toBe(
      `file\0${stats.size}\0${stats.ctimeMs}\0${stats.mtimeMs}\0${stats.ino}`,
    );
  });
});

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

describe('loading each file as it is read (what the Node server does)', () => {
  const config = parseConfig({});
  // The server's load keeps each file's bytes in its database as it loads them: the buffer
  // they were read into is reused for the next files.
  let db: StoreDatabase | undefined;
  afterEach(() => {
    db?.close();
    db = undefined;
  });
  const load = (entry: StoreEntry) => {
    if (!db) {
      db = openStoreDatabase(join(dir, '.store.db'), dir, config);
      db.begin();
    }
    return db.load(entry);
  };
  const settle = (read: StoreRead) => {
    db?.commit(read, undefined, buildCatalog(read.files, config));
    return read;
  };
  const bodyOf = (read: StoreRead, path: string) => {
    const loaded = read.files.find((f) => f.path === path)?.loaded;
    return loaded?.ok ? loaded.article.contentHtml : undefined;
  };

  it('keeps no bytes, and hands over the very article of a file that did not change', async () => {
    store({ 'a.txt': dispatch({ title: 'A' }), 'b.txt': dispatch({ title: 'B' }) });
    const first = await readStore(dir, undefined, load);
    expect(first.files.map((f) => [f.path, f.bytes.length, f.loaded?.ok])).toEqual([
      ['a.txt', 0, true],
      ['b.txt', 0, true],
    ]);
    writeFileSync(join(dir, 'b.txt'), dispatch({ title: 'B, again' }));
    const second = await readStore(dir, later(first, 5_000), load);
    expect(second.reads).toBe(1);
    expect(second.files[0]?.loaded).toBe(first.files[0]?.loaded);
    expect(second.files[1]?.loaded).not.toBe(first.files[1]?.loaded);
  });

  it('loads every file of a store larger than one batch of reads with its own bytes', async () => {
    // Files are read into one 8 MiB buffer, loaded, and the buffer reused: 12 files of 1.5 MB
    // cross it several times, and each must be loaded before its bytes are overwritten.
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i += 1) {
      const paragraphs = Array.from({ length: 1500 }, () => 'word '.repeat(200).trim());
      const body = [`Number ${i}.`, ...paragraphs].flatMap((p) => [p, '']);
      files[`f${String(i).padStart(2, '0')}.txt`] = dispatch({ title: `No. ${i}`, body });
    }
    store(files);
    // Older than two seconds, as an archive is: a younger file is copied out of the buffer
    // at once (its stamp proves nothing), which would hide a buffer overwritten too soon.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const read = settle(await readStore(dir, undefined, load));
    const loaded = read.files.map((f) => (f.loaded?.ok ? f.loaded.article : undefined));
    expect(loaded.map((a) => a?.title)).toEqual(Object.keys(files).map((_, i) => `No. ${i}`));
    expect(loaded.map((a) => a?.summary)).toEqual(Object.keys(files).map((_, i) => `Number ${i}.`));
    // Bodies are made from the bytes the database kept, not the reused buffer.
    expect(loaded[3]?.contentHtml.slice(0, 17)).toBe('<p>Number 3.</p>\n');
  });

  it('makes a body from the bytes as loaded, whatever happened to the file since', async () => {
    store({ 'a.txt': dispatch({ title: 'A', body: ['As loaded.'] }) });
    const read = settle(await readStore(dir, undefined, load));
    writeFileSync(join(dir, 'a.txt'), dispatch({ title: 'A', body: ['Changed since.'] }));
    expect(bodyOf(read, 'a.txt')).toBe('<p>As loaded.</p>');
  });
});

describe('a reload told which folders changed (what the watchers tell the Node server)', () => {
  const config = parseConfig({});
  const load = (entry: StoreEntry) => loadArticle(entry, config);
  const titles = (read: StoreRead) =>
    Object.fromEntries(
      read.files.map((f) => [f.path, f.loaded?.ok ? f.loaded.article.title : f.problem?.message]),
    );
  const archive = () => {
    store({});
    for (const folder of ['a', 'b', 'b/old']) mkdirSync(join(dir, folder));
    writeFileSync(join(dir, 'top.txt'), dispatch({ title: 'Top' }));
    writeFileSync(join(dir, 'a/x.txt'), dispatch({ title: 'X' }));
    writeFileSync(join(dir, 'b/y.txt'), dispatch({ title: 'Y' }));
    writeFileSync(join(dir, 'b/old/z.txt'), dispatch({ title: 'Z' }));
    symlinkSync('/etc/hostname', join(dir, 'b/link.txt'));
  };

  it('looks only at those folders, and takes every other as the last read saw it', async () => {
    archive();
    const first = await readStore(dir, undefined, load);
    writeFileSync(join(dir, 'a/x.txt'), dispatch({ title: 'X, edited' }));
    writeFileSync(join(dir, 'b/y.txt'), dispatch({ title: 'Y, edited unseen' })); // no event told
    const told = await readStore(dir, later(first, 5_000), load, { only: new Set(['a']) });
    expect(titles(told)['a/x.txt']).toBe('X, edited');
    expect(titles(told)['b/y.txt']).toBe('Y'); // b was not looked at: the very article stands
    expect(told.files.find((f) => f.path === 'b/y.txt')?.loaded).toBe(
      first.files.find((f) => f.path === 'b/y.txt')?.loaded,
    );
    // A read told nothing looks at everything.
    const full = await readStore(dir, later(first, 5_000), load);
    expect(titles(full)['b/y.txt']).toBe('Y, edited unseen');
  });

  it('looks everywhere when a file name holds a line break, which the listing cannot say', async () => {
    archive();
    writeFileSync(join(dir, 'b', 'odd\nname.txt'), dispatch({ title: 'Odd' }));
    const first = await readStore(dir, undefined, load);
    writeFileSync(join(dir, 'b/y.txt'), dispatch({ title: 'Y, edited' }));
    const told = await readStore(dir, later(first, 5_000), load, { only: new Set(['a']) });
    expect(titles(told)['b/y.txt']).toBe('Y, edited');
    expect(titles(told)['b/odd\nname.txt']).toBe('Odd');
  });

  it('gives what a full read gives when it was told every change', async () => {
    archive();
    const first = await readStore(dir, undefined, load);
    writeFileSync(join(dir, 'a/x.txt'), dispatch({ title: 'X, edited' }));
    mkdirSync(join(dir, 'a/new'));
    writeFileSync(join(dir, 'a/new/n.txt'), dispatch({ title: 'New' }));
    rmSync(join(dir, 'top.txt'));
    // b/old deleted and made again: a new folder under a changed one, whatever its name.
    rmSync(join(dir, 'b/old'), { recursive: true });
    mkdirSync(join(dir, 'b/old'));
    writeFileSync(join(dir, 'b/old/w.txt'), dispatch({ title: 'W' }));
    const told = await readStore(dir, later(first, 5_000), load, { only: new Set(['', 'a', 'b']) });
    const full = await readStore(dir, later(first, 5_000), load);
    expect(titles(told)).toEqual(titles(full));
    expect(titles(told)).toEqual({
      'a/new/n.txt': 'New',
      'a/x.txt': 'X, edited',
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types its asymmetric matchers as any
      'b/link.txt': expect.stringContaining('a symbolic link'),
      'b/old/w.txt': 'W',
      'b/y.txt': 'Y',
    });
    expect(told.listing).toBe(full.listing);
    expect(told.fingerprint).toBe(full.fingerprint);
    expect(told.folders).toEqual(full.folders);
    expect([...told.stamps.keys()].sort()).toEqual([...full.stamps.keys()].sort());
  });
});

describe("the store's fingerprint (what the watcher's backup poll compares)", () => {
  const config = parseConfig({});
  const load = (entry: StoreEntry) => loadArticle(entry, config);
  const files = () => {
    store({ 'top.txt': dispatch({ title: 'Top' }), 'notes.md': '---\ntitle: Notes\n---\n' });
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a/x.txt'), dispatch({ title: 'X' }));
    writeFileSync(join(dir, 'a/readme.pdf'), 'not an article'); // never looked at
  };

  it("is the read's own when nothing changed, and stays so pass after pass", async () => {
    files();
    const read = await readStore(dir, undefined, load);
    expect((await listStore(dir)).fingerprint).toBe(read.fingerprint);
    expect((await listStore(dir)).fingerprint).toBe(read.fingerprint);
  });

  it('changes with an edit that keeps the size, a new file, a deleted one and a non-article never', async () => {
    files();
    const read = await readStore(dir, undefined, load);
    const stamp = new Date('2024-04-19T15:22:00Z');
    // Same bytes, same size, another modification time: the stamp alone tells.
    utimesSync(join(dir, 'a/x.txt'), stamp, stamp);
    const touched = (await listStore(dir)).fingerprint;
    expect(touched).not.toBe(read.fingerprint);
    writeFileSync(join(dir, 'a/new.txt'), dispatch({ title: 'New' }));
    const added = (await listStore(dir)).fingerprint;
    expect(added).not.toBe(touched);
    rmSync(join(dir, 'a/new.txt'));
    expect((await listStore(dir)).fingerprint).toBe(touched);
    writeFileSync(join(dir, 'a/readme.pdf'), 'still not an article, longer');
    expect((await listStore(dir)).fingerprint).toBe(touched);
  });
});
