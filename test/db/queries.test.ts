// The query layer (src/db/queries.ts) over the served set (src/db/served.ts), on a real SQLite
// (better-sqlite3) and a real local D1 (Miniflare's, in workerd): for every scope of a varied
// store, at a time when an article is embargoed and at one when all are published, it answers
// what the catalog serves (published-view.ts), and every query reads through an index
// (SQLite's EXPLAIN QUERY PLAN: no scan of a table, no temporary B-tree); on D1 a page reads
// about `limit` rows (D1's meta.rows_read, a count).
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStoreFiles } from '../../src/adapters/node/read-store.ts';
import { sqliteClient } from '../../src/adapters/node/sqlite-client.ts';
import { parseConfig } from '../../src/config.ts';
import type { Article } from '../../src/content/article.ts';
import {
  AHEAD_SQL,
  ARTICLE_SQL,
  CHANGE_SQL,
  HEAD_SQL,
  NEWEST_SQL,
  NEXT_SQL,
  OTHER_LANGUAGE_SQL,
  PAGE_SQL,
  RECENT_SQL,
  SINCE_SQL,
  SITEMAP_SQL,
  SIZES_SQL,
  StoreQueries,
  TERMS_SQL,
} from '../../src/db/queries.ts';
import { SERVED_SCHEMA, servedStatements } from '../../src/db/served.ts';
import { SCHEMA } from '../../src/db/schema.ts';
import { articlesSql } from '../../src/db/d1-reader.ts';
import { articleRow } from '../../src/db/article-rows.ts';
import { bodyOf } from '../../src/content/article-body.ts';
import type { SqlClient } from '../../src/db/sql.ts';
import { authorScopes } from '../../src/store/author-index.ts';
import { buildCatalog, type Catalog, type Scope } from '../../src/store/catalog.ts';
import { publishedAt } from '../../src/store/published-view.ts';
import { headOf } from '../../src/store/reader.ts';
import { CONTENT_DIR, filesFrom, TEST_CLOCK } from '../support/app.ts';
import { localD1, type LocalD1 } from '../../bench/local-d1.ts';

const GO_LIVE = Date.UTC(2027, 6, 1, 6); // Thu 1 Jul 2027 9:00 am Jerusalem (IDT)
const BEFORE = GO_LIVE - 1;
const embargoed = [
  '---',
  'title: Budget to be announced',
  'section: Economy',
  'tags: [Budget, Gaza]',
  'author: Lina Haddad',
  'dateline: Thu 1 Jul 2027 9:00 am - Jerusalem Time',
  '---',
  '',
  'The budget will be announced on Thursday.',
  '',
].join('\n');

let catalog: Catalog;
const revs = new Map<Article, number>();

beforeAll(async () => {
  const files = [
    ...(await readStoreFiles(CONTENT_DIR)),
    ...filesFrom({ 'zz/budget.md': embargoed }),
  ];
  catalog = buildCatalog(files, { ...parseConfig({}), clock: () => Date.UTC(2026, 0, 1) });
  catalog.site.articles.forEach((article, i) => revs.set(article, i + 1));
});

/** Every scope of the whole version, by kind and slug. */
function everyScope(of: Catalog): [Scope['kind'], string, Scope][] {
  return [
    ['site', '', of.site],
    ...[...of.sections].map(([slug, s]): [Scope['kind'], string, Scope] => ['section', slug, s]),
    ...[...of.tags].map(([slug, s]): [Scope['kind'], string, Scope] => ['tag', slug, s]),
    ...[...authorScopes(of)].map(([slug, s]): [Scope['kind'], string, Scope] => [
      'author',
      slug,
      s,
    ]),
  ];
}

/** What the catalog serves at `now` of a scope of the whole version: undefined when none. */
function expected(kind: Scope['kind'], slug: string, now: number): Scope | undefined {
  const view = publishedAt(catalog, now);
  if (kind === 'site') return view.site.articles.length ? view.site : undefined;
  const scopes =
    kind === 'section' ? view.sections : kind === 'tag' ? view.tags : authorScopes(view);
  return scopes.get(slug);
}

