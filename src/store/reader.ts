import type { Article, Term } from '../content/article.ts';
import { authorScopes } from './author-index.ts';
import { rejectedFiles, type Catalog, type Scope } from './catalog.ts';
import { publishedAt } from './published-view.ts';

/**
 * A scope as published at a time, without its articles: what a feed or page says of it
 * before it lists any. Read in a few rows from D1 (db/d1-reader.ts) or from a catalog.
 */
export interface ScopeHead {
  kind: Scope['kind'];
  /** The name as its newest published article spells it, and the slug (none for the site). */
  term?: Term | undefined;
  /** Its published articles. */
  count: number;
  /** Its newest change as of the time asked (Scope's lastChange). */
  lastChange: number;
  /** The language all its published articles declare, when they declare the same one. */
  language: string | undefined;
  /**
   * The largest file among its articles, in bytes, or more: whether a page may need cutting
   * by bytes (feed-pages.ts). Infinity when not known without reading every size.
   */
  heaviest: number;
}

/**
 * What the HTTP layer asks of a store version to answer a feed, a scope's page or an
 * article: async, since D1 is. One shape for both runtimes: over a catalog in memory (Node)
 * and over D1's served set (the Worker), each answering as `publishedAt(catalog, now)` does.
 * Articles a reader gives are the same objects while they are unchanged, since caches key
 * by them (RenderCache deps, ItemCache).
 */
export interface StoreReader {
  /**
   * A section, tag or author, if it has a published article at `now`; the site (slug '')
   * always, since its feed exists while empty.
   */
  head(kind: Scope['kind'], slug: string, now: number): Promise<ScopeHead | undefined>;
  /** Its published articles `offset` to `offset + limit`, newest first (compareArticles). */
  items(head: ScopeHead, now: number, offset: number, limit: number): Promise<readonly Article[]>;
  /** The file size of each of its published articles, in feed order (to cut pages by bytes). */
  sizes(head: ScopeHead, now: number): Promise<readonly number[]>;
  /** The article a slug names, if it is published at `now`. */
  article(slug: string, now: number): Promise<Article | undefined>;
  /** Every section, tag or author with a published article at `now`, in slug order. */
  terms(kind: TermKind, now: number): Promise<ScopeHead[]>;
  /** The site's published articles `offset` to `offset + limit` as a sitemap lists them. */
  sitemap(now: number, offset: number, limit: number): Promise<SitemapEntry[]>;
  /** The site's articles published after `since` (and by `now`), newest first, at most `limit`. */
  recent(now: number, since: number, limit: number): Promise<readonly Article[]>;
  /** How many files are reported (left out, or kept at their last good version). */
  rejected(): Promise<number>;
  /**
   * A value that is the same exactly while what is published is: a render that read the
   * whole published version (a sitemap) is kept while it is the same.
   */
  stamp(now: number): Promise<unknown>;
}

export type TermKind = Exclude<Scope['kind'], 'site'>;

/** An article as a sitemap lists it: its page, and its last change (updated, else published). */
export interface SitemapEntry {
  slug: string;
  lastmod: number;
}

const heads = new WeakMap<Scope, ScopeHead>();
const sizeLists = new WeakMap<readonly Article[], { sizes: number[]; heaviest: number }>();

/** The reader over the catalog `current` gives (Node's store, tests, a static export). */
export function catalogReader(current: () => Catalog | Promise<Catalog>): StoreReader {
  const scopeAt = async (head: ScopeHead, now: number) =>
    scopeOf(publishedAt(await current(), now), head.kind, head.term?.slug ?? '');
  return {
    async head(kind, slug, now) {
      const scope = scopeOf(publishedAt(await current(), now), kind, slug);
      return scope && headOf(scope);
    },
    async items(head, now, offset, limit) {
      return (await scopeAt(head, now))?.articles.slice(offset, offset + limit) ?? [];
    },
    async sizes(head, now) {
      return sizesOf((await scopeAt(head, now))?.articles ?? []).sizes;
    },
    async article(slug, now) {
      return publishedAt(await current(), now).bySlug.get(slug);
    },
    async terms(kind, now) {
      const view = publishedAt(await current(), now);
      const all =
        kind === 'section' ? view.sections : kind === 'tag' ? view.tags : authorScopes(view);
      return [...all.values()].map(headOf);
    },
    async sitemap(now, offset, limit) {
      const { articles } = publishedAt(await current(), now).site;
      return articles
        .slice(offset, offset + limit)
        .map((a) => ({ slug: a.slug, lastmod: a.updated ?? a.published }));
    },
    async recent(now, since, limit) {
      const { articles } = publishedAt(await current(), now).site;
      let end = 0;
      while (end < articles.length && end < limit && articles[end]!.published > since) end += 1;
      return articles.slice(0, end);
    },
    async rejected() {
      return rejectedFiles(await current());
    },
    async stamp(now) {
      return publishedAt(await current(), now);
    },
  };
}

/** A scope of a published view by kind and slug; undefined when it has no article (the site is). */
export function scopeOf(view: Catalog, kind: Scope['kind'], slug: string): Scope | undefined {
  if (kind === 'site') return view.site;
  const all = kind === 'section' ? view.sections : kind === 'tag' ? view.tags : authorScopes(view);
  return all.get(slug);
}

/**
 * The file size of each article of a list, and the largest: kept per list (a version's scope),
 * for pages cut by bytes (render/feed-pages.ts).
 */
export function sizesOf(articles: readonly Article[]): { sizes: number[]; heaviest: number } {
  let kept = sizeLists.get(articles);
  if (!kept) {
    const sizes = articles.map((a) => a.size);
    let heaviest = 0;
    for (const size of sizes) heaviest = Math.max(heaviest, size);
    sizeLists.set(articles, (kept = { sizes, heaviest }));
  }
  return kept;
}

/** The head of a scope whose articles are at hand: kept per scope, which a version keeps. */
export function headOf(scope: Scope): ScopeHead {
  let head = heads.get(scope);
  if (!head) {
    const { heaviest } = sizesOf(scope.articles);
    const first = scope.articles[0]?.lang;
    const same = first !== undefined && scope.articles.every((a) => a.lang === first);
    head = {
      kind: scope.kind,
      term: scope.term,
      count: scope.articles.length,
      lastChange: scope.lastChange,
      language: same ? first : undefined,
      heaviest,
    };
    heads.set(scope, head);
  }
  return head;
}
