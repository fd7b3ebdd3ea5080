import type { Article } from '../content/article.ts';
import { slugify } from '../content/slug.ts';
import { authorScopes } from '../store/author-index.ts';
import { lastChangeOf, type Catalog, type Scope } from '../store/catalog.ts';
import { headOf } from '../store/reader.ts';
import type { SqlClient, SqlStatement, SqlValue } from './sql.ts';

/**
 * What a store version serves, as rows the query layer (queries.ts) reads with an index and
 * O(limit) rows a page: the decisions of `buildCatalog` (slug and id collisions, drafts, last
 * good versions, the horizon) written down, not made again in SQL. Every published instant
 * is here, embargoes included: what is published at a time is `published <= :now`.
 *
 * - `scope_items`: one row per article and scope it is in (`site`, `section/<slug>`,
 *   `tag/<slug>`, `author/<slug>`), in feed order (newest first, then slug: the catalog's
 *   total order), with the scope's name as that article spells it.
 * - `scopes`: per scope its count, newest change and name as the whole version has them,
 *   and `horizon`, its latest instant: while `:now` is past it those are exact as stored.
 * - `live`: the article each slug names.
 * - `scope_facts` (SERVED_VERSION 2): per scope what a feed's head says without reading its
 *   items: the language all its articles declare ('' when they do not all declare one), and
 *   its largest file (whether its pages may be cut by bytes). A table of its own, added by a
 *   migration; a D1 written before it is rewritten whole by the next publish.
 * - `instants` (2): every instant an article names (published, updated), so that the next
 *   one after a time (when what is published changes: an embargo lifts) is one indexed read.
 */
export const SERVED_SCHEMA = `
CREATE TABLE scope_items (
  scope TEXT NOT NULL,
  published INTEGER NOT NULL,
  slug TEXT NOT NULL,
  rev INTEGER NOT NULL,
  size INTEGER NOT NULL,
  changed INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (scope, published DESC, slug)
) STRICT, WITHOUT ROWID;
CREATE TABLE scopes (
  scope TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  slug TEXT NOT NULL,
  name TEXT NOT NULL,
  count INTEGER NOT NULL,
  last_change INTEGER NOT NULL,
  horizon INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX scopes_by_kind ON scopes (kind, slug);
CREATE TABLE live (
  slug TEXT PRIMARY KEY,
  rev INTEGER NOT NULL,
  published INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE scope_facts (
  scope TEXT PRIMARY KEY,
  lang TEXT NOT NULL,
  heaviest INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE instants (
  at INTEGER NOT NULL,
  slug TEXT NOT NULL,
  PRIMARY KEY (at, slug)
) STRICT, WITHOUT ROWID;
`;

/** The shape of the served set: a D1 whose meta `served` is older is rewritten whole. */
export const SERVED_VERSION = 2;

/** The key of a scope in `scope_items` and `scopes`. */
export function scopeKey(kind: Scope['kind'], slug = ''): string {
  return kind === 'site' ? 'site' : `${kind}/${slug}`;
}

/** A version's served set as rows, each by its table's key (rows are arrays in column order). */
export interface ServedRows {
  scope_items: Map<string, SqlValue[]>;
  scopes: Map<string, SqlValue[]>;
  live: Map<string, SqlValue[]>;
  scope_facts: Map<string, SqlValue[]>;
  instants: Map<string, SqlValue[]>;
}

const INSERT = {
  scope_items: 'INSERT OR REPLACE INTO scope_items VALUES (?, ?, ?, ?, ?, ?, ?)',
  scopes: 'INSERT OR REPLACE INTO scopes VALUES (?, ?, ?, ?, ?, ?, ?)',
  live: 'INSERT OR REPLACE INTO live VALUES (?, ?, ?)',
  scope_facts: 'INSERT OR REPLACE INTO scope_facts VALUES (?, ?, ?)',
  instants: 'INSERT OR REPLACE INTO instants VALUES (?, ?)',
} as const;
const DELETE = {
  scope_items: 'DELETE FROM scope_items WHERE scope = ? AND published = ? AND slug = ?',
  scopes: 'DELETE FROM scopes WHERE scope = ?',
  live: 'DELETE FROM live WHERE slug = ?',
  scope_facts: 'DELETE FROM scope_facts WHERE scope = ?',
  instants: 'DELETE FROM instants WHERE at = ? AND slug = ?',
} as const;
/** How many leading values of a row are its table's key. */
const KEY_LENGTH = { scope_items: 3, scopes: 1, live: 1, scope_facts: 1, instants: 2 } as const;
/** The served set's tables. */
export const SERVED_TABLES = ['scope_items', 'scopes', 'live', 'scope_facts', 'instants'] as const;
const TABLES = SERVED_TABLES;

