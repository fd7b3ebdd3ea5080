import { isNotModified } from './conditional.ts';
import { prefersHtml } from './negotiate.ts';

/** The part of the Workers Cache API used here (caches.default). */
interface EdgeCache {
  match(request: Request): Promise<Response | undefined>;
  put(request: Request, response: Response): Promise<void>;
}

export interface WaitUntil {
  waitUntil(promise: Promise<unknown>): void;
}

const CONDITIONAL = ['if-none-match', 'if-modified-since'];

/** The Workers edge cache of this data centre, where the runtime has one. */
export function defaultEdgeCache(): EdgeCache | undefined {
  const storage = (globalThis as { caches?: { default?: EdgeCache } }).caches;
  return storage?.default;
}

/**
 * The version the edge cache keys by: the store's, and `next`, the next instant its published
 * view changes (an embargo lifts), so that no copy made before a go-live is answered after it.
 */
export function edgeVersion(name: string, next: number | undefined): string {
  return `${name}-${next ?? 'none'}`;
}

/**
 * Answers repeated GETs from the edge cache, keyed by the store version, the
 * normalized URL (path and query as received; canonical URLs are the only ones the
 * app answers with 200) and the variant the request negotiates (feed or HTML view).
 * The cached copy is always a full 200; conditional requests are then answered here
 * from its validators (RFC 9110 section 13.2.2), so a 304 costs no rendering.
 */
export async function withEdgeCache(
  request: Request,
  cache: EdgeCache | undefined,
  context: WaitUntil,
  version: string,
  handle: (request: Request) => Promise<Response>,
): Promise<Response> {
  if (!cache || request.method !== 'GET') return handle(request);
  const url = new URL(request.url);
  const variant = prefersHtml(request.headers.get('accept')) ? 'html' : 'feed';
  const key = new Request(
    `https://edge-cache.invalid/${version}/${variant}${url.pathname}${url.search}`,
  );

  let response = await cache.match(key);
  if (!response) {
    const unconditional = new Headers(request.headers);
    for (const name of CONDITIONAL) unconditional.delete(name);
    response = await handle(new Request(request.url, { headers: unconditional }));
    if (response.status !== 200 || !response.headers.has('etag')) return response;
    context.waitUntil(cache.put(key, response.clone()));
  }
  const etag = response.headers.get('etag') ?? '';
  const lastModified = Date.parse(response.headers.get('last-modified') ?? '');
  if (isNotModified(request.headers, { etag, lastModified })) {
    const headers = new Headers(response.headers);
    for (const name of ['content-type', 'content-length', 'content-encoding']) headers.delete(name);
    return new Response(null, { status: 304, headers });
  }
  return response;
}
