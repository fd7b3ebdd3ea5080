import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { formatProblem } from '../../src/content/article.ts';
import { buildCatalog, type Catalog } from '../../src/store/catalog.ts';
import { readStoreFiles } from '../../src/adapters/node/read-store.ts';
import { fixedStore } from '../../src/store/store.ts';
import { dispatch, TEST_CLOCK } from '../support/app.ts';
import { everyField } from '../../src/content/article-body.ts';

const OPTIONS = { siteUrl: 'https://news.example.org', timeZone: 'Asia/Jerusalem' };
const MB = 1024 * 1024;
const good = dispatch({ title: 'A good article' });
const encode = (text: string) => new TextEncoder().encode(text);

describe('hostile files in the store folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'dateline-hostile-'));
  const store = join(root, 'store');
  const outside = join(root, 'outside');
  let catalog: Catalog;
  let files: Awaited<ReturnType<typeof readStoreFiles>> = [];
  const reportOf = (path: string) =>
    catalog.problems
      .filter((p) => p.path === path)
      .map((p) => formatProblem(p, store))
      .join('\n');

  beforeAll(async () => {
    mkdirSync(join(store, '2024'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), dispatch({ title: 'A secret from outside' }));
    writeFileSync(join(store, '2024', 'good.txt'), good);
    // 3 MiB of valid text, in short lines: rejected for its size alone.
    const lines = 'x'
      .repeat(79)
      .concat('\n')
      .repeat((3 * MB) / 80);
    writeFileSync(
      join(store, 'big.txt'),
      good + '\n' + lines.slice(0, 3 * MB - encode(good).length - 1),
    );
    // 8 GiB, sparse: reading it whole would take minutes and all the memory there is.
    const huge = openSync(join(store, 'huge.md'), 'w');
    ftruncateSync(huge, 8 * 1024 * MB);
    closeSync(huge);
    writeFileSync(
      join(store, 'latin1.txt'),
      new Uint8Array([...encode('PALESTINE\n\nCaf'), 0xe9, 0x0a]),
    );
    // The first 4 KiB of a real program.
    const program = execFileSync('head', ['-c', '4096', process.execPath]);
    writeFileSync(join(store, 'binary.txt'), program);
    writeFileSync(join(store, 'nul.md'), `---\ntitle: x\nsection: \0y\n---\nBody.\n`);
    writeFileSync(
      join(store, 'long-line.txt'),
      dispatch({ body: ['Short.', '', 'y'.repeat(100_000)] }),
    );
    symlinkSync(join(outside, 'secret.txt'), join(store, 'link-out.txt'));
    symlinkSync('../outside', join(store, 'folder-out'));
    symlinkSync('2024/good.txt', join(store, 'link-in.txt'));
    symlinkSync('nowhere.md', join(store, 'dangling.md'));
    symlinkSync(join(outside, 'secret.txt'), join(store, 'photo.jpg')); // not an article name
    execFileSync('mkfifo', [join(store, 'fifo.txt')]);
    files = await readStoreFiles(store);
    catalog = buildCatalog(files, OPTIONS);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves the good article and nothing from outside the store', () => {
    expect([...catalog.bySlug.keys()]).toEqual(['2024/good']);
    // Every field, the summary and body too (getters: not own properties to stringify).
    const text = JSON.stringify([...catalog.bySlug.values()].map(everyField));
    expect(text).toContain('<p>');
    expect(text).not.toContain('secret');
  });

  it('rejects a file over 2 MB without reading it, and says how big it is', () => {
    expect(reportOf('big.txt')).toBe(
      `${store}/big.txt:1: the file is 3.0 MB (3145728 bytes), over the 2 MB limit for an article; shorten it or split it`,
    );
    expect(reportOf('huge.md')).toBe(
      `${store}/huge.md:1: the file is 8192.0 MB (8589934592 bytes), over the 2 MB limit for an article; shorten it or split it`,
    );
    // Read whole, the sparse 8 GiB file would have taken this process far past 1 GiB.
    expect(files.find((f) => f.path === 'huge.md')?.bytes.length).toBe(0);
    expect(process.resourceUsage().maxRSS).toBeLessThan(1024 * 1024); // KiB
  });

  it('rejects a file that is not UTF-8, at the line of the first bad byte', () => {
    expect(reportOf('latin1.txt')).toBe(
      `${store}/latin1.txt:3: the file is not UTF-8 text; save it as UTF-8`,
    );
  });

  it('rejects a binary file', () => {
    expect(reportOf('binary.txt')).toMatch(
      new RegExp(`^${store}/binary\\.txt:\\d+: the file holds a NUL byte, so it looks binary`),
    );
  });

  it('rejects a text file with a NUL byte, at its line', () => {
    expect(reportOf('nul.md')).toBe(
      `${store}/nul.md:3: the file holds a NUL byte, so it looks binary, not text; an article is a UTF-8 text file`,
    );
  });

  it('rejects a line of 100,000 characters, at its line', () => {
    expect(reportOf('long-line.txt')).toBe(
      `${store}/long-line.txt:9: the line is 100000 characters long, over the limit of 20000; break it into paragraphs`,
    );
  });

  it('never follows a symbolic link out of the store, and says where it points', () => {
    expect(reportOf('link-out.txt')).toBe(
      `${store}/link-out.txt:1: a symbolic link to the file '${outside}/secret.txt' outside the store; links are never followed: copy the file into the store instead`,
    );
    expect(reportOf('folder-out')).toBe(
      `${store}/folder-out:1: a symbolic link to the folder '${outside}' outside the store; links are never followed: copy the folder into the store instead`,
    );
  });

  it('does not follow a symbolic link inside the store either', () => {
    expect(reportOf('link-in.txt')).toBe(
      `${store}/link-in.txt:1: a symbolic link to the file '2024/good.txt' in the store; links are never followed: move or copy the file here instead`,
    );
    expect(reportOf('dangling.md')).toBe(
      `${store}/dangling.md:1: a symbolic link to nothing ('nowhere.md'); links are never followed: remove it`,
    );
  });

  it('leaves alone a link that is not named like an article, as any other non-article file', () => {
    expect(reportOf('photo.jpg')).toBe('');
  });

  it('rejects a FIFO named like an article without blocking on it', () => {
    expect(reportOf('fifo.txt')).toBe(
      `${store}/fifo.txt:1: not a regular file (a FIFO); an article is a plain text file`,
    );
  });

  it('reports each as path:line: message and counts it in /healthz', async () => {
    const rejected = [...new Set(catalog.problems.map((p) => p.path))].sort();
    expect(rejected).toEqual([
      'big.txt',
      'binary.txt',
      'dangling.md',
      'fifo.txt',
      'folder-out',
      'huge.md',
      'latin1.txt',
      'link-in.txt',
      'link-out.txt',
      'long-line.txt',
      'nul.md',
    ]);
    const app = createApp({
      store: fixedStore(catalog),
      config: parseConfig({}),
      clock: TEST_CLOCK,
    });
    expect(await (await app.request('/healthz')).json()).toEqual({
      status: 'ok',
      articles: 1,
      rejected: rejected.length,
    });
  });

  it.skipIf(process.getuid?.() === 0)('rejects a file it may not read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dateline-perm-'));
    writeFileSync(join(dir, 'locked.txt'), good);
    chmodSync(join(dir, 'locked.txt'), 0o000);
    const problems = buildCatalog(await readStoreFiles(dir), OPTIONS).problems;
    rmSync(dir, { recursive: true, force: true });
    expect(problems.map((p) => formatProblem(p))).toEqual([
      'locked.txt:1: the file cannot be read (EACCES); check its permissions',
    ]);
  });
});

describe('a file rewritten while the store is read', () => {
  it('is read whole or in part, never breaking the read or the loader', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dateline-race-'));
    const versions = [good, dispatch({ title: 'Longer '.repeat(2000) }), ''];
    writeFileSync(join(dir, 'a.txt'), good);
    // Another process rewrites the file as fast as it can: the store reads synchronously,
    // so only a writer outside this thread can race with a read.
    const writer = spawn(process.execPath, [
      '-e',
      `const fs = require('node:fs'); const v = ${JSON.stringify(versions)};
       for (let i = 0; ; i += 1) fs.writeFileSync(${JSON.stringify(join(dir, 'a.txt'))}, v[i % 3]);`,
    ]);
    const lengths = new Set<number>();
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      for (let i = 0; i < 200; i += 1) {
        const files = await readStoreFiles(dir);
        expect(files.map((f) => f.path)).toEqual(['a.txt']);
        expect(files[0]!.problem).toBeUndefined();
        lengths.add(files[0]!.bytes.length);
        buildCatalog(files, OPTIONS);
      }
    } finally {
      writer.kill();
      await new Promise((resolve) => writer.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    }
    // The reads really raced with the writes: they saw more than one version of the file.
    expect(lengths.size).toBeGreaterThan(1);
  });
});
