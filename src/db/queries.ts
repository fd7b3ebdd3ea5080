import type { Scope } from '../store/catalog.ts';
import { scopeKey } from './served.ts';
import type { SqlClient, SqlValue } from './sql.ts';

/**
 * The query layer over the served set (served.ts), in SQL that better-sqlite3 and D1 both run.
 * Every query reads through an index, and a page reads O(offset + limit) rows of it
 * (`test/db/queries.test.ts` checks the plans). `now` is the clock's time: what is published
 * is what has `published <= now`, so an embargo lifts without a write.
 */

/** One article of a scope's page: its slug, its row, and its file's size (for page cuts). */
export interface PageItem {
  slug: string;
  rev: number;
  size: number;
}

/**
 * A scope as published at `now`: its name, how many articles, its newest change, the language
 * all of them declare, and its largest file or more (store/reader.ts's ScopeHead).
 */
export interface StoredHead {
  name: string;
  count: number;
  lastChange: number;
  language: string | undefined;
  heaviest: number;
}

type Row = Record<string, SqlValue>;

export const PAGE_SQL = `SELECT slug, rev, size FROM scope_items
  WHERE scope = ? AND published <= ? ORDER BY published DESC, slug LIMIT ? OFFSET ?`;
export const HEAD_SQL = `SELECT s.name, s.count, s.last_change, s.horizon, f.lang, f.heaviest
  FROM scopes s LEFT JOIN scope_facts f ON f.scope = s.scope WHERE s.scope = ?`;
export const AHEAD_SQL =
  'SELECT count(*) AS ahead FROM scope_items WHERE scope = ? AND published > ?';
export const NEWEST_SQL = `SELECT s.name, a.lang FROM scope_items s JOIN articles a ON a.rev = s.rev
  WHERE s.scope = ? AND s.published <= ? ORDER BY s.published DESC, s.slug LIMIT 1`;
/** Whether a published article of the scope declares another language than `?` (or none). */
export const OTHER_LANGUAGE_SQL = `SELECT 1 AS other FROM scope_items s
  JOIN articles a ON a.rev = s.rev
  WHERE s.scope = ? AND s.published <= ? AND a.lang IS NOT ? LIMIT 1`;
export const SIZES_SQL = `SELECT size FROM scope_items
  WHERE scope = ? AND published <= ? ORDER BY published DESC, slug`;
/** The first instant after `?` that an article names: when what is published changes next. */
export const NEXT_SQL = 'SELECT min(at) AS next FROM instants WHERE at > ?';
export const CHANGE_SQL = `SELECT max(CASE WHEN changed <= ? THEN changed ELSE published END)
  AS last_change FROM scope_items WHERE scope = ? AND published <= ?`;
export const ARTICLE_SQL = 'SELECT rev FROM live WHERE slug = ? AND published <= ?';
export const TERMS_SQL = `SELECT s.slug, s.name, s.count, s.last_change, s.horizon, f.lang,
  f.heaviest FROM scopes s LEFT JOIN scope_facts f ON f.scope = s.scope
  WHERE s.kind = ? ORDER BY s.slug`;
export const SITEMAP_SQL = `SELECT slug, changed FROM scope_items
  WHERE scope = 'site' AND published <= ? ORDER BY published DESC, slug LIMIT ? OFFSET ?`;
export const RECENT_SQL = `SELECT rev FROM scope_items
  WHERE scope = 'site' AND published <= ? AND published > ? ORDER BY published DESC, slug LIMIT ?`;
/** The last instant by `?` that an article names: what is published changed then. */
export const SINCE_SQL = 'SELECT max(at) AS since FROM instants WHERE at <= ?';
export const REJECTED_SQL = "SELECT value FROM meta WHERE key = 'rejected'";

export class StoreQueries {
  constructor(private readonly client: SqlClient) {}

  /** Page `offset / limit` of a scope, newest first. */
  async page(
    kind: Scope['kind'],
    slug: string,
    now: number,
    offset: number,
    limit: number,
  ): Promise<PageItem[]> {
    const key = scopeKey(kind, slug);
    const { results } = await this.client
      .prepare(PAGE_SQL)
      .bind(key, now, limit, offset)
      .all<PageItem>();
    return results.map((r) => ({ slug: r.slug, rev: r.rev, size: r.size }));
  }

