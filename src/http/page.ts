import type { Context } from 'hono';
import type { Article } from '../content/article.ts';
import type { FeedContext } from './feed-routes.ts';
import { createRepresentation } from './representation.ts';
import { sendRepresentation } from './send.ts';

export const HTML_TYPE = 'text/html; charset=utf-8';
// Pages carry no script and load nothing but images; an inline style is their only CSS.
export const HTML_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

/** A page as a route describes it: what it is keyed by, and how it is made on a miss. */
export interface PageSpec {
  key: string;
  /** What its render reads (RenderCache): the page is made again when any of them differs. */
  deps: readonly unknown[];
  type: string;
  lastModified: number;
  /** Makes the page; what it reads beyond `deps` is read here, on a miss only. */
  render: () => string | Promise<string>;
  /** Articles whose bodies the render shows (made or read before it runs). */
  bodies?: readonly Article[];
}

/** A cached HTML, OPML, XML or text page, sent with validators like every feed. */
export async function servePage(c: Context, ctx: FeedContext, spec: PageSpec): Promise<Response> {
  const { key, deps, type, lastModified, render, bodies = [] } = spec;
  const representation = await ctx.cache.get(key, deps, async () => {
    await ctx.prepareBodies(bodies);
    return createRepresentation(await render(), type, lastModified);
  });
  return sendRepresentation(c, representation, ctx.encoders, {
    cacheControl: ctx.cacheControl,
    vary: 'Accept-Encoding',
    headers: type === HTML_TYPE ? ctx.htmlHeaders : {},
  });
}
