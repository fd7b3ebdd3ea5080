// Debian's python3-feedparser 6.0.10 fetching every feed from a real server on loopback,
// then revisiting it as a feed reader does, with the validators it was given.
import { authorScopes } from '../../src/store/author-index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allFeedPaths, type TestApp } from '../support/app.ts';
import { visitWithFeedparser, type FeedparserVisit } from '../support/feedparser-http.ts';
import { startContentServer, type RunningServer } from '../support/server.ts';
import { lacks } from '../support/tools.ts';

const STALE_ETAG = '"nope"';

/** Skipped, and named at the end of the run, where feedparser is not installed. */
const describeWithFeedparser = describe.skipIf(lacks(['feedparser'], import.meta.url));

describeWithFeedparser('Debian feedparser reading every feed over HTTP', () => {
  let server: RunningServer;
  let test: TestApp;
  let visits: FeedparserVisit[];
  /** Per feed URL, the item ids of the same feed's JSON Feed, fetched from the server. */
  const expectedIds = new Map<string, string[]>();

  const xmlVisits = () => visits.filter((v) => !v.url.endsWith('/feed.json'));
  const jsonVisits = () => visits.filter((v) => v.url.endsWith('/feed.json'));

  beforeAll(async () => {
    ({ server, test } = await startContentServer());
    const urls = allFeedPaths(test.catalog).map((path) => server.url + path);
    for (const url of urls) {
      const json = await fetch(url.replace(/(rss|atom)\.xml$/, 'feed.json'));
      const feed = (await json.json()) as { items: { id: string }[] };
      expectedIds.set(
        url,
        feed.items.map((item) => item.id),
      );
    }
    server.requests.length = 0; // from here on, only feedparser's requests
    visits = await visitWithFeedparser(urls, STALE_ETAG);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  it('visits every feed URL of the content store, site, sections, tags and authors in three formats', () => {
    expect(visits.map((v) => v.url)).toEqual(
      allFeedPaths(test.catalog).map((path) => server.url + path),
    );
    expect(visits.length).toBe(
      3 *
        (1 + test.catalog.sections.size + test.catalog.tags.size + authorScopes(test.catalog).size),
    );
  });

  it('reads every RSS and Atom feed with status 200, no bozo flag and every article of the feed', () => {
    expect(xmlVisits().length).toBeGreaterThan(0);
    for (const { url, first } of xmlVisits()) {
      const where = `${url}: ${first.bozo_exception}`;
      expect(first.status, where).toBe(200);
      expect(first.href, where).toBe(url); // no redirect
      expect(first.bozo, where).toBe(false);
      expect(first.version, where).toBe(url.endsWith('/rss.xml') ? 'rss20' : 'atom10');
      expect(first.entries, where).toBeGreaterThan(0);
      expect(first.entry_ids, where).toEqual(expectedIds.get(url));
      expect(first.feed_title, where).toMatch(/Dateline/);
    }
  });

  it('gets every JSON Feed with status 200 and its media type (feedparser 6.0.10 cannot parse JSON Feed)', () => {
    // Debian's feedparser has no JSON Feed parser (toolchain notes), so only HTTP is checked here.
    expect(jsonVisits().length).toBe(visits.length / 3);
    for (const { url, first } of jsonVisits()) {
      expect(first.status, url).toBe(200);
      expect(first.headers['content-type'], url).toBe('application/feed+json; charset=utf-8');
      expect(expectedIds.get(url)?.length, url).toBeGreaterThan(0);
    }
  });

  it('gets status 304 when feedparser passes back the etag and modified it was given', () => {
    for (const { url, first, both } of visits) {
      expect(first.etag, url).toMatch(/^"[^"]+"$/);
      expect(first.modified, url).toMatch(
        /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/,
      );
      expect(both.status, url).toBe(304);
      expect(both.entries, url).toBe(0);
      // RFC 9110 section 15.4.5: a 304 carries the ETag, Cache-Control and Vary of the 200.
      expect(both.headers.etag, url).toBe(first.etag);
      expect(both.headers['cache-control'], url).toBe(first.headers['cache-control']);
      expect(both.headers.vary, url).toBe(first.headers.vary);
      expect(both.headers['last-modified'], url).toBe(first.modified);
    }
  });

  it('gets status 304 when feedparser passes back only the modified date, without an etag', () => {
    for (const { url, modified_only } of visits) {
      expect(modified_only.status, url).toBe(304);
      expect(modified_only.entries, url).toBe(0);
    }
  });

  it('gets status 200 and the whole feed with a stale etag, even beside a current modified date', () => {
    // RFC 9110 section 13.2.2: If-None-Match, when present, decides; If-Modified-Since is ignored.
    for (const { url, stale_etag, stale_etag_and_modified } of visits) {
      for (const fetched of [stale_etag, stale_etag_and_modified]) {
        expect(fetched.status, url).toBe(200);
        if (!url.endsWith('/feed.json')) {
          expect(fetched.bozo, url).toBe(false);
          expect(fetched.entry_ids, url).toEqual(expectedIds.get(url));
        }
      }
    }
  });

  it('receives gzip bodies because it accepts gzip, under a gzip entity tag that revalidates to 304', async () => {
    const acceptEncodings = new Set(server.requests.map((r) => r.headers['accept-encoding']));
    expect([...acceptEncodings]).toEqual(['gzip, deflate']); // feedparser 6.0.10: no br
    for (const { url, first, both } of visits) {
      expect(first.headers['content-encoding'], url).toBe('gzip');
      expect(first.headers.vary, url).toContain('Accept-Encoding');
      // A different content coding is a different representation (RFC 9110 section 8.8.3).
      const identity = await test.get(new URL(url).pathname);
      expect(identity.headers.get('content-encoding'), url).toBeNull();
      expect(first.etag, url).not.toBe(identity.headers.get('etag'));
      expect(both.status, url).toBe(304);
    }
    const revalidations = server.requests.filter(
      (r) => r.headers['if-none-match'] && r.headers['if-none-match'] !== STALE_ETAG,
    );
    expect(revalidations.length).toBe(visits.length);
    expect(revalidations.every((r) => r.headers['if-none-match']?.endsWith('-gzip"'))).toBe(true);
    expect(revalidations.every((r) => r.status === 304)).toBe(true);
  });

  it('sends a feed reader’s Accept header and gets feeds, never the HTML preview', () => {
    expect(server.requests.length).toBe(5 * visits.length);
    const first = server.requests[0];
    expect(first?.headers['user-agent']).toMatch(/^feedparser\/6\./);
    expect(first?.headers.accept).toMatch(/^application\/atom\+xml,/);
    for (const { url, first: fetched } of visits) {
      expect(fetched.headers['content-type'], url).not.toMatch(/html/);
    }
    expect(server.requests.every((r) => r.status === 200 || r.status === 304)).toBe(true);
  });
});
