// The shared item cache (src/render/item-cache.ts): pages assembled from cached item bytes
// are byte for byte the pages rendered from scratch, whatever the cache held before.
import { describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config.ts';
import { renderFeed, renderFeedBytes } from '../../src/render/feed-renderers.ts';
import { buildFeedView, type FeedFormat, type FeedView } from '../../src/render/feed-view.ts';
import { createApp } from '../../src/http/app.ts';
import { ItemCache } from '../../src/render/item-cache.ts';
import type { Article } from '../../src/content/article.ts';
import { buildCatalog, type Catalog, type Scope } from '../../src/store/catalog.ts';
import { fixedStore } from '../../src/store/store.ts';
import { allFeedPaths, appFromFiles, dispatch, filesFrom, TEST_CLOCK } from '../support/app.ts';
import { FILES } from './torture-articles.ts';

const FORMATS: FeedFormat[] = ['rss', 'atom', 'json'];
const SECTIONS = ['PALESTINE', 'ECONOMY', 'فلسطين'];
const TAGS = ['Gaza', 'Rafah', 'غزة', 'Olive harvest', 'AT&T <x>'];

/** Mixed stores: English and Arabic dispatches over a few sections and tags, plus the torture articles. */
function storeFiles(): Record<string, string> {
  const files: Record<string, string> = { ...FILES };
  for (let i = 0; i < 24; i += 1) {
    const day = String(1 + (i % 27)).padStart(2, '0');
    const arabic = i % 3 === 2; // the whole of the Arabic section: a feed in Arabic
    files[`2024/item-${i}.txt`] = dispatch({
      section: SECTIONS[i % SECTIONS.length],
      dateline: arabic
        ? 'الجمعة ١٩ أبريل ٢٠٢٤ ٦:٢٢ م - بتوقيت القدس'
        : `Mon ${day} Apr 2024 ${1 + (i % 11)}:0${i % 10} am - Jerusalem Time`,
      title: arabic ? `تقرير رقم ${i}` : `Report ${i} & "more" <b>`,
      body: [arabic ? 'أفادت منظمات إغاثة دولية اليوم.' : `Paragraph ${i} with <i>markup</i>.`],
      tags: TAGS.filter((_, t) => (i + t) % 2 === 0),
    });
  }
  return files;
}

function catalogFor(config: Config): Catalog {
  const files = filesFrom(storeFiles());
  return buildCatalog(files, config);
}

/** Every feed view worth rendering: each scope, pages of two limits, a filter. */
function views(config: Config, catalog: Catalog): FeedView[] {
  const scopes: Scope[] = [catalog.site, ...catalog.sections.values(), ...catalog.tags.values()];
  const out: FeedView[] = [];
  for (const scope of scopes) {
    for (const limit of [50, 3]) {
      const last = Math.max(1, Math.ceil(scope.articles.length / limit));
      for (let page = 1; page <= last; page += 1)
        out.push(buildFeedView(config, scope, page, limit));
    }
    out.push(buildFeedView(config, scope, 1, 5, { filter: 'report' }));
  }
  return out;
}

const fresh = (format: FeedFormat, view: FeedView) =>
  new TextEncoder().encode(renderFeed(format, view));

const config = parseConfig({});
const catalog = catalogFor(config);

describe('the item cache', () => {
  it('reuses an item rendered for one feed in another, and the bytes equal a fresh render', () => {
    const cache = new ItemCache();
    for (const format of FORMATS) {
      const site = buildFeedView(config, catalog.site, 1, 50);
      expect(renderFeedBytes(format, site, cache)).toEqual(fresh(format, site));
      const misses = cache.misses;
      for (const scope of [...catalog.sections.values(), ...catalog.tags.values()]) {
        const view = buildFeedView(config, scope, 1, 50);
        expect(renderFeedBytes(format, view, cache)).toEqual(fresh(format, view));
      }
      // Every article of a section or tag is on the site's first page: nothing rendered anew
      // but the variants whose item language differs in a feed of another language.
      if (format === 'rss') expect(cache.misses).toBe(misses);
    }
    expect(cache.hits).toBeGreaterThan(catalog.site.articles.length);
  });

  it('gives identical bytes for every feed under a tiny budget that evicts all the time', () => {
    const cache = new ItemCache(3000);
    for (const round of [0, 1]) {
      for (const view of round ? views(config, catalog).reverse() : views(config, catalog)) {
        for (const format of FORMATS) {
          expect(renderFeedBytes(format, view, cache)).toEqual(fresh(format, view));
          expect(cache.bytes).toBeLessThanOrEqual(3000);
        }
      }
    }
  });

  it('never shares items between two configs', () => {
    const other = parseConfig({ SITE_URL: 'https://news.example.org' });
    const otherCatalog = buildCatalog(filesFrom(storeFiles()), other);
    const cache = new ItemCache();
    // The same Article objects under both configs: only the config tells the items apart.
    for (const format of FORMATS) {
      const mine = buildFeedView(config, catalog.site, 1, 50);
      const theirs = buildFeedView(other, catalog.site, 1, 50);
      expect(renderFeedBytes(format, mine, cache)).toEqual(fresh(format, mine));
      const misses = cache.misses;
      expect(renderFeedBytes(format, theirs, cache)).toEqual(fresh(format, theirs));
      expect(cache.misses - misses).toBe(catalog.site.articles.length);
      const view = buildFeedView(other, otherCatalog.site, 1, 50);
      expect(renderFeedBytes(format, view, cache)).toEqual(fresh(format, view));
    }
    const rss = new TextDecoder().decode(
      renderFeedBytes('rss', buildFeedView(other, catalog.site, 1, 50), cache),
    );
    expect(rss).toContain('domain="https://news.example.org/sections/"');
    expect(rss).not.toContain('domain="http://localhost:8787/sections/"');
  });

  it('renders a changed article (a new object) anew', () => {
    const cache = new ItemCache();
    const site = catalog.site;
    for (const format of FORMATS)
      renderFeedBytes(format, buildFeedView(config, site, 1, 50), cache);
    const [first, ...rest] = site.articles as Article[];
    const changed = copyOf(first!, { title: 'A corrected title' });
    const edited: Scope = { ...site, articles: [changed, ...rest] };
    for (const format of FORMATS) {
      const view = buildFeedView(config, edited, 1, 50);
      const misses = cache.misses;
      const bytes = renderFeedBytes(format, view, cache);
      expect(bytes).toEqual(fresh(format, view));
      expect(cache.misses - misses).toBe(1);
      expect(new TextDecoder().decode(bytes)).toContain('A corrected title');
    }
  });

  it('reads a body given by a getter only when the item is not cached, and never writes it', () => {
    let reads = 0;
    const lazy = (article: Article): Article => {
      const { contentHtml } = article;
      // Frozen: any write to the article would throw (modules are strict code).
      return Object.freeze(
        Object.defineProperty(copyOf(article), 'contentHtml', {
          get: () => ((reads += 1), contentHtml),
        }),
      );
    };
    const scope: Scope = { ...catalog.site, articles: catalog.site.articles.map(lazy) };
    const cache = new ItemCache();
    const pages = [50, 4].flatMap((limit) =>
      FORMATS.map((format) => ({ format, view: buildFeedView(config, scope, 1, limit) })),
    );
    const first = pages.map(({ format, view }) => renderFeedBytes(format, view, cache));
    const once = scope.articles.length * FORMATS.length;
    expect(reads).toBe(once);
    const again = pages.map(({ format, view }) => renderFeedBytes(format, view, cache));
    expect(reads).toBe(once);
    pages.forEach(({ format, view }, i) => {
      expect(first[i]).toEqual(fresh(format, view));
      expect(again[i]).toEqual(first[i]);
    });
  });

  it('keeps the items of a first render as views of its page, counting the page once', () => {
    const cache = new ItemCache();
    const view = buildFeedView(config, catalog.site, 1, 50);
    const page = renderFeedBytes('atom', view, cache);
    expect(page).toEqual(fresh('atom', view));
    // One buffer for the page and its items: the budget counts it once, plus a little an item.
    expect(cache.bytes).toBeGreaterThanOrEqual(page.length);
    expect(cache.bytes).toBeLessThan(page.length + view.items.length * 100);
  });

  it('copies the few new items of a page of cached ones out, so the page is not kept for them', () => {
    const cache = new ItemCache();
    const all = catalog.site.articles.length;
    const most = buildFeedView(config, catalog.site, 1, all - 2);
    const mostBytes = renderFeedBytes('json', most, cache).length;
    const before = cache.bytes;
    const view = buildFeedView(config, catalog.site, 1, all);
    const page = renderFeedBytes('json', view, cache);
    expect(page).toEqual(fresh('json', view));
    expect(cache.misses).toBe(all);
    // Two items' bytes more, not a second page's.
    const added = cache.bytes - before;
    expect(added).toBeGreaterThan(0);
    expect(added).toBeLessThan((page.length - mostBytes) * 4 + 200);
    expect(added).toBeLessThan(page.length / 4);
  });

  it('is served by the app with the same bytes whatever it holds', async () => {
    const files = filesFrom(storeFiles());
    const roomy = appFromFiles(files);
    const tiny = createApp({
      store: fixedStore(roomy.catalog),
      config,
      clock: TEST_CLOCK,
      itemCacheBytes: 2000,
    });
    const paths = allFeedPaths(roomy.catalog).flatMap((p) => [p, `${p}?limit=2`]);
    const body = async (response: Response | Promise<Response>) =>
      new Uint8Array(await (await response).arrayBuffer());
    for (const path of paths) await body(roomy.get(path));
    for (const path of [...paths].reverse()) {
      const a = await body(roomy.get(path));
      expect(await body(tiny.request(path))).toEqual(a);
      const view = viewFor(roomy.catalog, path);
      if (view) expect(a).toEqual(fresh(formatOf(path), view));
    }
  });

  it('lays JSON items out exactly as JSON.stringify does', () => {
    for (const view of views(config, catalog)) {
      const text = renderFeed('json', view);
      expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
    }
  });
});

/**
 * A new article with the fields of `article`, read through the Article interface (the
 * loader's articles have `contentHtml` as a getter on their prototype, which a spread
 * would not copy), and `patch` over them.
 */
function copyOf(article: Article, patch: Partial<Article> = {}): Article {
  const { slug, source, id, url, title, section, tags, published, size, updated } = article;
  const { author, summary, contentHtml, image, lang } = article;
  const fields = { slug, source, id, url, title, section, tags, published, size, updated };
  return { ...fields, author, summary, contentHtml, image, lang, ...patch };
}

function formatOf(path: string): FeedFormat {
  return path.includes('rss.xml') ? 'rss' : path.includes('atom.xml') ? 'atom' : 'json';
}

/** The view of the site feed's paths (the ones this test can rebuild without routing). */
function viewFor(catalog: Catalog, path: string): FeedView | undefined {
  const match = /^\/(?:rss\.xml|atom\.xml|feed\.json)(\?limit=(\d+))?$/.exec(path);
  if (!match) return undefined;
  return buildFeedView(config, catalog.site, 1, Number(match[2] ?? 50));
}
