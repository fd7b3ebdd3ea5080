import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { gzipWithCompressionStream } from '../../src/http/representation.ts';
import {
  appFromFiles,
  contentApp,
  dispatch,
  feedJson,
  filesFrom,
  TEST_CLOCK,
} from '../support/app.ts';

const { get, app } = await contentApp();
const request = (path: string, init: RequestInit = {}) => app.request(path, init);

/** The newest change among a JSON feed's items, read from the feed itself. */
async function newestChange(jsonPath: string): Promise<number> {
  const feed = await feedJson(await get(jsonPath));
  return Math.max(
    ...feed.items.map((i: { date_published: string; date_modified?: string }) =>
      Date.parse(i.date_modified ?? i.date_published),
    ),
  );
}

describe('validators', () => {
  it('every feed, page and the OPML carry a strong ETag and Last-Modified', async () => {
    for (const path of [
      '/rss.xml',
      '/sections/palestine/atom.xml',
      '/tags/gaza/feed.json',
      '/',
      '/sections/palestine/',
      '/articles/2024/rafah-talks',
      '/feeds.opml',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('etag'), path).toMatch(/^"[A-Za-z0-9_-]{10,}"$/);
      expect(response.headers.get('last-modified'), path).toMatch(
        /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
      );
    }
  });

  it('Last-Modified is the newest item change of that feed, not of the whole site', async () => {
    for (const path of ['/feed.json', '/sections/economy/feed.json', '/tags/gaza/feed.json']) {
      const response = await get(path);
      expect(response.headers.get('last-modified'), path).toBe(
        new Date(await newestChange(path)).toUTCString(),
      );
    }
    expect((await get('/sections/palestine/rss.xml')).headers.get('last-modified')).not.toBe(
      (await get('/rss.xml')).headers.get('last-modified'),
    );
  });

  it('the same content gives the same ETags from a separately built app', async () => {
    const other = await contentApp();
    for (const path of ['/rss.xml', '/tags/gaza/atom.xml', '/']) {
      expect((await other.get(path)).headers.get('etag')).toBe(
        (await get(path)).headers.get('etag'),
      );
    }
  });
});

