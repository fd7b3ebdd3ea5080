import {
  DEFAULT_LIMIT,
  FEED_FILES,
  feedPath,
  scopePath,
  type FeedFormat,
} from '../render/feed-view.ts';
import { articlePath } from '../content/article.ts';
import { pageCount } from '../render/feed-pages.ts';
import { authorScopes } from '../store/author-index.ts';
import type { Catalog, Scope } from '../store/catalog.ts';

/**
 * Every address the service answers with 200 for a store version and its default
 * limit: each page of each feed in each format, the HTML pages and the OPML. What
 * the static export writes, in a stable order. Pages are cut as feed-pages.ts cuts them.
 */
export function servedPaths(catalog: Catalog, pageBytes: number): string[] {
  const scopes: Scope[] = [
    catalog.site,
    ...catalog.sections.values(),
    ...catalog.tags.values(),
    ...authorScopes(catalog).values(),
  ];
  const paths = ['/', '/feeds.opml', '/sitemap.xml', '/news-sitemap.xml', '/robots.txt'];
  for (const scope of scopes) {
    if (scope.kind !== 'site') paths.push(scopePath(scope));
    const pages = pageCount(scope.articles, DEFAULT_LIMIT, pageBytes);
    for (let page = 1; page <= pages; page += 1) {
      for (const format of Object.keys(FEED_FILES) as FeedFormat[]) {
        paths.push(feedPath(scopePath(scope), format, page, DEFAULT_LIMIT));
      }
    }
  }
  for (const slug of catalog.bySlug.keys()) {
    paths.push(articlePath(slug));
  }
  return paths;
}