async function load(client: SqlClient, statements: string[]): Promise<void> {
  await client.batch(statements.map((sql) => client.prepare(sql)));
  // Each article's row, as publish writes it (the query layer reads its language).
  const put = client.prepare(`INSERT INTO articles VALUES (${Array(20).fill('?').join(', ')})`);
  const siteUrl = parseConfig({}).siteUrl;
  await client.batch(
    catalog.site.articles.map((a) =>
      put.bind(...articleRow(revs.get(a)!, a.source, a, bodyOf(a)!, siteUrl)),
    ),
  );
  await client.batch(servedStatements(client, catalog, (a) => revs.get(a)!));
}

const schemaStatements = () =>
  (SCHEMA + SERVED_SCHEMA)
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

/** The answers of the query layer, compared with the catalog's, at `now`. */
async function answersAgree(queries: StoreQueries, now: number): Promise<string[]> {
  const wrong: string[] = [];
  for (const [kind, slug] of everyScope(catalog)) {
    const want = expected(kind, slug, now);
    const head = await queries.head(kind, slug, now);
    // The largest file of the whole version's scope, embargoed articles included: a bound.
    const all = expected(kind, slug, Infinity)?.articles ?? [];
    const wantHead = want && {
      name: want.term?.name ?? '',
      count: want.articles.length,
      lastChange: want.lastChange,
      language: headOf(want).language,
      heaviest: Math.max(...all.map((a) => a.size)),
    };
    if (JSON.stringify(head) !== JSON.stringify(wantHead)) {
      wrong.push(`${kind} ${slug} head: ${JSON.stringify(head)} ≠ ${JSON.stringify(wantHead)}`);
    }
    const slugs: string[] = [];
    for (let offset = 0; offset <= (want?.articles.length ?? 0); offset += 3) {
      slugs.push(...(await queries.page(kind, slug, now, offset, 3)).map((item) => item.slug));
    }
    const wantSlugs = want?.articles.map((a) => a.slug) ?? [];
    if (slugs.join() !== wantSlugs.join()) wrong.push(`${kind} ${slug} pages: ${slugs.join()}`);
  }
  const view = publishedAt(catalog, now);
  for (const article of catalog.site.articles) {
    const rev = await queries.article(article.slug, now);
    const want = view.bySlug.has(article.slug) ? revs.get(article) : undefined;
    if (rev !== want) wrong.push(`article ${article.slug}: ${rev} ≠ ${want}`);
  }
  return wrong;
}

