import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { buildCatalog } from '../../src/store/catalog.ts';
import { createLoadPool } from '../../src/store/fs-load-pool.ts';
import { helperScript, type HelperScript } from '../../src/store/fs-load-script.ts';
import { readStore, type StoreRead } from '../../src/store/fs-store.ts';
import { loadArticle, type StoreEntry } from '../../src/store/load-article.ts';
import { fixedStore } from '../../src/store/store.ts';
import { MAX_ARTICLE_BYTES } from '../../src/store/text.ts';
import { CONTENT_DIR, dispatch } from '../support/app.ts';
import { everyField } from '../../src/store/article-body.ts';

const config = parseConfig({ SITE_URL: 'https://news.example' });

/** A load that counts the files the reading thread loads itself. */
function counted() {
  const calls = { count: 0 };
  const load = (entry: StoreEntry) => {
    calls.count += 1;
    return loadArticle(entry, config);
  };
  return { load, calls };
}

/** Every field of every article, the body included, every report, and the feeds. */
async function snapshot(read: StoreRead) {
  const catalog = buildCatalog(read.files, config);
  const articles = [...catalog.bySlug.values()].map(everyField);
  const app = createApp({ store: fixedStore(catalog), config });
  const feeds = await Promise.all(
    ['/rss.xml', '/atom.xml', '/feed.json'].map(async (path) => (await app.request(path)).text()),
  );
  return {
    articles,
    problems: catalog.problems,
    feeds,
    listing: read.listing,
    fingerprint: read.fingerprint,
  };
}

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A copy of content/ with a broken dispatch, an article of its own id and URL, and a file
 * over the size limit (reported unread), all older than two seconds, as an archive is: a
 * younger file is never loaded by a helper (its stamp proves nothing).
 */
let archive = '';
beforeAll(async () => {
  archive = mkdtempSync(join(tmpdir(), 'dateline-helpers-archive-'));
  cpSync(CONTENT_DIR, archive, { recursive: true });
  writeFileSync(join(archive, 'broken.txt'), dispatch({ dateline: 'Sat 19 Apr 2024 6:22 pm' }));
  writeFileSync(
    join(archive, 'own-id.md'),
    ['---', 'title: Own id', 'section: World', 'dateline: Fri 19 Apr 2024 6:22 pm - Jerusalem Time',
      'id: urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66', 'url: https://elsewhere.example/story',
      '---', 'A *body* of its own.'].join('\n'),
  ); // prettier-ignore
  writeFileSync(join(archive, 'huge.txt'), 'x'.repeat(MAX_ARTICLE_BYTES + 1));
  await new Promise((resolve) => setTimeout(resolve, 2_100));
  return () => rmSync(archive, { recursive: true, force: true });
});

function copyOfArchive(): string {
  dir = mkdtempSync(join(tmpdir(), 'dateline-helpers-'));
  cpSync(archive, dir, { recursive: true, preserveTimestamps: true });
  return dir;
}