  /**
   * A scope as published at `now`; undefined when it has no published article. Two small
   * reads while `now` is past every instant the scope names (its `horizon`); while one is
   * ahead (an embargo, an update dated ahead), its published rows are read for the rest.
   */
  async head(kind: Scope['kind'], slug: string, now: number): Promise<StoredHead | undefined> {
    const key = scopeKey(kind, slug);
    const stored = await this.client.prepare(HEAD_SQL).bind(key).first<Row>();
    return stored ? this.#headAt(key, stored, now) : undefined;
  }

  /** Every section, tag or author published at `now`, in slug order, with its head. */
  async terms(
    kind: 'section' | 'tag' | 'author',
    now: number,
  ): Promise<(StoredHead & { slug: string })[]> {
    const { results } = await this.client.prepare(TERMS_SQL).bind(kind).all<Row>();
    const heads = await Promise.all(
      results.map(async (row) => {
        const slug = String(row.slug);
        const head = await this.#headAt(scopeKey(kind, slug), row, now);
        return head && { ...head, slug };
      }),
    );
    return heads.filter((head) => head !== undefined);
  }

  /** The site's published articles as a sitemap lists them: slug, last change. */
  async sitemap(
    now: number,
    offset: number,
    limit: number,
  ): Promise<{ slug: string; lastmod: number }[]> {
    const { results } = await this.client.prepare(SITEMAP_SQL).bind(now, limit, offset).all<Row>();
    return results.map((r) => ({ slug: String(r.slug), lastmod: Number(r.changed) }));
  }

  /** The rows of the site's articles published after `since` (by `now`), newest first. */
  async recent(now: number, since: number, limit: number): Promise<number[]> {
    const { results } = await this.client.prepare(RECENT_SQL).bind(now, since, limit).all<Row>();
    return results.map((r) => Number(r.rev));
  }

  /** The last instant by `now` that an article names (-Infinity: none yet). */
  async since(now: number): Promise<number> {
    const row = await this.client.prepare(SINCE_SQL).bind(now).first<Row>();
    return row?.since == null ? -Infinity : Number(row.since);
  }

  /** How many files the version reports (meta `rejected`, written by publish). */
  async rejected(): Promise<number> {
    const row = await this.client.prepare(REJECTED_SQL).first<Row>();
    return Number(row?.value ?? 0);
  }

  /** A stored head (HEAD_SQL's or TERMS_SQL's row) as published at `now`. */
  async #headAt(key: string, stored: Row, now: number): Promise<StoredHead | undefined> {
    // Facts absent: a served set from before SERVED_VERSION 2 (the Worker does not ask then).
    const lang = stored.lang ?? '';
    const head: StoredHead = {
      name: String(stored.name),
      count: Number(stored.count),
      lastChange: Number(stored.last_change),
      language: lang === '' ? undefined : String(lang),
      heaviest: stored.heaviest === null ? Infinity : Number(stored.heaviest),
    };
    if (Number(stored.horizon) <= now) return head;
    const ahead = await this.client.prepare(AHEAD_SQL).bind(key, now).first<Row>();
    const count = head.count - Number(ahead?.ahead ?? 0);
    if (count === 0) return undefined;
    const [newest, change] = await Promise.all([
      this.client.prepare(NEWEST_SQL).bind(key, now).first<Row>(),
      this.client.prepare(CHANGE_SQL).bind(now, key, now).first<Row>(),
    ]);
    // All of the scope declaring one language, its published part does too; else it may.
    let language = head.language;
    const first = newest?.lang;
    if (language === undefined && typeof first === 'string') {
      const other = await this.client.prepare(OTHER_LANGUAGE_SQL).bind(key, now, first).first();
      if (!other) language = first;
    }
    return {
      ...head,
      name: String(newest?.name ?? ''),
      count,
      lastChange: Number(change?.last_change),
      language,
    };
  }

  /** The file size of each published article of a scope, in feed order (for byte cuts). */
  async sizes(kind: Scope['kind'], slug: string, now: number): Promise<number[]> {
    const key = scopeKey(kind, slug);
    const { results } = await this.client.prepare(SIZES_SQL).bind(key, now).all<Row>();
    return results.map((r) => Number(r.size));
  }

  /** The first instant after `now` that an article names; undefined when none is ahead. */
  async nextChange(now: number): Promise<number | undefined> {
    const row = await this.client.prepare(NEXT_SQL).bind(now).first<Row>();
    return row?.next == null ? undefined : Number(row.next);
  }

  /** The row of the article `slug` names, if it is published at `now`. */
  async article(slug: string, now: number): Promise<number | undefined> {
    const row = await this.client.prepare(ARTICLE_SQL).bind(slug, now).first<Row>();
    return row ? Number(row.rev) : undefined;
  }
}
