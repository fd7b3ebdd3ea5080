// The rows of the store's database (Node's better-sqlite3 file and the edge's D1): an article as
// the `articles` table holds it, and back (src/db/schema.ts).
import { withStoredText, type StoredText } from '../content/article-body.ts';
import { defaultUrl, type Article, type Problem, type Term } from '../content/article.ts';
import type { DraftBody } from '../content/draft.ts';

/** The values of an `articles` row, in the table's order, for an article just loaded. */
export function articleRow(
  rev: number,
  path: string,
  a: Article,
  body: DraftBody,
  siteUrl: string,
): (string | number | null)[] {
  const own = defaultUrl(siteUrl, a.slug);
  return [
    rev,
    path,
    a.slug,
    // Most articles' id and URL are their own address: NULL, made again at a restart.
    a.id === own ? null : a.id,
    a.url === own ? null : a.url,
    a.title,
    a.section.name,
    a.section.slug,
    JSON.stringify(a.tags.map((t) => [t.name, t.slug])),
    a.published,
    a.updated ?? null,
    a.author ?? null,
    a.summary,
    a.image?.url ?? null,
    a.image?.type ?? null,
    a.lang ?? null,
    body.format,
    body.from,
    body.format === 'dispatch' ? body.to : null,
    a.size,
  ];
}

/** Every file the database knows, with its article's fields if it has one, in path order. */
export const RESTORE = `SELECT f.path, f.stamp, f.problems, f.rev, a.slug, a.id, a.url, a.title,
  a.section_name, a.section_slug, a.tags, a.published, a.updated, a.author,
  a.image_url, a.image_type, a.lang, a.body_format, a.body_from, a.body_to, a.size
  FROM files f LEFT JOIN articles a ON a.rev = f.rev ORDER BY f.path`;

export type RestoreRow = [
  path: string,
  stamp: string | null,
  problems: string | null,
  rev: number | null,
  slug: string,
  id: string | null,
  url: string | null,
  title: string,
  sectionName: string,
  sectionSlug: string,
  tags: string,
  published: number,
  updated: number | null,
  author: string | null,
  imageUrl: string | null,
  imageType: string | null,
  lang: string | null,
  bodyFormat: 'dispatch' | 'markdown',
  bodyFrom: number,
  bodyTo: number | null,
  size: number,
];

/**
 * One Term object per name and slug, kept in `terms`: the articles of a version share their
 * sections and tags as the loader's do.
 */
export function termInterner(
  terms = new Map<string, Term>(),
): (name: string, slug: string) => Term {
  return (name, slug) => {
    const key = `${slug}\n${name}`;
    let found = terms.get(key);
    if (!found) terms.set(key, (found = { name, slug }));
    return found;
  };
}

/** The article a row holds, with the fields and shape the loader gives it. */
export function articleOf(
  path: string,
  rev: number,
  row: RestoreRow,
  term: (name: string, slug: string) => Term,
  text: StoredText,
  siteUrl: string,
): Article {
  const [, , , , slug, id, url, title, sectionName, sectionSlug, tags, published, ...rest] = row;
  const [updated, author, imageUrl, imageType, lang, format, from, to, size] = rest;
  const own = id === null || url === null ? defaultUrl(siteUrl, slug) : '';
  const fields: Omit<Article, 'contentHtml' | 'summary'> = {
    slug,
    source: path,
    id: id ?? own,
    url: url ?? own,
    title,
    section: term(sectionName, sectionSlug),
    tags: (JSON.parse(tags) as [string, string][]).map(([name, tag]) => term(name, tag)),
    published,
    size,
  };
  if (updated !== null) fields.updated = updated;
  if (author !== null) fields.author = author;
  if (imageUrl !== null) fields.image = { url: imageUrl, type: imageType ?? '' };
  if (lang !== null) fields.lang = lang;
  const body: DraftBody =
    format === 'dispatch' ? { format, from, to: to ?? 0 } : { format: 'markdown', from };
  return withStoredText(fields, text, rev, body);
}

/** An article's own fields: a loaded article's summary is a getter, which a spread leaves. */
export function withoutSummary(article: Article): Omit<Article, 'contentHtml' | 'summary'> {
  return { ...article };
}

/**
 * A broken file's reports as the `files` table's `problems` holds them (JSON `[{line,
 * message}]`; restore.ts reads them back with the row's path).
 */
export function reportsJson(problems: readonly Pick<Problem, 'line' | 'message'>[]): string {
  return JSON.stringify(problems.map(({ line, message }) => ({ line, message })));
}
