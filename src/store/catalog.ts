import type { Article, Problem, StoreFile, Term } from './article.ts';
import { isArticlePath, loadArticle, type LoadOptions } from './load-article.ts';

/** The articles of one feed scope (the whole site, a section, a tag or an author), newest first. */
export interface Scope {
  kind: 'site' | 'section' | 'tag' | 'author';
  term?: Term;
  articles: readonly Article[];
  /** The newest change (updated, else published) of any article in the scope; 0 when empty. */
  lastChange: number;
}

/** One loaded, indexed version of the store. Immutable: a reload builds a new one. */
export interface Catalog {
  site: Scope;
  sections: ReadonlyMap<string, Scope>;
  tags: ReadonlyMap<string, Scope>;
  bySlug: ReadonlyMap<string, Article>;
  problems: readonly Problem[];
}

/**
 * Items are ordered newest first by publication instant; articles published in the
 * same millisecond are ordered by slug (code-point order), which is unique, so the
 * order is total and the same bytes come out every time.
 */
export function compareArticles(a: Article, b: Article): number {
  if (a.published !== b.published) return b.published - a.published;
  return a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;
}

export function buildCatalog(files: readonly StoreFile[], options: LoadOptions): Catalog {
  const problems: Problem[] = [];
  const bySlug = new Map<string, Article>();
  const sorted = files
    .filter((f) => isArticlePath(f.path))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const file of sorted) {
    const result = loadArticle(file, options);
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    const taken = bySlug.get(result.article.slug);
    if (taken) {
      problems.push({
        path: file.path,
        line: 1,
        message: `${taken.source} already has the slug '${taken.slug}'; rename one of the two files`,
      });
      continue;
    }
    bySlug.set(result.article.slug, result.article);
  }
  const articles = [...bySlug.values()].sort(compareArticles);
  const sections = new Map<string, Article[]>();
  const tags = new Map<string, Article[]>();
  for (const article of articles) {
    push(sections, article.section.slug, article);
    for (const tag of article.tags) push(tags, tag.slug, article);
  }
  return {
    site: scope('site', articles),
    sections: scopes('section', sections, (a) => a.section),
    tags: scopes('tag', tags, (a, slug) => a.tags.find((t) => t.slug === slug)),
    bySlug,
    problems,
  };
}

function push(map: Map<string, Article[]>, key: string, article: Article) {
  const list = map.get(key);
  if (list) list.push(article);
  else map.set(key, [article]);
}

/** Sections and tags in slug order; a name spelled several ways takes its newest article's spelling. */
function scopes(
  kind: 'section' | 'tag',
  groups: Map<string, Article[]>,
  termOf: (article: Article, slug: string) => Term | undefined,
): Map<string, Scope> {
  const result = new Map<string, Scope>();
  for (const slug of [...groups.keys()].sort()) {
    const articles = groups.get(slug) ?? [];
    const newest = articles[0];
    const term = (newest && termOf(newest, slug)) ?? { name: slug, slug };
    result.set(slug, { ...scope(kind, articles), term });
  }
  return result;
}

function scope(kind: Scope['kind'], articles: Article[]): Scope {
  let lastChange = 0;
  for (const a of articles) lastChange = Math.max(lastChange, a.updated ?? a.published);
  return { kind, articles, lastChange };
}
