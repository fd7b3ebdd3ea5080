import { defaultUrl, type Article, type Problem } from '../content/article.ts';

/**
 * Ids are permanent and name one article each (RFC 4287 section 4.2.6, RSS `guid`): a reader
 * that sees an id again takes the item for one it has. Of two articles with the same id, the
 * one whose id is its own address keeps it (a front-matter id cannot take a published
 * article's id from it); else the first in path order does. The other is left out, reported
 * with both files named, and stands at its last good version when it has one that is free.
 */
export function dropSharedIds(
  bySlug: Map<string, Article>,
  siteUrl: string,
  problems: Problem[],
  lastGoodOf: (path: string) => Article | undefined,
  kept: string[],
): void {
  const owners = new Map<string, Article>();
  const ownId = (a: Article) => a.id === defaultUrl(siteUrl, a.slug);
  const losers: Article[] = [];
  for (const article of bySlug.values()) {
    const other = owners.get(article.id);
    if (!other) {
      owners.set(article.id, article);
      continue;
    }
    const loser = ownId(article) && !ownId(other) ? other : article;
    const winner = loser === article ? other : article;
    owners.set(article.id, winner);
    bySlug.delete(loser.slug);
    losers.push(loser);
    problems.push({
      path: loser.source,
      line: 1,
      message: `id '${loser.id}' is already the id of ${winner.source}; an id names one article: give this one an id of its own, or none`,
    });
  }
  for (const loser of losers) {
    const good = lastGoodOf(loser.source);
    if (!good || good === loser || owners.has(good.id) || bySlug.has(good.slug)) continue;
    owners.set(good.id, good);
    bySlug.set(good.slug, good);
    kept.push(loser.source);
  }
}
