import type { Article } from '../content/article.ts';
import { scopeOf, scopes, type Catalog, type Scope } from './catalog.ts';

/** The time, as epoch milliseconds: injected, so output is a function of content, config and it. */
export type Clock = () => number;

/** A version of the store as published at some time, and the span of time it holds for. */
interface View {
  catalog: Catalog;
  /** The latest instant the content names at or before the time asked (-Infinity: none). */
  from: number;
  /** The first instant the content names after it: an embargo lifts, an update comes due. */
  until: number;
}

const views = new WeakMap<Catalog, View>();

/**
 * What of a store version is published at `now`: an article whose dateline is still ahead is
 * embargoed (in no feed, page, sitemap or count) until that instant, and an `updated` date
 * still ahead does not date its scopes yet, so that Last-Modified is never later than the
 * response's Date (RFC 9110 section 8.8.2.1). The catalog itself when nothing is ahead. A view
 * is one object for its whole span of time, so caches keyed by it live until it changes.
 */
export function publishedAt(catalog: Catalog, now: number): Catalog {
  const kept = views.get(catalog);
  if (kept && kept.from <= now && now < kept.until) return kept.catalog;
  const view = makeView(catalog, now);
  views.set(catalog, view);
  return view.catalog;
}

/** The store's current version as published at the clock's time: what every reader serves. */
export function publishedNow(store: { current(): Catalog }, clock: Clock): () => Catalog {
  return () => publishedAt(store.current(), clock());
}

/** The next instant after `now` at which what is published changes; undefined when none. */
export function nextChange(catalog: Catalog, now: number): number | undefined {
  publishedAt(catalog, now);
  const until = views.get(catalog)?.until ?? Infinity;
  return until === Infinity ? undefined : until;
}

/** When an article last changed as of `now`: an `updated` date still ahead does not count yet. */
export function changedAt(article: Article, now: number): number {
  const { updated } = article;
  return updated !== undefined && updated <= now ? updated : article.published;
}

function makeView(catalog: Catalog, now: number): View {
  let from = -Infinity;
  let until = Infinity;
  let ahead = false;
  const note = (instant: number) => {
    if (instant <= now) from = Math.max(from, instant);
    else {
      until = Math.min(until, instant);
      ahead = true;
    }
  };
  for (const a of catalog.site.articles) {
    note(a.published);
    if (a.updated !== undefined) note(a.updated);
  }
  if (!ahead) return { catalog, from, until };
  const live = (a: Article) => a.published <= now;
  const changeOf = (a: Article) => changedAt(a, now);
  // Each section and tag with its published articles, spelled as its newest published one.
  const groups = (all: ReadonlyMap<string, Scope>) => {
    const result = new Map<string, Article[]>();
    for (const [slug, scope] of all) {
      const published = scope.articles.filter(live);
      if (published.length > 0) result.set(slug, published);
    }
    return result;
  };
  const bySlug = new Map<string, Article>();
  for (const [slug, article] of catalog.bySlug) if (live(article)) bySlug.set(slug, article);
  return {
    catalog: {
      ...catalog,
      site: scopeOf('site', catalog.site.articles.filter(live), changeOf),
      sections: scopes('section', groups(catalog.sections), changeOf),
      tags: scopes('tag', groups(catalog.tags), changeOf),
      bySlug,
    },
    from,
    until,
  };
}
