import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { allFeedPaths, contentApp, feedJson } from '../support/app.ts';
import { needTool } from '../support/tools.ts';
import { slugify } from '../../src/content/slug.ts';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
function xpath(xml: string, expression: string): string {
  needTool('xmllint');
  return execFileSync('xmllint', ['--xpath', expression, '-'], { input: xml, encoding: 'utf8' });
}

describe('discovery', async () => {
  const { get, catalog } = await contentApp();

  it('gives every article page feed autodiscovery for the site, its section, tags and author, each feed there', async () => {
    for (const article of catalog.bySlug.values()) {
      const page = await (await get(`/articles/${article.slug}`)).text();
      const head = page.slice(0, page.indexOf('</head>'));
      const hrefs = [
        ...head.matchAll(/<link rel="alternate" type="([^"]+)"[^>]* href="([^"]+)">/g),
      ];
      const folders = [
        '',
        `sections/${encodeURIComponent(article.section.slug)}/`,
        ...article.tags.map((t) => `tags/${encodeURIComponent(t.slug)}/`),
        ...(article.author ? [`authors/${encodeURIComponent(slugify(article.author))}/`] : []),
      ];
      const files = ['rss.xml', 'atom.xml', 'feed.json'];
      expect(hrefs.map((m) => m[2])).toEqual(
        folders.flatMap((f) => files.map((file) => `http://localhost:8787/${f}${file}`)),
      );
      for (const [, type, href] of hrefs) {
        const feed = await get(href!.replace('http://localhost:8787', ''));
        expect(feed.status, href).toBe(200);
        expect(feed.headers.get('content-type'), href).toBe(`${type}; charset=utf-8`);
      }
    }
  });

  it('lists every section and tag on the home page with counts and links to the three formats', async () => {
    const home = await (await get('/')).text();
    for (const [slug, scope] of [...catalog.sections, ...catalog.tags]) {
      const kind = scope.kind === 'section' ? 'sections' : 'tags';
      const base = `http://localhost:8787/${kind}/${encodeURIComponent(slug)}/`;
      for (const file of ['rss.xml', 'atom.xml', 'feed.json'])
        expect(home).toContain(`href="${base}${file}"`);
      expect(home).toContain(`(${scope.articles.length})`);
    }
  });

  it('lists every feed in /feeds.opml as OPML 2.0 ready to import', async () => {
    const response = await get('/feeds.opml');
    expect(response.headers.get('content-type')).toBe('text/x-opml; charset=utf-8');
    const opml = await response.text();
    needTool('xmllint');
    execFileSync('xmllint', ['--noout', '-'], { input: opml });
    const xmlUrls = xpath(opml, '//outline/@xmlUrl')
      .match(/xmlUrl="[^"]*"/g)!
      .map((a) => a.slice(8, -1));
    const expected = allFeedPaths(catalog)
      .filter((p) => p.endsWith('rss.xml'))
      .map((p) => `http://localhost:8787${p}`);
    expect(xmlUrls.sort()).toEqual(expected.sort());
    // The W3C validator wants a type on every outline with more than a text attribute.
    expect(Number(xpath(opml, 'count(//outline[@xmlUrl and not(@type="rss")])'))).toBe(0);
    expect(Number(xpath(opml, 'count(//outline[not(@xmlUrl)][@*[name()!="text"]])'))).toBe(0);
  });
});

describe('a feed opened in a browser', async () => {
  const { get } = await contentApp();

  it('is a readable HTML page with the titles and the address to subscribe to', async () => {
    const response = await get('/sections/palestine/rss.xml', { Accept: BROWSER });
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    const feed = await feedJson(await get('/sections/palestine/feed.json'));
    for (const item of feed.items)
      expect(html).toContain(item.title.replace(/&/g, '&amp;').replace(/"/g, '&quot;'));
    expect(html).toContain('value="http://localhost:8787/sections/palestine/rss.xml"');
    expect(html).not.toContain('<script');
  });

  it('stays the feed, byte for byte, for readers whatever Accept they send', async () => {
    const plain = await (await get('/sections/palestine/rss.xml')).text();
    for (const accept of ['*/*', 'application/rss+xml', 'application/rss+xml, text/html;q=0.5']) {
      const response = await get('/sections/palestine/rss.xml', { Accept: accept });
      expect(response.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
      expect(await response.text()).toBe(plain);
    }
  });

  it('has its own ETag, so caches keyed by Vary: Accept never mix the two', async () => {
    const page = await get('/atom.xml', { Accept: BROWSER });
    const feed = await get('/atom.xml');
    expect(page.headers.get('etag')).not.toBe(feed.headers.get('etag'));
    expect(feed.headers.get('vary')).toBe('Accept, Accept-Encoding');
  });
});

describe('WebSub', async () => {
  const hub = 'https://hub.example.org/';
  const { get } = await contentApp({ WEBSUB_HUB: hub });

  it('advertises the hub and the self URL in every format and in Link headers', async () => {
    const self = 'http://localhost:8787/tags/gaza/';
    const rss = await get('/tags/gaza/rss.xml');
    expect(rss.headers.get('link')).toBe(`<${hub}>; rel="hub", <${self}rss.xml>; rel="self"`);
    expect(await rss.text()).toContain(`<atom:link rel="hub" href="${hub}"/>`);
    expect(await (await get('/tags/gaza/atom.xml')).text()).toContain(
      `<link rel="hub" href="${hub}"/>`,
    );
    const json = await feedJson(await get('/tags/gaza/feed.json'));
    expect(json.hubs).toEqual([{ type: 'WebSub', url: hub }]);
    expect(json.feed_url).toBe(`${self}feed.json`);
  });

  it('is not mentioned when no hub is configured', async () => {
    const { get: plainGet } = await contentApp();
    const response = await plainGet('/tags/gaza/rss.xml');
    expect(response.headers.get('link')).toBeNull();
    expect(await response.text()).not.toContain('rel="hub"');
  });
});
