import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { buildCatalog } from '../../src/store/catalog.ts';
import { createIndexCache } from '../../src/store/fs-index-cache.ts';
import { readStore, type StoreRead } from '../../src/store/fs-store.ts';
import { loadArticle, type StoreEntry } from '../../src/store/load-article.ts';
import { fixedStore } from '../../src/store/store.ts';
import { CONTENT_DIR, dispatch } from '../support/app.ts';
import { everyField } from '../../src/store/article-body.ts';

const config = parseConfig({ SITE_URL: 'https://news.example' });
const load = (entry: StoreEntry) => loadArticle(entry, config);

let work = '';
afterEach(() => rmSync(work, { recursive: true, force: true }));

/**
 * A copy of content/ (dispatches in English and Arabic, Markdown with every optional field)
 * with an article of its own id and URL and a broken dispatch, and an index file beside it.
 */
function setUp(): { dir: string; file: string } {
  work = mkdtempSync(join(tmpdir(), 'dateline-index-'));
  const dir = join(work, 'content');
  cpSync(CONTENT_DIR, dir, { recursive: true });
  writeFileSync(
    join(dir, 'broken.txt'),
    dispatch({ dateline: 'Sat 19 Apr 2024 6:22 pm - Jerusalem Time' }),
  );
  writeFileSync(
    join(dir, 'own-id.md'),
    [
      '---',
      'title: Its own id',
      'section: World',
      'dateline: Fri 19 Apr 2024 6:22 pm - Jerusalem Time',
      'id: urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66',
      'url: https://elsewhere.example/story',
      '---',
      'A *body* of its own.',
    ].join('\n'),
  );
  return { dir, file: join(work, 'cache', 'index.jsonl') };
}

/** The saved read as if it had been saved later: its files look old to it (see fs-store.ts). */
function aged<T extends Pick<StoreRead, 'startedAt'>>(read: T | undefined): T {
  if (!read) throw new Error('no index restored');
  return { ...read, startedAt: read.startedAt + 5_000 };
}

/** Every field of every article, the body included, and every report. */
function snapshot(read: StoreRead) {
  const catalog = buildCatalog(read.files, config);
  const articles = [...catalog.bySlug.values()].map(everyField);
  return { articles, problems: catalog.problems, catalog };
}

