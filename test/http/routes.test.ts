import { describe, expect, it } from 'vitest';
import {
  allFeedPaths,
  appFromFiles,
  contentApp,
  dispatch,
  feedJson,
  filesFrom,
} from '../support/app.ts';

const TYPES: Record<string, string> = {
  'rss.xml': 'application/rss+xml; charset=utf-8',
  'atom.xml': 'application/atom+xml; charset=utf-8',
  'feed.json': 'application/feed+json; charset=utf-8',
};

describe('feed routes', async () => {
  const { catalog, get } = await contentApp();

  it('serve the site, every section and every tag in three formats with their content types', async () => {
    const paths = allFeedPaths(catalog);
    expect(paths).toContain('/sections/palestine/rss.xml');
    expect(paths).toContain('/tags/benjamin-netanyahu/atom.xml');
    expect(paths).toContain(`/tags/${encodeURIComponent('غزة')}/feed.json`);
    for (const path of paths) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toBe(TYPES[path.split('/').pop()!]);
    }
  });

  it('show the seed in the Palestine section as published Fri, 19 Apr 2024 15:22:00 GMT', async () => {
    const rss = await (await get('/sections/palestine/rss.xml')).text();
    const item = rss.split('<item>').find((i) => i.includes('/articles/2024/rafah-talks<'));
    expect(item).toContain('<pubDate>Fri, 19 Apr 2024 15:22:00 GMT</pubDate>');
  });

  it('list items newest first', async () => {
    const feed = await feedJson(await get('/feed.json'));
    const dates = feed.items.map((i) => Date.parse(i.date_published));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    expect(feed.items).toHaveLength(catalog.bySlug.size);
  });

  it('find a section or tag by any case of its name and redirect to the canonical address', async () => {
    const upper = await get('/sections/PALESTINE/rss.xml?limit=2');
    expect(upper.status).toBe(301);
    expect(upper.headers.get('location')).toBe(
      'http://localhost:8787/sections/palestine/rss.xml?limit=2',
    );
    const spaced = await get('/tags/Benjamin%20Netanyahu/feed.json');
    expect(spaced.headers.get('location')).toBe(
      'http://localhost:8787/tags/benjamin-netanyahu/feed.json',
    );
  });

  it('answer an unknown section or tag with 404 and one short line', async () => {
    for (const path of ['/sections/sport/rss.xml', '/tags/nothing/atom.xml']) {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect((await response.text()).trim().split('\n')).toHaveLength(1);
    }
  });

  it('reject a bad limit or page with 400 and the reason', async () => {
    for (const query of [
      'limit=0',
      'limit=501',
      'limit=abc',
      'limit=1.5',
      'limit=-3',
      'limit=',
      'page=0',
      'page=x',
      'limit=5&limit=6',
    ]) {
      const response = await get(`/rss.xml?${query}`);
      expect(response.status, query).toBe(400);
      expect(await response.text(), query).toMatch(
        /^(limit|page) (must be a whole number from 1 to \d+|is given more than once)\n$/,
      );
    }
  });

  it('redirect other spellings of a page to its one canonical address', async () => {
    for (const [query, location] of [
      ['?limit=2&page=2', '/page/2/rss.xml?limit=2'],
      ['?page=3&limit=3', '/page/3/rss.xml?limit=3'],
      ['?page=1', '/rss.xml'],
      ['?limit=50', '/rss.xml'],
      ['?utm_source=x&page=2&limit=2', '/page/2/rss.xml?limit=2'],
    ]) {
      const response = await get(`/rss.xml${query}`);
      expect(response.status, query).toBe(301);
      expect(response.headers.get('location'), query).toBe(`http://localhost:8787${location}`);
    }
  });

  it('redirect other spellings of a page path, and reject a page given twice', async () => {
    const first = await get('/sections/PALESTINE/page/1/atom.xml?limit=2');
    expect(first.headers.get('location')).toBe(
      'http://localhost:8787/sections/palestine/page/1/atom.xml?limit=2',
    );
    const canonical = await get('/sections/palestine/page/1/atom.xml?limit=2');
    expect(canonical.headers.get('location')).toBe(
      'http://localhost:8787/sections/palestine/atom.xml?limit=2',
    );
    expect((await get('/page/2/rss.xml?page=2&limit=2')).status).toBe(400);
    expect((await get('/page/02/rss.xml?limit=2')).status).toBe(400);
  });

  it('answer a page past the end with 404', async () => {
    const response = await get('/page/99/rss.xml');
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/past the end/);
  });

  it('answer malformed percent-encoding in the path with 400', async () => {
    expect((await get('/tags/%E0%A4%A/rss.xml')).status).toBe(400);
  });
});

describe('paging', () => {
  const files = Object.fromEntries(
    Array.from({ length: 7 }, (_, i) => [
      `a${i}.txt`,
      dispatch({
        title: `Story ${i}`,
        dateline: `Mon ${i + 1} Jan 2024 9:00 am - Jerusalem Time`.replace(
          /^Mon/,
          ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][i]!,
        ),
      }),
    ]),
  );
  const { get } = appFromFiles(filesFrom(files));

  it('walks older items with ?page and next links until none remain, each item once', async () => {
    const seen: string[] = [];
    let url: string | undefined = 'http://localhost:8787/feed.json?limit=3';
    while (url) {
      const feed = await feedJson(await get(url.replace('http://localhost:8787', '')));
      seen.push(...feed.items.map((i) => i.title));
      url = feed.next_url;
    }
    expect(seen).toEqual([
      'Story 6',
      'Story 5',
      'Story 4',
      'Story 3',
      'Story 2',
      'Story 1',
      'Story 0',
    ]);
  });

  it('links the next page in Atom and RSS with atom:link rel="next"', async () => {
    const atom = await (await get('/atom.xml?limit=3')).text();
    expect(atom).toContain(
      '<link rel="next" type="application/atom+xml" href="http://localhost:8787/page/2/atom.xml?limit=3"/>',
    );
    const rss = await (await get('/page/3/rss.xml?limit=3')).text();
    expect(rss).not.toContain('rel="next"');
    expect(rss).toContain(
      '<atom:link rel="previous" type="application/rss+xml" href="http://localhost:8787/page/2/rss.xml?limit=3"/>',
    );
  });
});

describe('other routes', async () => {
  const { get, catalog } = await contentApp();

  it('serve each article as a readable HTML page, right to left for Arabic', async () => {
    const page = await get('/articles/2024/rafah-talks');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<h1>The ambiguity of the American position');
    const arabic = [...catalog.bySlug.values()].find((a) => a.lang === 'ar')!;
    const html = await (await get(`/articles/${arabic.slug}`)).text();
    expect(html).toMatch(/<html lang="ar" dir="rtl">/);
  });

  it('answer an unknown article or route with 404', async () => {
    expect((await get('/articles/2024/nope')).status).toBe(404);
    expect((await get('/wp-admin')).status).toBe(404);
  });

  it('report loaded and rejected articles on /healthz', async () => {
    expect(await (await get('/healthz')).json()).toEqual({
      status: 'ok',
      articles: catalog.bySlug.size,
      rejected: 0,
    });
  });

  it('serve HTML pages for the home, each section and each tag with feed autodiscovery', async () => {
    const home = await (await get('/')).text();
    expect(home).toContain('<link rel="alternate" type="application/rss+xml"');
    const section = await (await get('/sections/palestine/')).text();
    expect(section).toContain('href="http://localhost:8787/sections/palestine/atom.xml"');
    expect((await get('/sections/palestine')).status).toBe(301);
  });
});