describe('conditional GET (RFC 9110 section 13)', async () => {
  const first = await get('/sections/palestine/rss.xml');
  const etag = first.headers.get('etag')!;
  const lastModified = first.headers.get('last-modified')!;
  const conditional = (headers: Record<string, string>) =>
    get('/sections/palestine/rss.xml', headers);

  it('answers 304 with no body to a matching If-None-Match, keeping ETag, Cache-Control and Vary', async () => {
    const response = await conditional({ 'If-None-Match': etag });
    expect(response.status).toBe(304);
    expect(await response.text()).toBe('');
    for (const header of ['etag', 'cache-control', 'vary', 'last-modified']) {
      expect(response.headers.get(header), header).toBe(first.headers.get(header));
    }
  });

  it.each([
    ['a weakened tag from a CDN', (tag: string) => `W/${tag}`],
    ['a list', (tag: string) => `"other", ${tag}, "third"`],
    ['the wildcard', () => '*'],
  ])('compares If-None-Match weakly: %s matches', async (_name, make) => {
    expect((await conditional({ 'If-None-Match': make(etag) })).status).toBe(304);
  });

  it('answers 200 with the body to a stale entity tag', async () => {
    const response = await conditional({ 'If-None-Match': '"stale"' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(await first.clone().text());
  });

  it('lets If-None-Match win over If-Modified-Since', async () => {
    const response = await conditional({
      'If-None-Match': '"stale"',
      'If-Modified-Since': 'Fri, 01 Jan 2100 00:00:00 GMT',
    });
    expect(response.status).toBe(200);
  });

  it('compares If-Modified-Since at one-second precision', async () => {
    const lm = Date.parse(lastModified);
    expect((await conditional({ 'If-Modified-Since': lastModified })).status).toBe(304);
    expect(
      (await conditional({ 'If-Modified-Since': new Date(lm - 1000).toUTCString() })).status,
    ).toBe(200);
    expect(
      (await conditional({ 'If-Modified-Since': new Date(lm + 1000).toUTCString() })).status,
    ).toBe(304);
  });

  it('accepts the obsolete RFC 850 and asctime dates and ignores an invalid one', async () => {
    const lm = new Date(Date.parse(lastModified));
    const day = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][
      lm.getUTCDay()
    ];
    const [, dd, mon, yyyy, time] = lm.toUTCString().split(' ');
    expect(
      (
        await conditional({
          'If-Modified-Since': `${day}, ${dd}-${mon}-${yyyy!.slice(2)} ${time} GMT`,
        })
      ).status,
    ).toBe(304);
    const asctimeDay = String(lm.getUTCDate()).padStart(2, ' ');
    expect(
      (
        await conditional({
          'If-Modified-Since': `${day!.slice(0, 3)} ${mon} ${asctimeDay} ${time} ${yyyy}`,
        })
      ).status,
    ).toBe(304);
    expect((await conditional({ 'If-Modified-Since': 'yesterday' })).status).toBe(200);
  });

  it('answers HEAD with the GET headers and no body', async () => {
    const head = await request('/sections/palestine/rss.xml', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    for (const header of [
      'etag',
      'last-modified',
      'content-type',
      'content-length',
      'cache-control',
      'vary',
    ]) {
      expect(head.headers.get(header), header).toBe(first.headers.get(header));
    }
  });

  it('answers other methods with 405 and Allow', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const response = await request('/sections/palestine/rss.xml', { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
    }
  });
});

describe('caching hints', () => {
  it.each([
    ['300', 'max-age=300, stale-while-revalidate=300', 5, 'hourly', 12],
    ['900', 'max-age=900, stale-while-revalidate=900', 15, 'hourly', 4],
    ['7200', 'max-age=7200, stale-while-revalidate=7200', 120, 'daily', 12],
  ])(
    'FEED_TTL=%s gives Cache-Control, RSS ttl and sy:update* that agree',
    async (ttl, cache, minutes, period, frequency) => {
      const { get } = appFromFiles(filesFrom({ 'a.txt': dispatch({}) }), { FEED_TTL: ttl });
      const response = await get('/rss.xml');
      expect(response.headers.get('cache-control')).toBe(`public, ${cache}, stale-if-error=86400`);
      expect(response.headers.get('vary')).toBe('Accept, Accept-Encoding');
      const rss = await response.text();
      expect(rss).toContain(`<ttl>${minutes}</ttl>`);
      expect(rss).toContain(`<sy:updatePeriod>${period}</sy:updatePeriod>`);
      expect(rss).toContain(`<sy:updateFrequency>${frequency}</sy:updateFrequency>`);
      // The three say the same: minutes * 60 = seconds = (period length / frequency).
      expect(minutes * 60).toBe(Number(ttl));
      expect((period === 'hourly' ? 3600 : 86400) / frequency).toBe(Number(ttl));
    },
  );
});

describe('compression', async () => {
  const br = (bytes: Uint8Array) => Promise.resolve(new Uint8Array(brotliCompressSync(bytes)));
  const base = await contentApp();
  const brApp = createApp({
    store: { current: () => base.catalog },
    clock: TEST_CLOCK,
    config: base.config,
    encoders: { br, gzip: gzipWithCompressionStream },
  });
  const fetchWith = (encoding: string | undefined, extra: Record<string, string> = {}) =>
    brApp.request('/atom.xml', {
      headers: { ...(encoding ? { 'Accept-Encoding': encoding } : {}), ...extra },
    });
  const identity = await fetchWith(undefined);
  const identityBytes = new Uint8Array(await identity.clone().arrayBuffer());

  it('sends gzip and br when accepted, identity otherwise, each decoding to the same bytes', async () => {
    const gz = await fetchWith('gzip');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(new Uint8Array(gunzipSync(new Uint8Array(await gz.arrayBuffer())))).toEqual(
      identityBytes,
    );
    const brotli = await fetchWith('gzip, deflate, br');
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(
      new Uint8Array(brotliDecompressSync(new Uint8Array(await brotli.arrayBuffer()))),
    ).toEqual(identityBytes);
    expect(identity.headers.get('content-encoding')).toBeNull();
    expect((await fetchWith('gzip;q=0, br;q=0')).headers.get('content-encoding')).toBeNull();
    expect((await fetchWith('br;q=0.5, gzip')).headers.get('content-encoding')).toBe('gzip');
  });

  it('gives each encoding its own stable ETag, and 304s for each', async () => {
    const tags = new Set<string>();
    for (const encoding of [undefined, 'gzip', 'br']) {
      const tag = (await fetchWith(encoding)).headers.get('etag')!;
      expect((await fetchWith(encoding)).headers.get('etag')).toBe(tag);
      expect((await fetchWith(encoding, { 'If-None-Match': tag })).status).toBe(304);
      tags.add(tag);
    }
    expect(tags.size).toBe(3);
  });
});
