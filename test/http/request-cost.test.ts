// What one request costs does not grow with the store: the section, tag and site scopes are
// sorted once per store version (buildCatalog), and a feed page is a slice of one, so a
// request that misses the render cache reads the articles on its page and no others. Every
// article is watched through a Proxy that notes which ones a request reads.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import type { Article } from '../../src/content/article.ts';
import { buildCatalog, type Catalog, type Scope } from '../../src/store/catalog.ts';
import { fixedStore } from '../../src/store/store.ts';
import { dispatch, filesFrom, TEST_CLOCK } from '../support/app.ts';
import { formatDateline } from '../support/zdump.ts';

const SIZE = 3000;

/** Article i's dateline: one a minute from 10:00 to 11:59 Jerusalem time, day after day from 1 Jan 2023. */
const datelineOf = (i: number) =>
  formatDateline(Date.UTC(2023, 0, 1 + Math.floor(i / 120), 10, i % 120));

function bigCatalog(): Catalog {
  const texts: Record<string, string> = {};
  for (let i = 0; i < SIZE; i += 1) {
    texts[`2023/report-${i}.txt`] = dispatch({
      section: i % 2 === 0 ? 'PALESTINE' : 'ECONOMY',
      dateline: datelineOf(i),
      title: `Report ${i}`,
      body: [`Paragraph one of report ${i}.`, '', 'Paragraph two.'],
      tags: [`Tag ${i % 7}`],
    });
  }
  return buildCatalog(filesFrom(texts), parseConfig({}));
}

/** The catalog with every article behind a Proxy that adds it to `read` on any property read. */
function watched(catalog: Catalog, read: Set<Article>): Catalog {
  const proxies = new Map<Article, Article>();
  const wrap = (article: Article): Article => {
    let proxy = proxies.get(article);
    if (!proxy) {
      proxy = new Proxy(article, {
        get(target, key) {
          read.add(target);
          // The article itself as receiver: its body and summary getters use private fields.
          return Reflect.get(target, key, target) as unknown;
        },
      });
      proxies.set(article, proxy);
    }
    return proxy;
  };
  const scope = (s: Scope): Scope => ({ ...s, articles: s.articles.map(wrap) });
  const scopes = (map: ReadonlyMap<string, Scope>) =>
    new Map([...map].map(([slug, s]) => [slug, scope(s)] as const));
  return {
    ...catalog,
    site: scope(catalog.site),
    sections: scopes(catalog.sections),
    tags: scopes(catalog.tags),
    bySlug: new Map([...catalog.bySlug].map(([slug, a]) => [slug, wrap(a)] as const)),
  };
}

const plain = bigCatalog();
const read = new Set<Article>();
const app = createApp({
  store: fixedStore(watched(plain, read)),
  config: parseConfig({}),
  clock: TEST_CLOCK,
});

/** The slugs of the articles a GET of `path` read, sorted. */
async function readBy(path: string): Promise<string[]> {
  read.clear();
  const response = await app.request(path);
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  return [...read].map((article) => article.slug).sort();
}
/** The slugs on one page of `scope`, sorted. */
const pageOf = (scope: Scope, page: number, limit: number) =>
  scope.articles
    .slice((page - 1) * limit, page * limit)
    .map((article) => article.slug)
    .sort();

describe('the cost of one request', () => {
  it('is a store of thousands of articles, in sections and tags of hundreds', () => {
    expect(plain.bySlug.size).toBe(SIZE);
    expect(plain.sections.get('palestine')?.articles.length).toBe(SIZE / 2);
    expect(plain.tags.get('tag-3')?.articles.length).toBeGreaterThan(400);
  });

  it('reads only the articles on the page asked for, in every format, once the scope has been served', async () => {
    // The first request of a scope may look over it once (its feed language is worked out
    // once per store version); what follows must not.
    await readBy('/sections/palestine/rss.xml');
    const palestine = plain.sections.get('palestine');
    if (!palestine) throw new Error('no palestine section');
    expect(await readBy('/sections/palestine/page/7/atom.xml?limit=10')).toEqual(
      pageOf(palestine, 7, 10),
    );
    expect(await readBy('/sections/palestine/page/3/feed.json?limit=20')).toEqual(
      pageOf(palestine, 3, 20),
    );
    expect(await readBy('/sections/palestine/page/2/rss.xml')).toEqual(pageOf(palestine, 2, 50));
  });

  it('reads no article for a page whose items another page already rendered in that format', async () => {
    await readBy('/sections/economy/rss.xml');
    // Items 6 to 10 of the 50 on page 1: their bytes come from the item cache.
    expect(await readBy('/sections/economy/page/2/rss.xml?limit=5')).toEqual([]);
  });

  it('reads only the page for a tag feed and for the whole site as well', async () => {
    await readBy('/tags/tag-3/rss.xml');
    await readBy('/rss.xml');
    const tag = plain.tags.get('tag-3');
    if (!tag) throw new Error('no tag-3');
    expect(await readBy('/tags/tag-3/page/4/atom.xml?limit=25')).toEqual(pageOf(tag, 4, 25));
    expect(await readBy('/page/9/feed.json?limit=30')).toEqual(pageOf(plain.site, 9, 30));
  });

  it('reads nothing at all for a page the render cache holds', async () => {
    await readBy('/sections/economy/page/2/atom.xml?limit=10');
    expect(await readBy('/sections/economy/page/2/atom.xml?limit=10')).toEqual([]);
  });
});
