import type { Article, Term } from '../content/article.ts';
import { isBodyMade, keepMadeBody, touchMadeBodies } from '../content/article-body.ts';
import type { Scope } from '../store/catalog.ts';
import type { ScopeHead, StoreReader } from '../store/reader.ts';
import { articleOf, termInterner, type RestoreRow } from './article-rows.ts';
import { StoreQueries, type StoredHead } from './queries.ts';
import type { SqlClient, SqlValue } from './sql.ts';

/**
 * The Worker's reader (store/reader.ts) over the served set D1 holds (served.ts): a feed page
 * reads the scope's head and `limit` rows of its items, then the rows of the articles this
 * isolate has not made yet. Articles are kept by row (`rev`: a row never changes), so a new
 * store version reuses every article it did not change, object and made body alike.
 */
export interface D1Reader extends StoreReader {
  /** Reads the bodies of these articles from D1 before a render asks for them. */
  bodies(this: void, articles: readonly Article[]): Promise<void>;
  /** Names the row of an article read another way (the whole version, restore.ts). */
  remember(this: void, article: Article, rev: number): void;
}

/** The articles an isolate keeps made, by row: shared by the readers of every version. */
export interface ArticleRows {
  byRev: Map<number, Article>;
  revOf: WeakMap<Article, number>;
  terms: Map<string, Term>;
}

/** How many articles an isolate keeps (a few KB each, bodies apart: body-cache.ts bounds those). */
const KEPT_ARTICLES = 8192;
/** D1 binds at most 100 parameters a query. */
const MAX_PARAMETERS = 100;

/** The rows of `count` articles by `rev`: RestoreRow's columns, then the summary. */
export function articlesSql(count: number): string {
  return `SELECT path, NULL AS stamp, NULL AS problems, rev, slug, id, url, title, section_name,
  section_slug, tags, published, updated, author, image_url, image_type, lang, body_format,
  body_from, body_to, size, summary FROM articles WHERE rev IN (${Array(count).fill('?').join(', ')})`;
}

/** `revs` in runs a query can bind. */
function inChunks(revs: readonly number[]): number[][] {
  const chunks: number[][] = [];
  for (let i = 0; i < revs.length; i += MAX_PARAMETERS)
    chunks.push(revs.slice(i, i + MAX_PARAMETERS));
  return chunks;
}

export function articleRows(): ArticleRows {
  return { byRev: new Map(), revOf: new WeakMap(), terms: new Map() };
}

/** The reader of the version D1 serves now, for `siteUrl`, keeping articles in `kept`. */
export function d1Reader(client: SqlClient, siteUrl: string, kept: ArticleRows): D1Reader {
  const queries = new StoreQueries(client);
  /** Sizes per scope, read once a version while nothing of the scope is ahead of the clock. */
  const sizes = new Map<string, { until: number; sizes: readonly number[] }>();
  const term = termInterner(kept.terms);

  /** The articles of these rows, in their order: kept ones at once, the others read. */
  async function articles(revs: readonly number[]): Promise<Article[]> {
    for (const some of inChunks(revs.filter((rev) => !kept.byRev.has(rev)))) {
      const { results } = await client
        .prepare(articlesSql(some.length))
        .bind(...some)
        .all();
      for (const row of results) {
        const values: SqlValue[] = Object.values(row);
        const summary = String(values.pop());
        const restore = values as RestoreRow;
        const rev = Number(restore[3]);
        const text = { bytes: () => undefined, summary: () => summary };
        keep(articleOf(restore[0], rev, restore, term, text, siteUrl), rev);
      }
    }
    return revs.flatMap((rev) => {
      const article = kept.byRev.get(rev);
      if (!article) return [];
      // Least recently used last out: a hit moves to the end of the map's order.
      kept.byRev.delete(rev);
      kept.byRev.set(rev, article);
      return [article];
    });
  }

  function keep(article: Article, rev: number) {
    kept.byRev.set(rev, article);
    kept.revOf.set(article, rev);
    if (kept.byRev.size > KEPT_ARTICLES) {
      const oldest = kept.byRev.keys().next().value;
      if (oldest !== undefined) kept.byRev.delete(oldest);
    }
  }

  const slugOf = (head: ScopeHead) => head.term?.slug ?? '';
  /** A head as the queries give it, as a reader gives it. */
  const headFrom = (kind: Scope['kind'], slug: string, stored: StoredHead): ScopeHead => {
    const { name, count, lastChange, language, heaviest } = stored;
    const named = kind === 'site' ? {} : { term: term(name, slug) };
    return { kind, ...named, count, lastChange, language, heaviest };
  };
  const EMPTY_SITE: ScopeHead = {
    kind: 'site',
    count: 0,
    lastChange: 0,
    language: undefined,
    heaviest: 0,
  };

  return {
    async head(kind: Scope['kind'], slug: string, now: number) {
      const stored = await queries.head(kind, slug, now);
      if (!stored) return kind === 'site' ? EMPTY_SITE : undefined;
      return headFrom(kind, slug, stored);
    },
    async items(head, now, offset, limit) {
      const page = await queries.page(head.kind, slugOf(head), now, offset, limit);
      return articles(page.map((item) => item.rev));
    },
    async sizes(head, now) {
      const key = `${head.kind}/${slugOf(head)}`;
      const known = sizes.get(key);
      if (known && now < known.until) return known.sizes;
      const read = await queries.sizes(head.kind, slugOf(head), now);
      const until = (await queries.nextChange(now)) ?? Infinity;
      sizes.set(key, { until, sizes: read });
      return read;
    },
    async terms(kind, now) {
      const heads = await queries.terms(kind, now);
      return heads.map((stored) => headFrom(kind, stored.slug, stored));
    },
    sitemap: (now, offset, limit) => queries.sitemap(now, offset, limit),
    async recent(now, since, limit) {
      return articles(await queries.recent(now, since, limit));
    },
    rejected: () => queries.rejected(),
    // The reader is of one version: what it publishes changes only at the instants it names.
    stamp: (now) => queries.since(now),
    async article(slug, now) {
      const rev = await queries.article(slug, now);
      return rev === undefined ? undefined : (await articles([rev]))[0];
    },
    async bodies(list) {
      // The bodies kept already must outlast the ones read now, until the render has them.
      touchMadeBodies(list);
      const wanted = new Map<number, Article>();
      for (const article of list) {
        const rev = kept.revOf.get(article);
        if (rev !== undefined && !isBodyMade(article)) wanted.set(rev, article);
      }
      if (wanted.size === 0) return;
      const reads = inChunks([...wanted.keys()]).map((some) => {
        const marks = some.map(() => '?').join(', ');
        const sql = `SELECT rev, html FROM bodies WHERE rev IN (${marks}) ORDER BY rev, part`;
        return client.prepare(sql).bind(...some);
      });
      // A body is in parts (BODIES_SCHEMA), in order.
      const html = new Map<number, string[]>();
      for (const { results } of await client.batch(reads)) {
        for (const row of results) {
          const rev = Number(row.rev);
          const parts = html.get(rev);
          if (parts) parts.push(String(row.html));
          else html.set(rev, [String(row.html)]);
        }
      }
      for (const [rev, parts] of html) keepMadeBody(wanted.get(rev)!, parts.join(''));
    },
    remember(article, rev) {
      kept.revOf.set(article, rev);
    },
  };
}
