import type { Article } from '../content/article.ts';
import { slugify } from '../content/slug.ts';
import { authorScopes } from '../store/author-index.ts';
import { lastChangeOf, type Catalog, type Scope } from '../store/catalog.ts';
import type { SqlClient, SqlStatement } from './sql.ts';

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
`;

/** The key of a scope in `scope_items` and `scopes`. */
export function scopeKey(kind: Scope['kind'], slug = ''): string {
  return kind === 'site' ? 'site' : `${kind}/${slug}`;
}

/**
 * The statements that write `catalog`'s served set into empty served tables, `revOf` naming
 * each article's row (the database's `rev`). Given to `client.batch`, one transaction.
 */
export function servedStatements(
  client: SqlClient,
  catalog: Catalog,
  revOf: (article: Article) => number,
): SqlStatement[] {
  const item = client.prepare('INSERT INTO scope_items VALUES (?, ?, ?, ?, ?, ?, ?)');
  const scope = client.prepare('INSERT INTO scopes VALUES (?, ?, ?, ?, ?, ?, ?)');
  const live = client.prepare('INSERT INTO live VALUES (?, ?, ?)');
  const statements: SqlStatement[] = [];
  const write = (slug: string, found: Scope) => {
    const key = scopeKey(found.kind, slug);
    let horizon = 0;
    for (const a of found.articles) {
      const changed = lastChangeOf(a);
      const name = nameIn(found, a);
      statements.push(item.bind(key, a.published, a.slug, revOf(a), a.size, changed, name));
      horizon = Math.max(horizon, a.published, changed);
    }
    const name = found.term?.name ?? '';
    const count = found.articles.length;
    statements.push(scope.bind(key, found.kind, slug, name, count, found.lastChange, horizon));
  };
  write('', catalog.site);
  for (const scopes of [catalog.sections, catalog.tags, authorScopes(catalog)]) {
    for (const [slug, found] of scopes) write(slug, found);
  }
  for (const a of catalog.site.articles) statements.push(live.bind(a.slug, revOf(a), a.published));
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
