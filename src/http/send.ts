import type { Context } from 'hono';
import { isNotModified } from './conditional.ts';
import { formatHttpDate } from './http-date.ts';
import { chooseEncoding, type Encoding } from './negotiate.ts';
import { encodedBody, etagFor, type Encoders, type Representation } from './representation.ts';

/** The bytes of each 200 sent here, for the Node fast path to keep without reading them back. */
const sentBodies = new WeakMap<Response, Uint8Array<ArrayBuffer>>();

/** The body a response of sendRepresentation carries, as bytes; undefined for any other. */
export function sentBody(response: Response): Uint8Array<ArrayBuffer> | undefined {
  return sentBodies.get(response);
}

export interface SendOptions {
  cacheControl: string;
  /** Request headers the choice of representation depends on (RFC 9110 section 12.5.5). */
  vary: string;
  /** Extra response headers: `Link`, Content-Security-Policy. */
  headers?: Record<string, string>;
}

/**
 * Answers a GET or HEAD with a representation: picks the content coding, answers
 * 304 when the client's validators still match (RFC 9110 section 13.2.2), and
 * otherwise sends the body with its own ETag and Last-Modified. A 304 keeps the
 * headers a cache needs to refresh its copy: ETag, Cache-Control, Vary, Last-Modified
 * (section 15.4.5).
 */
export async function sendRepresentation(
  c: Context,
  representation: Representation,
  encoders: Encoders,
  options: SendOptions,
): Promise<Response> {
  const available = Object.keys(encoders) as Encoding[];
  const encoding = chooseEncoding(c.req.header('accept-encoding') ?? null, available);
  const etag = etagFor(representation, encoding);
  const headers = new Headers({
    ETag: etag,
    'Last-Modified': formatHttpDate(representation.lastModified),
    'Cache-Control': options.cacheControl,
    Vary: options.vary,
    'X-Content-Type-Options': 'nosniff',
    ...options.headers,
  });
  if (isNotModified(c.req.raw.headers, { etag, lastModified: representation.lastModified })) {
    return new Response(null, { status: 304, headers });
  }
  headers.set('Content-Type', representation.contentType);
  if (encoding !== 'identity') headers.set('Content-Encoding', encoding);
  const body = await encodedBody(representation, encoding, encoders);
  headers.set('Content-Length', String(body.length));
  if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers });
  const response = new Response(body, { status: 200, headers });
  sentBodies.set(response, body);
  return response;
}
