// The Node server's request path (src/http/fast-listener.ts) over a real node:http server:
// which requests reach the app, and which are answered from stored bytes.
import { getRequestListener } from '@hono/node-server';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFastListener } from '../../src/http/fast-listener.ts';
import { contentApp } from '../support/app.ts';

const { app, catalog } = await contentApp();
/** Every request that reaches the app (the fast path's misses, and what it fetches itself). */
const reached: string[] = [];
/** How long the app takes to answer a request: lets requests overlap in it. */
let appDelayMs: (request: Request) => number = () => 0;
const server = createServer(
  createFastListener<IncomingMessage, ServerResponse>({
    fetch: async (req) => {
      reached.push(
        `${req.method} ${new URL(req.url).pathname} ${req.headers.get('if-none-match')}`,
      );
      const delay = appDelayMs(req);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      return app.fetch(req);
    },
    version: () => catalog,
    encodings: ['gzip'],
    toListener: (fetch) => getRequestListener(fetch),
  }),
);
let port = 0;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; etag: string | undefined }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: res.headers.etag }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the Node server answering feed requests', () => {
  it('answers a feed polled only with If-None-Match from stored bytes after the first poll', async () => {
    // The ETag an aggregator kept from before a restart: the same bytes give the same one.
    const path = '/sections/palestine/atom.xml';
    const etag = (await app.request(path)).headers.get('etag')!;
    reached.length = 0;
    expect((await get(path, { 'If-None-Match': etag })).status).toBe(304);
    // The first poll reaches the app, which then gives the 200 to store, without validators.
    await vi.waitFor(() => expect(reached).toHaveLength(2));
    expect(reached).toEqual([`GET ${path} ${etag}`, `GET ${path} null`]);
    for (let i = 0; i < 5; i += 1) {
      expect((await get(path, { 'If-None-Match': etag })).status).toBe(304);
    }
    expect((await get(path)).status).toBe(200);
    expect(reached).toHaveLength(2);
  });

  it('fetches the 200 to store once, however many polls reach the app at the same time', async () => {
    const path = '/sections/palestine/feed.json';
    const etag = (await app.request(path)).headers.get('etag')!;
    reached.length = 0;
    // The first poll is answered at once, and the 200 is fetched in 150 ms; of the nine
    // others, four are answered while it is being fetched, and five once it is stored.
    let polled = 0;
    appDelayMs = (request) => {
      if (!request.headers.has('if-none-match')) return 150;
      polled += 1;
      return polled === 1 ? 0 : polled <= 5 ? 10 : 400;
    };
    const polls = Array.from({ length: 10 }, () => get(path, { 'If-None-Match': etag }));
    expect((await Promise.all(polls)).map((poll) => poll.status)).toEqual(Array(10).fill(304));
    appDelayMs = () => 0;
    expect(reached.filter((line) => line.endsWith(etag))).toHaveLength(10);
    await vi.waitFor(() => expect(reached).toContain(`GET ${path} null`));
    expect((await get(path, { 'If-None-Match': etag })).status).toBe(304);
    expect(reached.filter((line) => line.endsWith(' null'))).toEqual([`GET ${path} null`]);
  });

  it('keeps sending a changed ETag in full, and stores nothing for a request that failed', async () => {
    const path = '/tags/gaza/rss.xml';
    reached.length = 0;
    const stale = await get(path, { 'If-None-Match': '"an-older-version"' });
    expect(stale.status).toBe(200);
    expect((await get(path, { 'If-None-Match': stale.etag! })).status).toBe(304);
    expect(reached).toHaveLength(1);
    expect(
      (await get('/sections/no-such-section/rss.xml', { 'If-None-Match': '"x"' })).status,
    ).toBe(404);
    expect(
      (await get('/sections/no-such-section/rss.xml', { 'If-None-Match': '"x"' })).status,
    ).toBe(404);
    expect(reached).toHaveLength(3);
  });
});
