import type { Context } from 'hono';
import type { Config } from '../config.ts';
import { slugify } from '../content/slug.ts';
import { mayCut, pageCount, pageCuts, pageItems, pageSpan } from '../render/feed-pages.ts';
import { scopePath, type PageRead } from '../render/feed-view.ts';
import { compareArticles, type Catalog, type Scope } from '../store/catalog.ts';
import { headOf, scopeOf, type ScopeHead, type StoreReader } from '../store/reader.ts';
import { plain } from './plain.ts';

/** A feed's scope as a route finds it: its head, a page of it, and (for filters) all of it. */
export interface FeedScope {
  head: ScopeHead;
  page(page: number, limit: number): Promise<PageRead>;
  whole(): Promise<Scope>;
}

/** Where a route reads: the reader for heads and pages, the whole published version else. */
export interface ScopeSource {
  reader: StoreReader;
  whole(): Promise<Catalog>;
  now: number;
  pageBytes: number;
}

type ScopeKind = Exclude<Scope['kind'], 'site'>;

const MAX_COMBINED = 10;

/**
 * The feed scope of `head` through the reader: a page reads `limit` articles, and the sizes of
 * the whole scope only where pages may be cut by bytes (feed-pages.ts, mayCut).
 */
export function readerScope(source: ScopeSource, head: ScopeHead): FeedScope {
  const { reader, now, pageBytes } = source;
  return {
    head,
    async page(page, limit) {
      const starts = mayCut(head.heaviest, limit, pageBytes)
        ? pageCuts(await reader.sizes(head, now), limit, pageBytes)
        : undefined;
      const { from, to, lastPage } = pageSpan(head.count, page, limit, starts);
      const items = to > from ? await reader.items(head, now, from, to - from) : [];
      return { items, page, limit, lastPage };
    },
    async whole() {
      return scopeOf(await source.whole(), head.kind, head.term?.slug ?? '') ?? emptyScope(head);
    },
  };
}

/**
 * Finds a section, tag or author by the name in the URL, in any case or spelling that has the
 * same slug. A spelling other than the canonical slug is redirected (301) to the canonical
 * URL, so each feed has one address for caches and aggregators. `a+b` is the scopes combined.
 */
export async function lookupScope(
  c: Context,
  config: Config,
  source: ScopeSource,
  kind: ScopeKind,
): Promise<{ scope: FeedScope } | { response: Response }> {
  const name = c.req.param('name') ?? '';
  // A name that tries to be a path (an encoded slash, a backslash, a dot segment) or
  // carries control characters is no section or tag name.
  if (/[/\\\u0000-\u001f]|^\.\.?$/.test(name)) {
    return { response: plain(c, 400, `bad ${kind} name`) };
  }
  const parts = name.split('+');
  if (parts.length > MAX_COMBINED) {
    return { response: plain(c, 400, `at most ${MAX_COMBINED} ${kind}s can be combined`) };
  }
  const heads = await Promise.all(
    parts.map((p) => source.reader.head(kind, slugify(p), source.now)),
  );
  const unknown = parts.findIndex((_, i) => !heads[i]);
  if (unknown >= 0) return { response: plain(c, 404, `no ${kind} '${parts[unknown]}'`) };
  const slugs = [...new Set(parts.map(slugify))].sort();
  const scope =
    slugs.length === 1
      ? readerScope(source, heads[0]!)
      : wholeScope(combined(await source.whole(), kind, slugs), source.pageBytes);
  if (name !== slugs.join('+')) {
    const url = new URL(c.req.url);
    const rest = url.pathname.split('/').slice(3).join('/'); // after /sections/{name}/
    return {
      response: c.redirect(`${config.siteUrl}${scopePath(scope.head)}${rest}${url.search}`, 301),
    };
  }
  return { scope };
}

/** The feed scope of articles at hand, cut into pages as feed-pages.ts cuts them. */
export function wholeScope(scope: Scope, pageBytes: number): FeedScope {
  return {
    head: headOf(scope),
    page(page, limit) {
      const items = pageItems(scope.articles, page, limit, pageBytes);
      const lastPage = pageCount(scope.articles, limit, pageBytes);
      return Promise.resolve({ items, page, limit, lastPage });
    },
    whole: () => Promise.resolve(scope),
  };
}

function emptyScope(head: ScopeHead): Scope {
  return { kind: head.kind, term: head.term, articles: [], lastChange: head.lastChange };
}

const combinedScopes = new WeakMap<Catalog, Map<string, Scope>>();

/**
 * `/tags/gaza+rafah/`: the items of any of the scopes, each once, in the usual order; built
 * once per published view (the memo hangs off it) and bounded. Read from the whole version:
 * a combined feed is rare, and its order is a merge of several scopes.
 */
function combined(view: Catalog, kind: ScopeKind, slugs: string[]): Scope {
  let memo = combinedScopes.get(view);
  if (!memo) combinedScopes.set(view, (memo = new Map<string, Scope>()));
  const key = slugs.join('+');
  let scope = memo.get(key);
  if (!scope) {
    const parts = slugs.map((slug) => scopeOf(view, kind, slug)).filter((s): s is Scope => !!s);
    const bySlug = new Map(parts.flatMap((p) => p.articles.map((a) => [a.slug, a] as const)));
    scope = {
      kind,
      term: { name: parts.map((p) => p.term?.name ?? '').join(' + '), slug: key },
      articles: [...bySlug.values()].sort(compareArticles),
      lastChange: Math.max(...parts.map((p) => p.lastChange)),
    };
    if (memo.size >= 256) memo.clear();
    memo.set(key, scope);
  }
  return scope;
}
