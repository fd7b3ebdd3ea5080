import type { Article } from '../content/article.ts';
import { compareArticles, scopeOf, type Catalog, type Scope } from './catalog.ts';
import { slugify } from '../content/slug.ts';

const indexes = new WeakMap<Catalog, ReadonlyMap<string, Scope>>();

/**
 * The author feeds of a store version: one scope per author name (by slug, so
 * "Lina Haddad" and "lina haddad" are one author, spelled as in their newest
 * article), in slug order. Built on first use and kept with the catalog, like the
 * section and tag indexes.
 */
export function authorScopes(catalog: Catalog): ReadonlyMap<string, Scope> {
  let index = indexes.get(catalog);
  if (!index) {
    index = buildIndex(catalog.site.articles);
    indexes.set(catalog, index);
  }
  return index;
}

function buildIndex(articles: readonly Article[]): ReadonlyMap<string, Scope> {
  const groups = new Map<string, Article[]>();
  for (const article of articles) {
    const slug = article.author ? slugify(article.author) : '';
    if (!slug) continue;
    const group = groups.get(slug);
    if (group) group.push(article);
    else groups.set(slug, [article]);
  }
  const index = new Map<string, Scope>();
  for (const slug of [...groups.keys()].sort()) {
    const group = (groups.get(slug) ?? []).sort(compareArticles);
    index.set(slug, {
      ...scopeOf('author', group),
      term: { name: group[0]?.author ?? slug, slug },
    });
  }
  return index;
}