describe('the saved index', () => {
  it('gives a restart the same articles, bodies and reports without reading a file', async () => {
    const { dir, file } = setUp();
    const first = await readStore(dir, undefined, load);
    const cache = createIndexCache(file, dir, config, { minIntervalMs: 0 });
    await cache.save(first);

    const restarted = await readStore(dir, aged(cache.restore()), load);
    expect(restarted.reads).toBe(0);
    const before = snapshot(first);
    const after = snapshot(restarted);
    // Every article file of content/, and own-id.md.
    const contentArticles = readdirSync(CONTENT_DIR, { recursive: true, encoding: 'utf8' }).filter(
      (file) => /\.(txt|md)$/.test(file),
    ).length;
    expect(after.articles.length).toBe(contentArticles + 1);
    expect(after.articles.find((a) => a.source === 'own-id.md')?.url).toBe(
      'https://elsewhere.example/story',
    );
    expect(after.articles).toEqual(before.articles);
    expect(after.problems).toEqual(before.problems);
    expect(after.problems.map((p) => p.path)).toEqual(['broken.txt']);
    // Feeds byte for byte, which also covers the field order the renderers see.
    const feed = async (c: typeof before.catalog, path: string) =>
      (await createApp({ store: fixedStore(c), config }).request(path)).text();
    for (const path of ['/rss.xml', '/atom.xml', '/feed.json']) {
      expect(await feed(after.catalog, path)).toBe(await feed(before.catalog, path));
    }
  });

  it('reads again only the files changed since the index was saved', async () => {
    const { dir, file } = setUp();
    const first = await readStore(dir, undefined, load);
    const cache = createIndexCache(file, dir, config, { minIntervalMs: 0 });
    await cache.save(first);
    writeFileSync(join(dir, 'broken.txt'), dispatch({ title: 'Mended' }));
    const restarted = await readStore(dir, aged(cache.restore()), load);
    expect(restarted.reads).toBe(1);
    const { articles, problems } = snapshot(restarted);
    expect(problems).toEqual([]);
    expect(articles.find((a) => a.source === 'broken.txt')?.title).toBe('Mended');
  });

  it('is not used by another site URL, or when it is damaged or missing', async () => {
    const { dir, file } = setUp();
    const first = await readStore(dir, undefined, load);
    await createIndexCache(file, dir, config, { minIntervalMs: 0 }).save(first);
    expect(createIndexCache(file, dir, config).restore()).toBeDefined();
    const other = parseConfig({ SITE_URL: 'https://other.example' });
    expect(createIndexCache(file, dir, other).restore()).toBeUndefined();
    expect(createIndexCache(file, join(work, 'elsewhere'), config).restore()).toBeUndefined();
    truncateSync(file, 5_000); // cut inside a line
    expect(createIndexCache(file, dir, config).restore()).toBeUndefined();
    rmSync(file);
    expect(createIndexCache(file, dir, config).restore()).toBeUndefined();
  });

  it('removes what a writer that died mid-write left, and not what a live one is writing', async () => {
    const { dir, file } = setUp();
    mkdirSync(join(work, 'cache'));
    // A process id that no process has (the kernel's pid_max is at most 2^22) and one that
    // always runs (init).
    const orphan = `${file}.99999999.tmp`;
    const live = `${file}.1.tmp`;
    writeFileSync(orphan, 'half an index');
    writeFileSync(live, 'being written');
    await createIndexCache(file, dir, config, { minIntervalMs: 0 }).save(
      await readStore(dir, undefined, load),
    );
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(readdirSync(join(work, 'cache')).sort()).toEqual(['index.jsonl', 'index.jsonl.1.tmp']);
  });

  it('is no error when it cannot be written, and then there is simply none', async () => {
    const { dir } = setUp();
    writeFileSync(join(work, 'a-file'), '');
    const file = join(work, 'a-file', 'index.jsonl'); // its folder is a file
    const cache = createIndexCache(file, dir, config, { minIntervalMs: 0 });
    await expect(cache.save(await readStore(dir, undefined, load))).resolves.toBeUndefined();
    expect(cache.restore()).toBeUndefined();
  });

  it('is saved once more after a burst of reloads, with the latest read only', async () => {
    const { dir, file } = setUp();
    const cache = createIndexCache(file, dir, config, { minIntervalMs: 300 });
    const first = await readStore(dir, undefined, load);
    void cache.save(first); // written at once
    writeFileSync(join(dir, 'broken.txt'), dispatch({ title: 'Second' }));
    void cache.save(await readStore(dir, first, load)); // waits for the interval…
    writeFileSync(join(dir, 'broken.txt'), dispatch({ title: 'Third' }));
    await cache.save(await readStore(dir, first, load)); // …and is superseded by this one
    const saved = aged(cache.restore());
    const titles = [...saved.stamps.values()].flatMap((kept) =>
      kept.loaded?.ok && kept.loaded.article.source === 'broken.txt'
        ? [kept.loaded.article.title]
        : [],
    );
    expect(titles).toEqual(['Third']);
  });

  it('reads a body from its file when first shown, and shows the summary if the file changed since', async () => {
    const { dir, file } = setUp();
    writeFileSync(join(dir, 'a.txt'), dispatch({ title: 'A', body: ['First.', '', 'Second.'] }));
    writeFileSync(join(dir, 'b.txt'), dispatch({ title: 'B', body: ['Only.'] }));
    const cache = createIndexCache(file, dir, config, { minIntervalMs: 0 });
    await cache.save(await readStore(dir, undefined, load));
    const restarted = await readStore(dir, aged(cache.restore()), load);
    const article = (source: string) => {
      const found = restarted.files.find((f) => f.path === source)?.loaded;
      if (!found?.ok) throw new Error(`${source} was not restored`);
      return found.article;
    };
    // Edited after the restart, before any feed showed it: the reload the edit sets off
    // will bring the new version; until then the old body is gone, and the summary stands in.
    writeFileSync(join(dir, 'b.txt'), dispatch({ title: 'B', body: ['Rewritten.'] }));
    expect(article('a.txt').contentHtml).toBe('<p>First.</p>\n<p>Second.</p>');
    expect(article('b.txt').contentHtml).toBe('<p>Only.</p>');
  });
});
