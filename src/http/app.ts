import { Hono, type Context } from 'hono';
import type { Config } from '../config.ts';
import type { Article } from '../content/article.ts';
import { prepareBodies, type BodyMaker } from '../content/body-maker.ts';
import { renderArticlePage, renderScopePage, SCOPE_PAGE_ITEMS } from '../render/html.ts';
import { ItemCache } from '../render/item-cache.ts';
import { changedAt, publishedAt, type Clock } from '../store/published-view.ts';
import { catalogReader, type StoreReader } from '../store/reader.ts';
import type { ArticleStore } from '../store/store.ts';
import { FEED_ALIASES, redirectAlias } from './feed-aliases.ts';
import { FORMAT_BY_FILE, serveFeed, type FeedContext } from './feed-routes.ts';
import { lookupScope, readerScope, type ScopeSource } from './scope-lookup.ts';
import { guardRequest } from './guard.ts';
import { serveStatus } from './status.ts';
import { ICON_PATHS, serveIcon } from './icons.ts';
import { plain } from './plain.ts';
import { RenderCache } from './render-cache.ts';
import { gzipWithCompressionStream, type Encoders } from './representation.ts';
import { HTML_HEADERS, HTML_TYPE, servePage } from './page.ts';
import { siteRoutes } from './site-routes.ts';

export interface AppOptions {
  store: ArticleStore;
  config: Config;
  /** The time: what is published is what the store holds with a dateline at or before it. */
  clock: Clock;
  /** Content codings the runtime can produce; default gzip by CompressionStream. */
  encoders?: Encoders;
  /** Bytes of rendered bodies kept per store version. */
  cacheBytes?: number;
  /** Bytes of rendered feed items kept, shared by all feeds and store versions. */
  itemCacheBytes?: number;
  /** The runtime's tzdata release, for /healthz, where the runtime says it (Node). */
  tzdata?: string | undefined;
  /** Makes large bodies away from the event loop (Node's body thread); default: in the render. */
  bodyMaker?: BodyMaker | undefined;
  /** Reads bodies made elsewhere before a render asks for them (the Worker's D1). */
  bodies?: ((articles: readonly Article[]) => Promise<void>) | undefined;
  /**
   * What feeds, scope pages and articles are read through (store/reader.ts): the Worker's
   * D1 queries. Default: over the store's current catalog.
   */
  reader?: StoreReader | undefined;
}