describe('a first read shared with helper threads', () => {
  it('gives the same articles, bodies, reports, listing, fingerprint and feeds as a read by one thread', async () => {
    const alone = await snapshot(await readStore(archive, undefined, counted().load));
    const { load, calls } = counted();
    const helpers = { options: config, threads: 1, after: 0 };
    const read = await readStore(archive, undefined, load, { helpers });
    // The helper loaded files: the reading thread did not load them all itself.
    expect(calls.count).toBeLessThan(read.files.length - 1);
    expect(read.helped).toBeGreaterThan(0);
    expect(read.reads).toBe(read.files.length);
    const shared = await snapshot(read);
    // Every article file of content/, and own-id.md.
    const contentArticles = readdirSync(CONTENT_DIR, { recursive: true, encoding: 'utf8' }).filter(
      (file) => /\.(txt|md)$/.test(file),
    ).length;
    expect(shared.articles.length).toBe(contentArticles + 1);
    expect(shared.problems.map((p) => p.path)).toEqual(['broken.txt', 'huge.txt']);
    expect(shared).toEqual(alone);
  });

  it('leaves a file changed within two seconds to the reading thread, which keeps a copy of it', async () => {
    copyOfArchive(); // a copy is a change: its files are young until two seconds pass
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    writeFileSync(join(dir, 'young.txt'), dispatch({ title: 'Young', body: ['As loaded.'] }));
    const { load, calls } = counted();
    const read = await readStore(dir, undefined, load, {
      helpers: { options: config, threads: 1, after: 0 },
    });
    expect(calls.count).toBe(1);
    writeFileSync(join(dir, 'young.txt'), dispatch({ title: 'Young', body: ['Changed since.'] }));
    writeFileSync(join(dir, 'own-id.md'), 'changed since');
    const bodyOf = (path: string) => {
      const loaded = read.files.find((f) => f.path === path)?.loaded;
      return loaded?.ok ? loaded.article.contentHtml : undefined;
    };
    expect(bodyOf('young.txt')).toBe('<p>As loaded.</p>');
    // An old file a helper loaded has its body read again from disk when first shown, if
    // it is still the file loaded: else its summary stands in until the reload.
    expect(bodyOf('own-id.md')).toBe('<p>A body of its own.</p>');
  });

  it('gets back every file a helper held when the pool stops mid-read', async () => {
    // What a helper that crashes does too: its files come back for the reader to read.
    const reread = () => () => undefined;
    const pool = createLoadPool(
      { dir: archive, options: config, startedAt: Date.now() },
      { threads: 1, after: 0 },
      reread,
    );
    const offered = ['a.txt', 'b.txt', 'c.txt']
      .map((path) => pool.offer(path, 0))
      .filter((promise) => promise !== undefined);
    expect(offered).toHaveLength(3);
    pool.close();
    expect(await Promise.all(offered)).toEqual([undefined, undefined, undefined]);
    expect(pool.offer('d.txt', 0)).toBeUndefined(); // and it takes no more
  });

  it('reads every file itself when no helper can start', async () => {
    // Options a thread cannot be given (a function does not survive structured cloning).
    const options = { ...config, notCloneable: () => {} };
    const { load, calls } = counted();
    const read = await readStore(archive, undefined, load, {
      helpers: { options, threads: 1, after: 0 },
    });
    expect(calls.count).toBe(read.files.length - 1); // all but huge.txt, reported unread
    expect(read.helped).toBe(0);
    expect(await snapshot(read)).toEqual(
      await snapshot(await readStore(archive, undefined, counted().load)),
    );
  });
});

describe("a helper thread's script", () => {
  /** A script kept in a folder of its own, and how often the pool asked it to be made. */
  function scriptIn(key = 'test-key') {
    dir = mkdtempSync(join(tmpdir(), 'dateline-helper-script-'));
    const script = helperScript(dir, key);
    const asked = { prepare: 0 };
    const watched: HelperScript = {
      cached: () => script.cached(),
      prepare: () => {
        asked.prepare += 1;
        return script.prepare();
      },
    };
    return { script, watched, asked };
  }
  const readWith = (script: HelperScript) =>
    readStore(archive, undefined, counted().load, {
      helpers: { options: config, threads: 1, after: 0, script },
    });

  it('is made after a read whose helpers ran the sources, for the next read', async () => {
    const { script, watched, asked } = scriptIn();
    expect(script.cached()).toBeUndefined();
    const read = await readWith(watched);
    expect(read.helped).toBeGreaterThan(0);
    expect(asked.prepare).toBe(1);
    await script.prepare(); // the same making, under way since the read ended
    expect(script.cached()).toMatch(/readAndLoad/);
  });

  it('runs the helper once made: the same articles, bodies, reports and feeds as one thread', async () => {
    const { script, watched, asked } = scriptIn();
    await script.prepare();
    const read = await readWith(watched);
    expect(read.helped).toBeGreaterThan(0);
    expect(asked.prepare).toBe(0); // there is one already
    expect(await snapshot(read)).toEqual(
      await snapshot(await readStore(archive, undefined, counted().load)),
    );
  });

  it('loses nothing when the script does not run: the reader reads every file', async () => {
    const broken: HelperScript = {
      cached: () => 'throw new Error("not a helper");',
      prepare: () => Promise.resolve(),
    };
    const read = await readWith(broken);
    expect(read.helped).toBe(0);
    expect(await snapshot(read)).toEqual(
      await snapshot(await readStore(archive, undefined, counted().load)),
    );
  });

  it('is kept for one loader: another key does not find it, and its own replaces it', async () => {
    const { script } = scriptIn('first-loader');
    await script.prepare();
    const other = helperScript(dir, 'second-loader');
    expect(other.cached()).toBeUndefined();
    await other.prepare();
    expect(other.cached()).toMatch(/readAndLoad/);
    expect(script.cached()).toBeUndefined();
    expect(readdirSync(dir)).toHaveLength(1);
  });
});