describe('the query layer on SQLite (better-sqlite3)', () => {
  const db = new Database(':memory:');
  const client = sqliteClient(db);
  const queries = new StoreQueries(client);
  beforeAll(() => load(client, schemaStatements()));
  afterAll(() => db.close());

  it('holds a varied store, an embargoed article among the rest', () => {
    expect(publishedAt(catalog, BEFORE).bySlug.size).toBe(catalog.bySlug.size - 1);
    expect(catalog.sections.size).toBeGreaterThan(2);
    expect(catalog.tags.size).toBeGreaterThan(10);
    expect(authorScopes(catalog).size).toBeGreaterThan(1);
  });

  it('answers every scope and article as the catalog serves it, before the embargo lifts and after', async () => {
    expect(await answersAgree(queries, BEFORE)).toEqual([]);
    expect(await answersAgree(queries, GO_LIVE)).toEqual([]);
    expect(await answersAgree(queries, TEST_CLOCK())).toEqual([]);
  });

  it('lists the sections, tags and authors published, in slug order, each with its head', async () => {
    for (const now of [BEFORE, GO_LIVE]) {
      const view = publishedAt(catalog, now);
      for (const [kind, scopes] of [
        ['section', view.sections],
        ['tag', view.tags],
        ['author', authorScopes(view)],
      ] as const) {
        const heads = (await queries.terms(kind, now)).map((h) => [h.slug, h.name, h.count]);
        const want = [...scopes].map(([slug, s]) => [slug, s.term?.name, s.articles.length]);
        expect(heads, `${kind} at ${now}`).toEqual(want);
      }
    }
    // The embargoed article alone is tagged Budget: the tag is absent until it lifts.
    const before = (await queries.terms('tag', BEFORE)).map((h) => h.slug);
    const after = (await queries.terms('tag', GO_LIVE)).map((h) => h.slug);
    expect(after.filter((slug) => !before.includes(slug))).toEqual(['budget']);
  });

  it('lists the site for a sitemap, and its articles after an instant, as the catalog does', async () => {
    const site = publishedAt(catalog, BEFORE).site.articles;
    const entries = await queries.sitemap(BEFORE, 2, 5);
    expect(entries).toEqual(
      site.slice(2, 7).map((a) => ({ slug: a.slug, lastmod: a.updated ?? a.published })),
    );
    const since = site[4]!.published;
    const recent = await queries.recent(BEFORE, since, 100);
    expect(recent).toEqual(site.filter((a) => a.published > since).map((a) => revs.get(a)));
    expect(await queries.since(BEFORE)).toBeLessThan(GO_LIVE);
    expect(await queries.since(GO_LIVE)).toBe(GO_LIVE);
    expect(await queries.nextChange(BEFORE)).toBe(GO_LIVE);
  });

  it('reads every query through an index: no scan of a table, no temporary B-tree', () => {
    const plans: Record<string, string[]> = {};
    for (const [name, sql, args] of [
      ['page', PAGE_SQL, ['tag/gaza', BEFORE, 3, 6]],
      ['head', HEAD_SQL, ['tag/gaza']],
      ['ahead', AHEAD_SQL, ['tag/gaza', BEFORE]],
      ['newest', NEWEST_SQL, ['tag/gaza', BEFORE]],
      ['change', CHANGE_SQL, [BEFORE, 'tag/gaza', BEFORE]],
      ['article', ARTICLE_SQL, ['2024/rafah-talks', BEFORE]],
      ['terms', TERMS_SQL, ['tag']],
      ['sitemap', SITEMAP_SQL, [BEFORE, 10, 5]],
      ['recent', RECENT_SQL, [BEFORE, BEFORE - 86_400_000, 1000]],
      ['since', SINCE_SQL, [BEFORE]],
      ['other language', OTHER_LANGUAGE_SQL, ['tag/gaza', BEFORE, 'en']],
      ['sizes', SIZES_SQL, ['tag/gaza', BEFORE]],
      ['next change', NEXT_SQL, [BEFORE]],
      ['articles', articlesSql(3), [1, 2, 3]],
    ] as const) {
      const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[];
      plans[name] = rows.map((r) => r.detail);
    }
    for (const [name, details] of Object.entries(plans)) {
      expect(details.length, name).toBeGreaterThan(0);
      for (const detail of details) {
        expect(detail, name).toMatch(
          /^SEARCH \w+ USING (PRIMARY KEY|INTEGER PRIMARY KEY|(COVERING )?INDEX \w+) \(/,
        );
        expect(detail, name).not.toMatch(/TEMP B-TREE|^SCAN/);
      }
    }
  });
});

describe('the query layer on a local D1 (Miniflare)', () => {
  let local: LocalD1 | undefined;
  let client: SqlClient;
  beforeAll(async () => {
    local = await localD1();
    client = local.db;
    await load(client, schemaStatements());
  }, 60_000);
  afterAll(() => local?.dispose());

  it('answers as SQLite does, and as the catalog serves', async () => {
    const queries = new StoreQueries(client);
    expect(await answersAgree(queries, BEFORE)).toEqual([]);
    expect(await answersAgree(queries, TEST_CLOCK())).toEqual([]);
  });

  it('reads about `limit` rows for a page of a scope, wherever the scope sits in the store', async () => {
    const read: Record<string, number | undefined> = {};
    for (const scope of ['site', 'tag/gaza', 'section/palestine']) {
      const result = await client.prepare(PAGE_SQL).bind(scope, BEFORE, 3, 0).all();
      expect(result.results).toHaveLength(3);
      read[scope] = result.meta.rows_read;
    }
    for (const [scope, rows] of Object.entries(read)) expect(rows, scope).toBeLessThanOrEqual(4);
  });
});
