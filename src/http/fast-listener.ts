import type { HeaderReader } from './conditional.ts';
import { ResponseCache, type RawRequest } from './fast-path.ts';
import type { Encoding } from './negotiate.ts';
import { sentBody } from './send.ts';

/** The parts of Node's IncomingMessage and ServerResponse used here (typed, not imported). */
export interface NodeLikeRequest {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}
export interface NodeLikeResponse {
  writeHead(status: number, headers: string[]): unknown;
  end(body?: Uint8Array): unknown;
}
type NodeListener<Req, Res> = (req: Req, res: Res) => void;
type Fetch = (request: Request) => Response | Promise<Response>;

/** The preconditions of RFC 9110 section 13.1: a request without them is answered in full. */
const CONDITIONAL_HEADERS = [
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'if-range',
];

/** A Request as the ResponseCache reads one. */
function askedOf(request: Request): RawRequest {
  const url = new URL(request.url);
  return {
    method: request.method,
    target: url.pathname + url.search,
    headers: { get: (name) => request.headers.get(name) },
  };
}

/**
 * The Node server's request path: a warm request is answered by the ResponseCache
 * straight from bytes, before the Hono adapter builds a Request or routes anything;
 * any other goes to the app, and its cacheable 200s are remembered for next time (for a
 * 304 it gives a GET, the 200 is fetched and remembered: see fillFrom).
 * `toListener` is the Hono Node adapter's getRequestListener, passed in by the entry.
 */
export function createFastListener<
  Req extends NodeLikeRequest,
  Res extends NodeLikeResponse,
>(options: {
  fetch: Fetch;
  /** The store version as published now: what is stored for one is never served for another. */
  version: () => object;
  encodings: readonly Encoding[];
  toListener: (fetch: Fetch) => NodeListener<Req, Res>;
}): NodeListener<Req, Res> {
  const cache = new ResponseCache(options.version, options.encodings);
  /** Requests (URL and variant) whose 200 is being fetched for the cache: one at a time. */
  const filling = new Set<string>();
  /**
   * Stores the 200 behind a 304 the app gave: the request is sent again without its
   * validators. An aggregator that only ever polls with If-None-Match (its ETag outlives a
   * restart, as the bytes are the same) would otherwise reach the app on every poll, since
   * only a 200 can be stored.
   */
  async function fillFrom(request: Request): Promise<void> {
    const headers = new Headers(request.headers);
    const key = `${request.url}\n${headers.get('accept-encoding')}\n${headers.get('accept')}`;
    // Stored meanwhile (by a fill for another poll that reached the app at the same time).
    if (filling.has(key) || cache.lookup(askedOf(request))) return;
    filling.add(key);
    try {
      for (const name of CONDITIONAL_HEADERS) headers.delete(name);
      await remembering(new Request(request.url, { headers }));
    } finally {
      filling.delete(key);
    }
  }
  const remembering: Fetch = async (request) => {
    const version = options.version();
    const response = await options.fetch(request);
    if (request.method !== 'GET' || !response.headers.has('etag')) return response;
    if (response.status === 304) {
      void fillFrom(request).catch(() => {});
      return response;
    }
    if (response.status !== 200) return response;
    // The bytes are read once and both kept and sent. (A clone() would turn the adapter's
    // light Response into a full one, which it then sends by reading a stream chunk by
    // chunk; a Response over bytes is sent with one writeHead and one end, as a hit is.)
    // The app's own bytes when it sent a representation (send.ts), else read once.
    const body = sentBody(response) ?? new Uint8Array(await response.arrayBuffer());
    const init = { status: 200, headers: response.headers };
    // Stored before the answer is sent (the body is in memory: no wait to speak of), so that
    // a fill is over only once what it fetched can answer.
    await cache.remember(askedOf(request), version, response, body).catch(() => {});
    return new Response(body, init);
  };
  const slow = options.toListener(remembering);
  // One reader, pointed at each request's headers in turn: the lookup is synchronous, so
  // no request sees another's, and none allocates one.
  let current: NodeLikeRequest['headers'] = {};
  const headers: HeaderReader = {
    get(name) {
      const value = current[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
  const raw: RawRequest = { method: 'GET', target: '/', headers };
  return function fastPath(req, res) {
    current = req.headers;
    raw.method = req.method ?? 'GET';
    raw.target = req.url ?? '/';
    const hit = cache.lookup(raw);
    if (!hit) return slow(req, res);
    res.writeHead(hit.status, hit.headers);
    res.end(hit.body ?? undefined);
  };
}
