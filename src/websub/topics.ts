import type { Config } from '../config.ts';
import type { Article } from '../content/article.ts';
import { everyField } from '../content/article-body.ts';
import { authorScopes } from '../store/author-index.ts';
import { pageCount, pageItems } from '../render/feed-pages.ts';
import type { Catalog, Scope } from '../store/catalog.ts';
import { DEFAULT_LIMIT, FEED_FILES, scopePath } from '../render/feed-view.ts';

/**
 * WebSub topics (https://www.w3.org/TR/websub/): the URL of the first page of every feed,
 * exactly as the feeds give it in their `rel="self"` links, so that a hub matches it to the
 * subscriptions it holds.
 */

const FILES = Object.values(FEED_FILES);

/** The topic URLs of one scope's feeds, one per format, in FEED_FILES order. */
function scopeTopics(config: Config, scope: Scope): string[] {
  const base = `${config.siteUrl}${scopePath(scope)}`;
  return FILES.map((file) => base + file);
}

/** Every feed topic of a catalog: the site, then sections, then tags, in catalog order. */
export function feedTopics(config: Config, catalog: Catalog): string[] {
  const scopes = [
    catalog.site,
    ...catalog.sections.values(),
    ...catalog.tags.values(),
    ...authorScopes(catalog).values(),
  ];
  return scopes.flatMap((scope) => scopeTopics(config, scope));
}

/**
 * Topics whose first page (the newest `pageSize` articles) differs between two catalogs: a
 * scope that appeared or disappeared (its feed now 404s, subscribers should hear of it), a
 * different list of articles on the first page, any field of one of those articles, or the
 * scope's name. Without a previous catalog (a new deploy) every topic of `next` is listed.
 * Order: the site, sections, then tags, each in slug order, formats in FEED_FILES order.
 */
export function changedTopics(
  config: Config,
  previous: Catalog | undefined,
  next: Catalog,
  pageSize = DEFAULT_LIMIT,
): string[] {
  if (!previous) return feedTopics(config, next);
  const topics: string[] = [];
  const visit = (before: Scope | undefined, after: Scope | undefined) => {
    const scope = after ?? before;
    if (scope && scopeChanged(before, after, pageSize, config.pageBytes))
      topics.push(...scopeTopics(config, scope));
  };
  visit(previous.site, next.site);
  const groups = [
    [previous.sections, next.sections],
    [previous.tags, next.tags],
    [authorScopes(previous), authorScopes(next)],
  ] as const;
  for (const [before, after] of groups) {
    const slugs = [...new Set([...after.keys(), ...before.keys()])].sort();
    for (const slug of slugs) visit(before.get(slug), after.get(slug));
  }
  return topics;
}

function scopeChanged(
  before: Scope | undefined,
  after: Scope | undefined,
  pageSize: number,
  pageBytes: number,
) {
  if (!before || !after) return true;
  if (before.term?.name !== after.term?.name) return true;
  // The first page also shows the feed's updated date and its `last` paging link.
  if (before.lastChange !== after.lastChange) return true;
  const pages = (scope: Scope) => pageCount(scope.articles, pageSize, pageBytes);
  if (pages(before) !== pages(after)) return true;
  const a = pageItems(before.articles, 1, pageSize, pageBytes);
  const b = pageItems(after.articles, 1, pageSize, pageBytes);
  if (a.length !== b.length) return true;
  return a.some((article, i) => {
    const other = b[i];
    if (other === article) return false;
    return other === undefined || fingerprint(article) !== fingerprint(other);
  });
}

const fingerprints = new WeakMap<Article, string>();

/**
 * A stable string of every field of an article (keys sorted at every depth), memoized. The
 * summary and the body are named: a loaded article reads them through getters, which JSON,
 * like a spread, does not see, and a correction further down the body changes every feed
 * that carries it (content:encoded, Atom content, content_html), so the hub must hear of it
 * (WebSub section 6, Publishing). Only articles that are not the very same object are
 * compared (a reload keeps the object of an unchanged file), so few bodies are made here;
 * an earlier version's file, changed since, no longer gives its body, and its summary
 * standing in (store/article-body.ts) differs from the new body.
 */
export function fingerprint(article: Article): string {
  let text = fingerprints.get(article);
  if (text === undefined) {
    text = JSON.stringify(sortKeys(everyField(article)));
    fingerprints.set(article, text);
  }
  return text;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) sorted[key] = sortKeys(record[key]);
  return sorted;
}
