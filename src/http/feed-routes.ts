import type { Context } from 'hono';
import type { Config } from '../config.ts';
import type { Article } from '../content/article.ts';
import { renderFeedPreview } from '../render/feed-preview.ts';
import {
  buildFeedView,
  feedView,
  FEED_TYPES,
  feedPath,
  feedUrl,
  type FeedFormat,
} from '../render/feed-view.ts';
import { renderFeedBytes } from '../render/feed-renderers.ts';
import type { ItemCache } from '../render/item-cache.ts';
import type { FeedScope } from './scope-lookup.ts';
import { hasFilters } from '../render/feed-filters.ts';
import { parseFeedQuery } from './feed-query.ts';
import { prefersHtml } from './negotiate.ts';
import { plain } from './plain.ts';
import type { RenderCache } from './render-cache.ts';
import { createRepresentation, type Encoders } from './representation.ts';
import { sendRepresentation } from './send.ts';

export const FORMAT_BY_FILE: Readonly<Record<string, FeedFormat>> = {
  'rss.xml': 'rss',
  'atom.xml': 'atom',
  'feed.json': 'json',
};

export interface FeedContext {
  config: Config;
  cache: RenderCache;
  /** Rendered items shared by every feed, page and store version (see ItemCache). */
  items: ItemCache;
  encoders: Encoders;
  cacheControl: string;
  /** HTML security headers, for the browser preview. */
  htmlHeaders: Record<string, string>;
  /** Makes the large bodies among these articles away from the event loop, where it can. */
  prepareBodies(articles: readonly Article[]): Promise<void>;
}

/**
 * One page of one feed in one format, or a short 400/404. A browser navigation
 * (Accept prefers text/html) gets the same page as HTML to read; every other client
 * gets the feed, byte for byte the same whatever else it sends.
 */
export async function serveFeed(
  c: Context,
  ctx: FeedContext,
  scope: FeedScope,
  format: FeedFormat,
): Promise<Response> {
  const url = new URL(c.req.url);
  const query = parseFeedQuery(url, c.req.param('page'));
  if (!query.ok) return plain(c, 400, query.message);
  const { page, limit, filters } = query;
  // A filtered feed reads its whole scope (RE2JS over every article's text); any other reads
  // its page alone.
  const view = hasFilters(filters)
    ? buildFeedView(ctx.config, await scope.whole(), page, limit, filters)
    : feedView(ctx.config, scope.head, await scope.page(page, limit), filters);
  if (query.page > view.lastPage) {
    const last = view.lastPage;
    return plain(
      c,
      404,
      `page ${query.page} is past the end of this feed (its last page is ${last})`,
    );
  }
  // One address per page of a feed, so that its self link is the URL fetched (the
  // W3C validator's rule) and caches hold one copy: other spellings (`?page=2`,
  // `/page/1/`, `?limit=50`, filters in another order, unknown parameters) are redirected.
  // `?format=` (RSSHub's) names the same feed in another format: its own address.
  if (query.format && query.format !== format) return c.redirect(feedUrl(view, query.format), 301);
  const canonical = feedUrl(view, format);
  const path = feedPath(view.basePath, format, view.page, view.limit, view.filters);
  if (url.pathname + url.search !== path) return c.redirect(canonical, 301);

  const preview = prefersHtml(c.req.header('accept') ?? null);
  const key = `feed ${path} ${preview ? 'html' : 'feed'}`;
  // What the render reads: a page whose items, dates and names are the same keeps its bytes
  // and ETag across store versions (the rest of the view is in the key's path).
  const deps = [
    view.config,
    view.title,
    view.description,
    view.language,
    view.updated,
    view.lastPage,
    ...view.items,
  ];
  const representation = await ctx.cache.get(key, deps, async () => {
    if (preview) {
      return createRepresentation(
        renderFeedPreview(view, format),
        'text/html; charset=utf-8',
        view.updated,
      );
    }
    if (view.config.feedContent === 'full') await ctx.prepareBodies(view.items);
    return createRepresentation(
      renderFeedBytes(format, view, ctx.items),
      `${FEED_TYPES[format]}; charset=utf-8`,
      view.updated,
    );
  });
  const headers: Record<string, string> = preview
    ? { ...ctx.htmlHeaders }
    : { 'Access-Control-Allow-Origin': '*' };
  if (ctx.config.websubHub) {
    // WebSub section 4: discovery by HTTP Link headers as well as in the document.
    headers.Link = `<${ctx.config.websubHub}>; rel="hub", <${canonical}>; rel="self"`;
  }
  return sendRepresentation(c, representation, ctx.encoders, {
    cacheControl: ctx.cacheControl,
    vary: 'Accept, Accept-Encoding',
    headers,
  });
}
