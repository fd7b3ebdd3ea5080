import type { Context } from 'hono';
import { isNotModified } from './conditional.ts';
import { formatHttpDate } from './http-date.ts';
import { chooseEncoding, type Encoding } from './negotiate.ts';
import { encodedBody, etagFor, type Encoders, type Representation } from './representation.ts';

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
  return new Response(c.req.method === 'HEAD' ? null : body, { status: 200, headers });
}