export function createApp({
  store,
  config,
  clock,
  encoders,
  cacheBytes,
  itemCacheBytes,
  tzdata,
  bodyMaker,
  bodies,
  reader = catalogReader(() => store.current()),
}: AppOptions): Hono {
  const app = new Hono();
  /**
   * Where a request reads, at the clock's time when it came: its reader, and the whole store
   * version as published at that same time (embargoed articles left out, published-view.ts).
   */
  const source = (): ScopeSource => {
    const now = clock();
    const whole = async () => publishedAt(await store.current(), now);
    return { reader, whole, now, pageBytes: config.pageBytes };
  };
  const ctx: FeedContext = {
    config,
    cache: new RenderCache(cacheBytes),
    items: new ItemCache(itemCacheBytes),
    encoders: encoders ?? { gzip: gzipWithCompressionStream },
    // RFC 9111 section 5.2.2 and RFC 5861: fresh for FEED_TTL, then served stale while
    // revalidating for as long again, and for a day if the origin fails.
    cacheControl: `public, max-age=${config.feedTtl}, stale-while-revalidate=${config.feedTtl}, stale-if-error=86400`,
    htmlHeaders: HTML_HEADERS,
    prepareBodies: (articles) =>
      bodies
        ? bodies(articles)
        : bodyMaker
          ? prepareBodies(articles, bodyMaker)
          : Promise.resolve(),
  };

  app.use(guardRequest);

  /** Registers a GET route (HEAD follows it); any other method on it answers 405. */
  function route(path: string, handler: (c: Context) => Response | Promise<Response>) {
    app.get(path, handler);
    app.all(path, (c) => {
      const response = plain(c, 405, `method ${c.req.method} is not allowed here; use GET or HEAD`);
      response.headers.set('Allow', 'GET, HEAD');
      return response;
    });
  }

  siteRoutes(route, ctx, source);

  // The editors' view (src/http/status.ts): what is left out, embargoed or a draft.
  const statusSource = async () => ({
    catalog: await store.current(),
    now: clock(),
    ...(store.describe?.() ?? { version: 'unnamed' }),
  });
  route('/status', (c) => serveStatus(c, ctx, statusSource, 'html'));
  route('/status.json', (c) => serveStatus(c, ctx, statusSource, 'json'));

  for (const path of ICON_PATHS) route(path, (c) => serveIcon(c, ctx, path));

  route('/healthz', async (c) => {
    const now = clock();
    const [site, rejected] = await Promise.all([reader.head('site', '', now), reader.rejected()]);
    c.header('Cache-Control', 'no-store');
    return c.json({
      status: 'ok',
      articles: site?.count ?? 0,
      rejected,
      ...(tzdata ? { tzdata } : {}),
    });
  });

  const SITE = { kind: 'site' } as const;
  for (const [alias, file] of Object.entries(FEED_ALIASES)) {
    route(`/${alias}`, (c) => redirectAlias(c, config, SITE, file));
  }
  for (const [file, format] of Object.entries(FORMAT_BY_FILE)) {
    for (const path of [`/${file}`, `/page/:page/${file}`]) {
      route(path, async (c) => {
        const from = source();
        const head = await reader.head('site', '', from.now);
        return serveFeed(c, ctx, readerScope(from, head!), format);
      });
    }
  }

  for (const [prefix, kind] of [
    ['sections', 'section'],
    ['tags', 'tag'],
    ['authors', 'author'],
  ] as const) {
    for (const [file, format] of Object.entries(FORMAT_BY_FILE)) {
      for (const path of [`/${prefix}/:name/${file}`, `/${prefix}/:name/page/:page/${file}`]) {
        route(path, async (c) => {
          const found = await lookupScope(c, config, source(), kind);
          return 'response' in found ? found.response : serveFeed(c, ctx, found.scope, format);
        });
      }
    }
    for (const [alias, file] of Object.entries(FEED_ALIASES)) {
      route(`/${prefix}/:name/${alias}`, async (c) => {
        const found = await lookupScope(c, config, source(), kind);
        return 'response' in found
          ? found.response
          : redirectAlias(c, config, found.scope.head, file);
      });
    }
    route(`/${prefix}/:name/`, async (c) => {
      const found = await lookupScope(c, config, source(), kind);
      if ('response' in found) return found.response;
      const { head } = found.scope;
      const { items } = await found.scope.page(1, SCOPE_PAGE_ITEMS);
      return servePage(c, ctx, {
        key: `page ${prefix} ${head.term?.slug}`,
        deps: [head.term?.name, head.lastChange, head.language, ...items],
        type: HTML_TYPE,
        lastModified: head.lastChange,
        render: () => renderScopePage(config, head, items),
      });
    });
    route(`/${prefix}/:name`, async (c) => {
      const found = await lookupScope(c, config, source(), kind);
      return 'response' in found
        ? found.response
        : c.redirect(`${new URL(c.req.url).pathname}/`, 301);
    });
  }

  route('/articles/*', async (c) => {
    const now = clock();
    const slug = decodeURIComponent(new URL(c.req.url).pathname.slice('/articles/'.length));
    const article = await reader.article(slug, now);
    if (!article) return plain(c, 404, 'no such article');
    const changed = changedAt(article, now);
    return servePage(c, ctx, {
      key: `article ${slug}`,
      deps: [article, changed],
      type: HTML_TYPE,
      lastModified: changed,
      render: () => renderArticlePage(config, article),
      bodies: [article],
    });
  });

  app.notFound((c) => plain(c, 404, 'not found'));
  app.onError((error, c) => {
    console.error(error);
    return plain(c, 500, 'internal error');
  });
  return app;
}
