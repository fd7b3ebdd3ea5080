import type { Config } from '../config.ts';
import { briefConfig } from './item-content.ts';
import { pageCount, pageItems } from './feed-pages.ts';
import type { Article } from '../content/article.ts';
import type { Scope } from '../store/catalog.ts';
import { headOf, type ScopeHead } from '../store/reader.ts';
import {
  applyFilters,
  describeFilters,
  filterQuery,
  hasFilters,
  type FeedFilters,
} from './feed-filters.ts';

export type FeedFormat = 'rss' | 'atom' | 'json';

export const FEED_FILES: Record<FeedFormat, string> = {
  rss: 'rss.xml',
  atom: 'atom.xml',
  json: 'feed.json',
};

/** What a person calls each format, in links and titles. */
export const FORMAT_NAMES: Record<FeedFormat, string> = {
  rss: 'RSS',
  atom: 'Atom',
  json: 'JSON Feed',
};

export const FEED_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
};

/** The URL folder of each kind of scope: `/sections/…/`, `/tags/…/`, `/authors/…/`. */
export const SCOPE_FOLDERS = {
  site: '',
  section: 'sections',
  tag: 'tags',
  author: 'authors',
} as const;

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** Everything a renderer needs for one page of one feed; renderers add only syntax. */
export interface FeedView {
  config: Config;
  title: string;
  description: string;
  /** The feed's language: the one language all its articles share, else SITE_LANGUAGE. */
  language: string;
  /** The HTML page this feed mirrors (RSS `link`, Atom `rel="alternate"`, JSON `home_page_url`). */
  homeUrl: string;
  /** Site-relative directory of the feed: `/`, `/sections/palestine/`. */
  basePath: string;
  items: readonly Article[];
  /** The newest change in the whole feed (not just this page): same content, same bytes. */
  updated: number;
  page: number;
  limit: number;
  lastPage: number;
  /** Reader-side filters; part of every address of the feed. */
  filters: FeedFilters;
}

/**
 * The site-relative folder of a scope: `/`, `/sections/palestine/`, and for a combined
 * scope `/tags/gaza+rafah/` (slugs never hold `+`, so it can join them).
 */
export function scopePath(scope: Pick<Scope, 'kind' | 'term'>): string {
  if (scope.kind === 'site' || !scope.term) return '/';
  const name = scope.term.slug.split('+').map(encodeURIComponent).join('+');
  return `/${SCOPE_FOLDERS[scope.kind]}/${name}/`;
}

/**
 * The view of page `page` of a feed whose articles are at hand (a combined or filtered scope,
 * websub, benchmarks): the page cut from them as feed-pages.ts cuts it.
 */
export function buildFeedView(
  config: Config,
  unfiltered: Scope,
  page: number,
  limit: number,
  filters: FeedFilters = {},
): FeedView {
  const scope = applyFilters(unfiltered, filters);
  const items = pageItems(scope.articles, page, limit, config.pageBytes);
  const lastPage = pageCount(scope.articles, limit, config.pageBytes);
  return feedView(config, headOf(scope), { items, page, limit, lastPage }, filters);
}

/** One page of a scope, as read (StoreReader): its articles, where it is, how many there are. */
export interface PageRead {
  items: readonly Article[];
  page: number;
  limit: number;
  lastPage: number;
}

/** The view of a page of the scope `head` describes (filters already applied to both). */
export function feedView(
  config: Config,
  head: ScopeHead,
  { items, page, limit, lastPage }: PageRead,
  filters: FeedFilters = {},
): FeedView {
  config = briefConfig(config, filters.brief);
  const basePath = scopePath(head);
  const name = head.term?.name;
  const description =
    head.kind === 'section'
      ? `Articles in the section ${name} from ${config.siteTitle}.`
      : head.kind === 'tag'
        ? `Articles tagged ${name} from ${config.siteTitle}.`
        : head.kind === 'author'
          ? `Articles by ${name} from ${config.siteTitle}.`
          : config.siteDescription;
  const filtered = hasFilters(filters);
  return {
    config,
    title:
      (name ? `${name} — ${config.siteTitle}` : config.siteTitle) + (filtered ? ' (filtered)' : ''),
    description: filtered ? `${description} ${describeFilters(filters)}` : description,
    language: head.language ?? config.siteLanguage,
    homeUrl: config.siteUrl + basePath,
    basePath,
    items,
    updated: head.lastChange,
    page,
    limit,
    lastPage,
    filters,
  };
}

/**
 * The site-relative address of a page of a feed: `/sections/palestine/rss.xml`, then
 * `/sections/palestine/page/2/rss.xml`, with `?limit=` only when not the default.
 * Pages live in the path, not the query, so that a static export can hold every page
 * (static hosts ignore query strings) and each page has one address, which is its
 * self link.
 */
export function feedPath(
  basePath: string,
  format: FeedFormat,
  page: number,
  limit: number,
  filters: FeedFilters = {},
): string {
  const pagePart = page === 1 ? '' : `page/${page}/`;
  const params = [limit === DEFAULT_LIMIT ? '' : `limit=${limit}`, filterQuery(filters)].filter(
    Boolean,
  );
  return `${basePath}${pagePart}${FEED_FILES[format]}${params.length ? `?${params.join('&')}` : ''}`;
}

/** The Atom id of a feed: its own address without page or limit, filters kept (RFC 4287 4.2.6). */
export function feedId(view: FeedView): string {
  const query = filterQuery(view.filters);
  return `${view.config.siteUrl}${view.basePath}${FEED_FILES.atom}${query ? `?${query}` : ''}`;
}

/** The absolute URL of a page of this feed in a format. */
export function feedUrl(view: FeedView, format: FeedFormat, page = view.page): string {
  return view.config.siteUrl + feedPath(view.basePath, format, page, view.limit, view.filters);
}

/** RFC 5005 section 3 paging links of this page: only the ones that exist. */
export function pagingLinks(view: FeedView, format: FeedFormat): { rel: string; href: string }[] {
  if (view.lastPage === 1) return [];
  const links = [{ rel: 'first', href: feedUrl(view, format, 1) }];
  if (view.page > 1) links.push({ rel: 'previous', href: feedUrl(view, format, view.page - 1) });
  if (view.page < view.lastPage)
    links.push({ rel: 'next', href: feedUrl(view, format, view.page + 1) });
  links.push({ rel: 'last', href: feedUrl(view, format, view.lastPage) });
  return links;
}

/** An article's language when it differs from its feed's: item-level `xml:lang`/`language`. */
export function itemLanguage(view: FeedView, article: Article): string | undefined {
  return article.lang && article.lang !== view.language ? article.lang : undefined;
}

/** Names of an article's categories: its section, then its tags, each name once. */
export function categoryNames(article: Article): string[] {
  const names = [article.section.name];
  for (const tag of article.tags) if (!names.includes(tag.name)) names.push(tag.name);
  return names;
}