/**
 * The served set of `catalog`, `revOf` naming each article's row (the database's `rev`). With
 * `around`, only its part that can differ from a version whose articles were the same but
 * those: the rows of `around`'s articles, and the scopes they are in (what they count).
 */
export function servedRows(
  catalog: Catalog,
  revOf: (article: Article) => number,
  around?: ReadonlySet<Article>,
): ServedRows {
  const rows = emptyRows();
  const item = (key: string, found: Scope, a: Article) => {
    const row = [key, a.published, a.slug, revOf(a), a.size, lastChangeOf(a), nameIn(found, a)];
    rows.scope_items.set(`${key}\0${a.published}\0${a.slug}`, row);
  };
  const write = (slug: string, found: Scope) => {
    const key = scopeKey(found.kind, slug);
    let horizon = 0;
    for (const a of found.articles) {
      if (!around || around.has(a)) item(key, found, a);
      horizon = Math.max(horizon, a.published, lastChangeOf(a));
    }
    const name = found.term?.name ?? '';
    const count = found.articles.length;
    rows.scopes.set(key, [key, found.kind, slug, name, count, found.lastChange, horizon]);
    // What a reader's head says of the scope (store/reader.ts), stored.
    const { language, heaviest } = headOf(found);
    rows.scope_facts.set(key, [key, language ?? '', heaviest]);
  };
  const authors = authorScopes(catalog);
  if (!around) {
    write('', catalog.site);
    for (const scopes of [catalog.sections, catalog.tags, authors]) {
      for (const [slug, found] of scopes) write(slug, found);
    }
  } else {
    const touched = new Map<string, [string, Scope]>();
    const touch = (slug: string, found: Scope | undefined) => {
      if (found) touched.set(scopeKey(found.kind, slug), [slug, found]);
    };
    touch('', catalog.site);
    for (const a of around) {
      touch(a.section.slug, catalog.sections.get(a.section.slug));
      for (const tag of a.tags) touch(tag.slug, catalog.tags.get(tag.slug));
      if (a.author) touch(slugify(a.author), authors.get(slugify(a.author)));
    }
    for (const [slug, found] of touched.values()) write(slug, found);
  }
  for (const a of around ?? catalog.site.articles) {
    if (around && catalog.bySlug.get(a.slug) !== a) continue;
    rows.live.set(a.slug, [a.slug, revOf(a), a.published]);
    for (const at of a.updated === undefined ? [a.published] : [a.published, a.updated])
      rows.instants.set(`${at}\0${a.slug}`, [at, a.slug]);
  }
  return rows;
}

/**
 * The statements that write `catalog`'s served set into empty served tables, `revOf` naming
 * each article's row. Given to `client.batch`, one transaction.
 */
export function servedStatements(
  client: SqlClient,
  catalog: Catalog,
  revOf: (article: Article) => number,
): SqlStatement[] {
  return servedChanges(client, emptyRows(), servedRows(catalog, revOf));
}

/** The served set of no version (a first publish compares with it). */
export function emptyRows(): ServedRows {
  const rows = () => new Map<string, SqlValue[]>();
  return {
    scope_items: rows(),
    scopes: rows(),
    live: rows(),
    scope_facts: rows(),
    instants: rows(),
  };
}

/**
 * The statements that turn the served set `before` into `after`: rows gone are deleted, rows new
 * or different are written, and rows alike are not touched (a publish writes what changed).
 */
export function servedChanges(
  client: SqlClient,
  before: ServedRows,
  after: ServedRows,
): SqlStatement[] {
  const statements: SqlStatement[] = [];
  for (const table of TABLES) {
    const drop = client.prepare(DELETE[table]);
    const put = client.prepare(INSERT[table]);
    for (const [key, row] of before[table]) {
      if (!after[table].has(key)) statements.push(drop.bind(...row.slice(0, KEY_LENGTH[table])));
    }
    for (const [key, row] of after[table]) {
      const old = before[table].get(key);
      if (!old || old.some((value, i) => value !== row[i])) statements.push(put.bind(...row));
    }
  }
  return statements;
}

/** How `article` spells the name of `scope` (the newest published spelling names a scope). */
function nameIn(scope: Scope, article: Article): string {
  const slug = scope.term?.slug;
  if (scope.kind === 'section') return article.section.name;
  if (scope.kind === 'tag') return article.tags.find((t) => t.slug === slug)?.name ?? '';
  if (scope.kind === 'author')
    return article.author && slugify(article.author) === slug ? article.author : '';
  return '';
}
