import { describe, expect, it } from 'vitest';
import { ResponseCache, type RawRequest } from '../../src/http/fast-path.ts';
import { contentApp } from '../support/app.ts';

const { app, catalog } = await contentApp();

function raw(target: string, headers: Record<string, string> = {}, method = 'GET'): RawRequest {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method, target, headers: { get: (name) => lower[name] ?? null } };
}

/** What the Node entry does: the app answers a miss, and its 200 is remembered. */
async function viaApp(cache: ResponseCache, request: RawRequest, version: object = catalog) {
  const headers: Record<string, string> = {};
  for (const name of ['accept', 'accept-encoding', 'if-none-match']) {
    const value = request.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const response = await app.request(request.target, { method: request.method, headers });
  await cache.remember(request, version, response.clone());
  return response;
}

describe('the fast path', () => {
  it('answers a repeated GET with the very bytes and headers the app gave', async () => {
    const cache = new ResponseCache(() => catalog, ['gzip']);
    const request = raw('/sections/palestine/rss.xml');
    expect(cache.lookup(request)).toBeUndefined();
    const fromApp = await viaApp(cache, request);
    const hit = cache.lookup(request)!;
    expect(hit.status).toBe(200);
    expect(Buffer.from(hit.body!).equals(Buffer.from(await fromApp.arrayBuffer()))).toBe(true);
    expect(hit.headers).toEqual([...fromApp.headers.entries()].flat());
  });

  it('answers If-None-Match and If-Modified-Since with a 304 that keeps the validators', async () => {
    const cache = new ResponseCache(() => catalog, ['gzip']);
    const fromApp = await viaApp(cache, raw('/atom.xml'));
    const etag = fromApp.headers.get('etag')!;
    const conditions: Record<string, string>[] = [
      { 'If-None-Match': `W/${etag}` },
      { 'If-Modified-Since': fromApp.headers.get('last-modified')! },
    ];
    for (const headers of conditions) {
      const hit = cache.lookup(raw('/atom.xml', headers))!;
      expect(hit.status).toBe(304);
      expect(hit.body).toBeNull();
      const names = hit.headers.filter((_, i) => i % 2 === 0);
      expect(names).toEqual(
        expect.arrayContaining(['etag', 'cache-control', 'vary', 'last-modified']),
      );
      expect(names).not.toContain('content-type');
    }
    expect(cache.lookup(raw('/atom.xml', { 'If-None-Match': '"other"' }))?.status).toBe(200);
  });

  it('keeps each content coding and each variant apart', async () => {
    const cache = new ResponseCache(() => catalog, ['gzip']);
    await viaApp(cache, raw('/rss.xml', { 'Accept-Encoding': 'gzip' }));
    expect(cache.lookup(raw('/rss.xml'))).toBeUndefined();
    expect(cache.lookup(raw('/rss.xml', { 'Accept-Encoding': 'gzip, deflate' }))).toBeDefined();
    expect(
      cache.lookup(raw('/rss.xml', { 'Accept-Encoding': 'gzip', Accept: 'text/html,*/*;q=0.8' })),
    ).toBeUndefined();
  });

  it('answers HEAD with the headers only, and never stores errors, redirects or other methods', async () => {
    const cache = new ResponseCache(() => catalog, []);
    await viaApp(cache, raw('/feed.json'));
    expect(cache.lookup(raw('/feed.json', {}, 'HEAD'))?.body).toBeNull();
    expect(cache.lookup(raw('/feed.json', {}, 'POST'))).toBeUndefined();
    for (const target of ['/nope', '/sections/PALESTINE/rss.xml', '/rss.xml?limit=0']) {
      await viaApp(cache, raw(target));
      expect(cache.lookup(raw(target)), target).toBeUndefined();
    }
  });

  it('forgets everything when the store version changes, and never stores an answer of an older version', async () => {
    let version: object = catalog;
    const cache = new ResponseCache(() => version, []);
    await viaApp(cache, raw('/rss.xml'));
    expect(cache.lookup(raw('/rss.xml'))).toBeDefined();
    version = {};
    expect(cache.lookup(raw('/rss.xml'))).toBeUndefined();
    await viaApp(cache, raw('/rss.xml'), catalog);
    expect(cache.lookup(raw('/rss.xml'))).toBeUndefined();
  });
});
