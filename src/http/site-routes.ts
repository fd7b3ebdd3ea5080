import type { Context } from 'hono';
import type { Config } from '../config.ts';
import { renderHomePage, type ScopeLists } from '../render/html.ts';
import { renderOpml } from '../render/opml.ts';
import {
  NEWS_LIMIT,
  NEWS_WINDOW_MS,
  renderNewsSitemap,
  renderRobots,
  renderSitemap,
  renderSitemapIndex,
  SITEMAP_LIMIT,
} from '../render/sitemaps.ts';
import type { ScopeHead, StoreReader } from '../store/reader.ts';
import type { FeedContext } from './feed-routes.ts';
import { HTML_TYPE, servePage } from './page.ts';
import { plain } from './plain.ts';
import type { ScopeSource } from './scope-lookup.ts';

type Route = (path: string, handler: (c: Context) => Promise<Response>) => void;

const XML_TYPE = 'application/xml; charset=utf-8';
/** The home page's latest articles. */
const LATEST = 20;

/** The site's head: always there (its feed exists while empty). */
async function siteHead(reader: StoreReader, now: number): Promise<ScopeHead> {
  return (await reader.head('site', '', now))!;
}

/** The site and every section, tag and author, as published at the source's time. */
async function everyHead({ reader, now }: ScopeSource): Promise<[ScopeHead, ScopeLists]> {
  const [site, sections, tags, authors] = await Promise.all([
    siteHead(reader, now),
    reader.terms('section', now),
    reader.terms('tag', now),
    reader.terms('author', now),
  ]);
  return [site, { sections, tags, authors }];
}

/** What a list of scopes shows of each: a page listing them is made again when it differs. */
function listed({ sections, tags, authors }: ScopeLists): unknown[] {
  return [sections, tags, authors].flatMap((heads) => [
    heads.length,
    ...heads.flatMap((h) => [h.term?.slug, h.term?.name, h.count]),
  ]);
}

/**
 * The pages that list the published site as a whole: the home page, the OPML, the sitemaps
 * (sitemaps.org; an index past SITEMAP_LIMIT articles), the news sitemap and robots.txt. Read
 * through the store's reader: the scopes' heads, and the site's rows a sitemap lists.
 */
export function siteRoutes(route: Route, ctx: FeedContext, source: () => ScopeSource): void {
  const config: Config = ctx.config;

  route('/', async (c) => {
    const from = source();
    const [site, lists] = await everyHead(from);
    const latest = await from.reader.items(site, from.now, 0, LATEST);
    return servePage(c, ctx, {
      key: 'home',
      deps: [site.count, site.lastChange, ...listed(lists), ...latest],
      type: HTML_TYPE,
      lastModified: site.lastChange,
      render: () => renderHomePage(config, site, lists, latest),
    });
  });

  route('/feeds.opml', async (c) => {
    const [site, lists] = await everyHead(source());
    return servePage(c, ctx, {
      key: 'opml',
      deps: [site.lastChange, ...listed(lists)],
      type: 'text/x-opml; charset=utf-8',
      lastModified: site.lastChange,
      render: () => renderOpml(config, site, lists),
    });
  });

  route('/sitemap.xml', async (c) => {
    const { reader, now } = source();
    const site = await siteHead(reader, now);
    return servePage(c, ctx, {
      key: 'sitemap',
      deps: [await reader.stamp(now)],
      type: XML_TYPE,
      lastModified: site.lastChange,
      async render() {
        if (site.count <= SITEMAP_LIMIT)
          return renderSitemap(config, await reader.sitemap(now, 0, SITEMAP_LIMIT));
        const lastmods: number[] = [];
        for (let offset = 0; offset < site.count; offset += SITEMAP_LIMIT) {
          const part = await reader.sitemap(now, offset, SITEMAP_LIMIT);
          lastmods.push(part.reduce((latest, entry) => Math.max(latest, entry.lastmod), 0));
        }
        return renderSitemapIndex(config, lastmods);
      },
    });
  });

  route('/sitemaps/:part{[1-9][0-9]{0,4}\\.xml}', async (c) => {
    const { reader, now } = source();
    const site = await siteHead(reader, now);
    const part = Number.parseInt(c.req.param('part') ?? '', 10);
    const offset = (part - 1) * SITEMAP_LIMIT;
    if (site.count <= SITEMAP_LIMIT || offset >= site.count)
      return plain(c, 404, 'no such sitemap');
    return servePage(c, ctx, {
      key: `sitemap ${part}`,
      deps: [await reader.stamp(now)],
      type: XML_TYPE,
      lastModified: site.lastChange,
      render: async () => renderSitemap(config, await reader.sitemap(now, offset, SITEMAP_LIMIT)),
    });
  });

  // Google's news sitemap: the articles of the two days before the newest one (not before
  // "now": the same store gives the same bytes), newest first, at most NEWS_LIMIT.
  route('/news-sitemap.xml', async (c) => {
    const { reader, now } = source();
    const site = await siteHead(reader, now);
    const [newest] = await reader.items(site, now, 0, 1);
    const recent = newest
      ? await reader.recent(now, newest.published - NEWS_WINDOW_MS, NEWS_LIMIT)
      : [];
    return servePage(c, ctx, {
      key: 'news-sitemap',
      deps: [site.lastChange, ...recent],
      type: XML_TYPE,
      lastModified: site.lastChange,
      render: () => renderNewsSitemap(config, recent),
    });
  });

  route('/robots.txt', async (c) => {
    const { reader, now } = source();
    const site = await siteHead(reader, now);
    return servePage(c, ctx, {
      key: 'robots',
      deps: [site.lastChange],
      type: 'text/plain; charset=utf-8',
      lastModified: site.lastChange,
      render: () => renderRobots(config),
    });
  });
}
