// newsboat 2.21, a real feed reader, subscribing to the feeds of a real server on loopback.
import { authorScopes } from '../../src/store/author-index.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp } from '../support/app.ts';
import { newsboatProfile, type NewsboatProfile } from '../support/newsboat.ts';
import { startContentServer, type RunningServer } from '../support/server.ts';
import { lacks } from '../support/tools.ts';
import { decodeHtmlOnce } from '../support/validators.ts';

const FEEDS = [
  '/rss.xml',
  '/atom.xml',
  '/sections/palestine/rss.xml',
  '/sections/palestine/atom.xml',
];
const JSON_FEEDS = ['/feed.json', '/sections/palestine/feed.json'];

/** Skipped, and named at the end of the run, where newsboat is not installed. */
const describeWithNewsboat = describe.skipIf(lacks(['newsboat'], import.meta.url));

describeWithNewsboat('newsboat 2.21 reading the feeds over HTTP', () => {
  let server: RunningServer;
  let test: TestApp;
  const profiles: NewsboatProfile[] = [];

  /** A fresh profile of its own: newsboat merges items with the same guid across feeds. */
  const profile = (urls: string[] = []) => {
    const created = newsboatProfile(urls);
    profiles.push(created);
    return created;
  };

  /** The item ids of a feed, from its JSON Feed as the server sends it. */
  async function jsonIds(feedUrl: string): Promise<string[]> {
    const response = await fetch(feedUrl.replace(/(rss|atom)\.xml$/, 'feed.json'));
    expect(response.status, feedUrl).toBe(200);
    const feed = (await response.json()) as { items: { id: string }[] };
    return feed.items.map((item) => item.id);
  }

  beforeAll(async () => {
    ({ server, test } = await startContentServer());
  });

  afterAll(async () => {
    for (const created of profiles) created.remove();
    await server?.close();
  });

  it.each(FEEDS)('reports as unread every article of %s', async (path) => {
    const url = server.url + path;
    const reader = profile([url]);
    await reader.reload();
    expect(reader.userErrors()).toEqual([]);
    const ids = await jsonIds(url);
    expect(ids.length).toBeGreaterThan(0);
    expect(await reader.unread()).toBe(ids.length);
  });

  it.each(JSON_FEEDS)(
    'cannot read the JSON Feed %s: newsboat 2.21 parses only XML and logs an error',
    async (path) => {
      // Not a defect of the feed: newsboat 2.21 has no JSON Feed parser. It fetches the feed
      // (status 200), hands the JSON to its XML parser, logs a user error and shows nothing.
      const url = server.url + path;
      const reader = profile([url]);
      const before = server.requests.length;
      await reader.reload();
      const fetched = server.requests.slice(before).filter((r) => r.path === path);
      expect(fetched.map((r) => r.status)).toEqual([200]);
      expect(reader.userErrors()).toEqual([
        expect.stringContaining(`Error while retrieving ${url}: XML root node is NULL`),
      ]);
      expect(await reader.unread()).toBe(0);
      expect((await jsonIds(url)).length).toBeGreaterThan(0); // the feed has articles
    },
  );

  it('revalidates with the etag and date it stored, gets 304 and keeps every article', async () => {
    const path = '/sections/palestine/rss.xml';
    const reader = profile([server.url + path]);
    const before = server.requests.length;
    // newsboat 2.21 stores a feed's validators only once the feed is in its cache (after the
    // first reload), so its second fetch is unconditional; the third is conditional.
    for (let i = 0; i < 3; i++) await reader.reload();
    const fetches = server.requests.slice(before).filter((r) => r.path === path);
    expect(fetches.length).toBe(3);
    expect(fetches[0]?.status).toBe(200);
    const conditional = fetches.filter((r) => r.headers['if-none-match'] !== undefined);
    expect(conditional.length).toBeGreaterThan(0);
    expect(conditional.map((r) => r.status)).toEqual(conditional.map(() => 304));
    expect(fetches[2]?.status).toBe(304);
    const sent = fetches[2]?.headers ?? {};
    const current = await fetch(server.url + path, {
      headers: { 'Accept-Encoding': fetches[0]?.headers['accept-encoding'] ?? '' },
    });
    expect(sent['if-none-match']).toBe(current.headers.get('etag'));
    expect(sent['if-modified-since']).toBe(current.headers.get('last-modified'));
    expect(await reader.unread()).toBe((await jsonIds(server.url + path)).length);
  });

  it('imports every xmlUrl of /feeds.opml, then shows each distinct article of those feeds once', async () => {
    const reader = profile();
    const opml = await (await fetch(`${server.url}/feeds.opml`)).text();
    const opmlFile = join(reader.dir, 'feeds.opml');
    writeFileSync(opmlFile, opml);
    const imported = await reader.run(['-i', opmlFile]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`Import of ${opmlFile} finished.`);

    const xmlUrls = [...opml.matchAll(/\bxmlUrl="([^"]*)"/g)].map((m) => decodeHtmlOnce(m[1]!));
    expect(xmlUrls.length).toBe(
      1 + test.catalog.sections.size + test.catalog.tags.size + authorScopes(test.catalog).size,
    );
    const lines = readFileSync(reader.urlsFile, 'utf8').split('\n').filter(Boolean);
    // A line is `URL` or `URL "tag"...`: newsboat tags each feed with its OPML folder.
    const urlsInFile = lines.map((line) => line.split(' ')[0]);
    expect(new Set(urlsInFile)).toEqual(new Set(xmlUrls));
    expect(urlsInFile.length).toBe(xmlUrls.length);

    // Reloading them all: newsboat shows an article once however many feeds carry its guid,
    // so the unread count is the number of distinct ids across the feeds, not their sum.
    await reader.reload();
    expect(reader.userErrors()).toEqual([]);
    const idsPerFeed = await Promise.all(xmlUrls.map(jsonIds));
    const distinct = new Set(idsPerFeed.flat());
    const sum = idsPerFeed.reduce((total, ids) => total + ids.length, 0);
    expect(sum).toBeGreaterThan(distinct.size); // the merge is really exercised
    const unread = await reader.unread();
    expect(unread).toBeGreaterThan(0);
    expect(unread).toBe(distinct.size);
  });
});
