// The Worker's reader (src/db/d1-reader.ts) on a real local D1 (Miniflare's), filled by the
// publish code from a synthetic store of a few hundred articles: the app over it answers every
// route but the status and filtered or combined feeds with the Node server's bytes, never
// reading the whole version, and a page of a feed costs about `limit` rows read (D1's
// meta.rows_read, a count).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED, syntheticArticle } from '../../bench/synthetic-store.ts';
import { parseConfig } from '../../src/config.ts';
import { articleRows, d1Reader, type ArticleRows } from '../../src/db/d1-reader.ts';
import { RESTORE } from '../../src/db/article-rows.ts';
import type { SqlClient } from '../../src/db/sql.ts';
import { createApp } from '../../src/http/app.ts';
import { authorScopes } from '../../src/store/author-index.ts';
import { appFromDir, TEST_CLOCK, type TestApp } from '../support/app.ts';
import { countingClient, publishedD1, type LocalD1 } from '../../bench/local-d1.ts';

const SIZE = 600;
const VARS = { SITE_URL: 'https://news.example.org' };
const config = parseConfig(VARS);

let dir: string;
let local: LocalD1 | undefined;
let db: SqlClient;
let node: TestApp;

/** The app a Worker builds over D1 (src/worker.ts), its store one that must not be read. */
function workerApp(client: SqlClient, kept: ArticleRows = articleRows()) {
  const reader = d1Reader(client, config.siteUrl, kept);
  const wholeRead = { count: 0 };
  const app = createApp({
    store: {
      current: () => {
        wholeRead.count += 1;
        throw new Error('the whole version was read');
      },
    },
    config,
    clock: TEST_CLOCK,
    encoders: {},
    bodies: reader.bodies,
    reader,
  });
  return { app, wholeRead };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dateline-d1-reader-'));
  for (let i = 0; i < SIZE; i += 1) {
    const { path, text } = syntheticArticle(i, DEFAULT_SEED);
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  local = await publishedD1(dir, { ...config, clock: TEST_CLOCK });
  db = local.db;
  node = await appFromDir(dir, VARS);
}, 120_000);

afterAll(async () => {
  await local?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the Worker’s reader over a local D1', () => {
  it('answers every route but the status and filtered or combined feeds with the Node server’s bytes, never reading the whole version', async () => {
    const { app, wholeRead } = workerApp(db);
    const catalog = node.catalog;
    const section = [...catalog.sections.keys()][0]!;
    const tag = [...catalog.tags.entries()].sort(
      (a, b) => b[1].articles.length - a[1].articles.length,
    )[0]![0];
    const author = [...authorScopes(catalog).keys()][0]!;
    const paths = [
      '/',
      '/feeds.opml',
      '/sitemap.xml',
      '/news-sitemap.xml',
      '/robots.txt',
      '/healthz',
      '/feed.json',
      '/page/2/atom.xml',
      '/page/12/rss.xml',
      // 500 articles weigh more than PAGE_BYTES: pages cut by bytes, from every article's size
      // (so page 2 exists, and holds more than 100).
      '/feed.json?limit=500',
      '/page/2/feed.json?limit=500',
      '/page/99/feed.json',
      `/sections/${section}/rss.xml`,
      `/sections/${section}/`,
      `/tags/${tag}/atom.xml`,
      `/tags/${tag}/`,
      `/authors/${author}/feed.json`,
      `/authors/${author}/`,
      '/sections/no-such-section/rss.xml',
      `/sections/${section.toUpperCase()}/rss.xml`,
      ...catalog.site.articles.slice(0, 5).map((a) => `/articles/${a.slug}`),
      '/articles/no/such/article',
    ];
    const differ: string[] = [];
    for (const path of paths) {
      const [a, b] = await Promise.all([app.request(path), node.get(path)]);
      const same =
        a.status === b.status &&
        a.headers.get('etag') === b.headers.get('etag') &&
        a.headers.get('location') === b.headers.get('location') &&
        (await a.text()) === (await b.text());
      if (!same) {
        differ.push(`${path} ${a.status} ${b.status}`);
        if (process.env.DEBUG_DIFF) {
          const [x, y] = [
            await (await app.request(path)).text(),
            await (await node.get(path)).text(),
          ];
          let i = 0;
          while (i < x.length && x[i] === y[i]) i += 1;
          console.log(
            path,
            JSON.stringify(x.slice(i - 200, i + 100)),
            JSON.stringify(y.slice(i - 200, i + 100)),
          );
        }
      }
    }
    expect(differ).toEqual([]);
    expect(wholeRead.count).toBe(0);
    const cut = (await (await node.get('/page/2/feed.json?limit=500')).json()) as { items: [] };
    expect(cut.items.length).toBeGreaterThan(SIZE - 500);
  }, 60_000);

  it('reads about `limit` rows for page 1 of a feed, and `limit` and what changed once the isolate has the articles', async () => {
    const whole = countingClient(db);
    await whole.prepare(RESTORE).all();
    expect(whole.read).toBeGreaterThanOrEqual(2 * SIZE); // what a whole version costs

    const kept = articleRows();
    const cold = countingClient(db);
    const first = workerApp(cold, kept);
    expect((await first.app.request('/feed.json?limit=20')).status).toBe(200);
    // The scope's head (2 rows with its facts), 20 served rows, and once an isolate each
    // article's row and body: D1 counts 2 rows an `IN` lookup of an article (the row and the
    // step past it) and about 3 a body's (its one part, and the steps of the ordered read).
    expect(cold.read).toBeGreaterThan(20 * 3);
    expect(cold.read).toBeLessThanOrEqual(20 * 6 + 5);

    // A new store version (a new reader) in the same isolate: the articles are at hand.
    const warm = countingClient(db);
    const second = workerApp(warm, kept);
    expect((await second.app.request('/atom.xml?limit=20')).status).toBe(200);
    expect(warm.read).toBeGreaterThanOrEqual(20);
    expect(warm.read).toBeLessThanOrEqual(20 + 3);
    // A page further down reads the rows before it too (OFFSET): pages past the first are
    // for archive crawls, read once a version.
    const deep = countingClient(db);
    const third = workerApp(deep, kept);
    expect((await third.app.request('/page/3/rss.xml?limit=20')).status).toBe(200);
    expect(deep.read).toBeLessThanOrEqual(3 * 20 + 2 + 20 * 5);
  }, 60_000);
});
