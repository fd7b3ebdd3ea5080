import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import type { Article } from '../../src/content/article.ts';
import type { Catalog } from '../../src/store/catalog.ts';
import { fixedStore } from '../../src/store/store.ts';
import {
  appFromFiles,
  contentApp,
  dispatch,
  feedJson,
  filesFrom,
  TEST_CLOCK,
} from '../support/app.ts';
import { needTool } from '../support/tools.ts';

const SCHEMAS = new URL('../schemas/', import.meta.url).pathname;

/** xmllint against the retyped sitemaps.org and news schemas; '' when valid. */
function schemaErrors(xml: string, schema: 'sitemap.xsd' | 'news-sitemap.xsd'): string {
  needTool('xmllint');
  try {
    execFileSync('xmllint', ['--noout', '--schema', SCHEMAS + schema, '-'], {
      input: xml,
      stdio: 'pipe',
    });
    return '';
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr);
  }
}

const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);

describe('/sitemap.xml', async () => {
  const { get, catalog } = await contentApp();

  it('lists every article page with its last change, valid by the sitemaps.org schema', async () => {
    const response = await get('/sitemap.xml');
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const xml = await response.text();
    expect(schemaErrors(xml, 'sitemap.xsd')).toBe('');
    const feed = await feedJson(await get('/feed.json'));
    const pages = [...catalog.bySlug.keys()].map(
      (slug) =>
        `http://localhost:8787/articles/${slug.split('/').map(encodeURIComponent).join('/')}`,
    );
    expect(new Set(locs(xml))).toEqual(new Set(pages));
    const lastmods = [...xml.matchAll(/<lastmod>([^<]+)<\/lastmod>/g)].map((m) => m[1]);
    expect(lastmods).toEqual(
      feed.items.map(
        (i: { date_modified?: string; date_published: string }) =>
          i.date_modified ?? i.date_published,
      ),
    );
  });

  it('is linked from /robots.txt with the news sitemap', async () => {
    const robots = await (await get('/robots.txt')).text();
    expect(robots).toContain('Sitemap: http://localhost:8787/sitemap.xml\n');
    expect(robots).toContain('Sitemap: http://localhost:8787/news-sitemap.xml\n');
  });

  it('becomes an index of 50,000-page parts past 50,000 articles', async () => {
    const config = parseConfig({});
    const articles: Article[] = Array.from({ length: 50_001 }, (_, i) => ({
      slug: `a/${String(50_001 - i).padStart(6, '0')}`,
      source: '',
      size: 1,
      id: `urn:x:${i}`,
      url: `http://localhost:8787/articles/a/${i}`,
      title: `t${i}`,
      section: { name: 'S', slug: 's' },
      tags: [],
      published: Date.UTC(2024, 0, 1) - i * 60_000,
      summary: '',
      contentHtml: '<p>x</p>',
    }));
    const site = { kind: 'site' as const, articles, lastChange: articles[0]!.published };
    const big: Catalog = {
      site,
      sections: new Map(),
      tags: new Map(),
      bySlug: new Map(),
      problems: [],
    };
    const app = createApp({ store: fixedStore(big), config, clock: TEST_CLOCK });
    const index = await (await app.request('/sitemap.xml')).text();
    expect(index).toContain('<sitemapindex');
    expect(schemaErrors(index, 'sitemap.xsd')).toBe('');
    expect(locs(index)).toEqual([
      'http://localhost:8787/sitemaps/1.xml',
      'http://localhost:8787/sitemaps/2.xml',
    ]);
    const second = await (await app.request('/sitemaps/2.xml')).text();
    expect(locs(second)).toEqual(['http://localhost:8787/articles/a/000001']);
    expect(schemaErrors(second, 'sitemap.xsd')).toBe('');
    expect((await app.request('/sitemaps/3.xml')).status).toBe(404);
  }, 60_000);
});

describe('/news-sitemap.xml', () => {
  // The newest article: Fri 5 Jan 2024 12:00 (+02:00) = 10:00Z. Two days before it: 3 Jan 10:00Z.
  const at = (date: string) => `${date} - Jerusalem Time`;
  const { get } = appFromFiles(
    filesFrom({
      'newest.txt': dispatch({ dateline: at('Fri 5 Jan 2024 12:00 pm'), title: 'Newest' }),
      'day.txt': dispatch({ dateline: at('Thu 4 Jan 2024 12:00 pm'), title: 'A day before' }),
      'inside.txt': dispatch({
        dateline: at('Wed 3 Jan 2024 12:05 pm'),
        title: 'Two days less five minutes',
      }),
      'edge.txt': dispatch({
        dateline: at('Wed 3 Jan 2024 12:00 pm'),
        title: 'Exactly two days before',
      }),
      'old.txt': dispatch({ dateline: at('Tue 2 Jan 2024 9:00 am'), title: 'Older' }),
      'ar.txt': dispatch({
        dateline: at('Fri 5 Jan 2024 9:00 am'),
        title: 'خبر عاجل',
        body: ['نص الخبر.'],
      }),
      'gb.md': `---\ntitle: British\nsection: S\nlang: en-GB\ndateline: ${at('Fri 5 Jan 2024 8:00 am')}\n---\nBody.\n`,
    }),
  );

  it('holds the articles of the two days before the newest article, valid by the news schema', async () => {
    const xml = await (await get('/news-sitemap.xml')).text();
    expect(schemaErrors(xml, 'news-sitemap.xsd')).toBe('');
    const titles = [...xml.matchAll(/<news:title>([^<]+)<\/news:title>/g)].map((m) => m[1]);
    expect(titles).toEqual([
      'Newest',
      'خبر عاجل',
      'British',
      'A day before',
      'Two days less five minutes',
    ]);
    expect(xml).toContain('<news:publication_date>2024-01-05T10:00:00Z</news:publication_date>');
  });

  it('names the publication and each article language as an ISO 639 code', async () => {
    const xml = await (await get('/news-sitemap.xml')).text();
    const languages = [...xml.matchAll(/<news:language>([^<]+)<\/news:language>/g)].map(
      (m) => m[1],
    );
    expect(languages).toEqual(['en', 'ar', 'en', 'en', 'en']);
    expect(xml.match(/<news:name>Dateline<\/news:name>/g)).toHaveLength(5);
  });

  it('lists at most 1,000 articles, the newest', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 1_010; i += 1) {
      const minute = String(i % 60).padStart(2, '0');
      const hour = 1 + (Math.floor(i / 60) % 12);
      files[`n${i}.txt`] = dispatch({
        dateline: at(`Fri 5 Jan 2024 ${hour}:${minute} pm`),
        title: `N${i}`,
      });
    }
    const { get: getMany, catalog } = appFromFiles(filesFrom(files));
    const xml = await (await getMany('/news-sitemap.xml')).text();
    const expected = catalog.site.articles.slice(0, 1_000).map((a) => a.title);
    expect([...xml.matchAll(/<news:title>([^<]+)<\/news:title>/g)].map((m) => m[1])).toEqual(
      expected,
    );
    expect(schemaErrors(xml, 'news-sitemap.xsd')).toBe('');
  }, 60_000);
});
