import type { Article } from '../../src/store/article.ts';

/**
 * Every field of an article as own properties, for comparing or printing: a loaded article
 * reads its summary and body through getters, which a spread or JSON does not see.
 */
export function everyField(article: Article): Article {
  return { ...article, summary: article.summary, contentHtml: article.contentHtml };
}
