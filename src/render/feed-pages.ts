import type { Article } from '../content/article.ts';
import { sizesOf } from '../store/reader.ts';

/**
 * How much larger than its file an article may come out in a feed item: measured from 1.0
 * (Arabic prose) and 1.24 (a dispatch) to 2.09 (Markdown dense with links and emphasis,
 * docs/performance.md), with room above. An article weighs its file's bytes times this.
 */
export const ITEM_GROWTH = 4;

/** Page starts by `limit budget`, per list of sizes (a store version's scope). */
const cutsOf = new WeakMap<readonly number[], Map<string, readonly number[]>>();

/** Whether a page of `limit` articles of a scope can weigh more than `budget` (see pageCuts). */
export function mayCut(heaviest: number, limit: number, budget: number): boolean {
  return heaviest * ITEM_GROWTH * limit > budget;
}

/**
 * Where each page of a feed starts, given the file size of each of its articles in feed
 * order: a page holds at most `limit` articles, and stops before the article that would take
 * their weight past `budget` bytes, so that no response is huge (an article heavier than the
 * budget alone has a page of its own). Pages follow from the articles alone, so every format
 * and every later request cuts them the same, and `next` (RFC 5005 section 3) goes on where a
 * page stopped: every article is on exactly one page. Kept per list of sizes.
 */
export function pageCuts(
  sizes: readonly number[],
  limit: number,
  budget: number,
): readonly number[] {
  let kept = cutsOf.get(sizes);
  if (!kept) cutsOf.set(sizes, (kept = new Map<string, readonly number[]>()));
  const key = `${limit} ${budget}`;
  let starts = kept.get(key);
  if (!starts) {
    starts = partition(sizes, limit, budget);
    if (kept.size >= 16) kept.clear(); // limits a client cycles through
    kept.set(key, starts);
  }
  return starts;
}

/**
 * Page `page` (from 1) of a feed of `count` articles as a span of its list, and how many
 * pages it has (at least one: an empty feed is one empty page). `starts` are the page cuts,
 * when pages may be cut by bytes (mayCut); else page p is articles (p - 1) * limit to p * limit.
 */
export function pageSpan(
  count: number,
  page: number,
  limit: number,
  starts?: readonly number[],
): { from: number; to: number; lastPage: number } {
  if (!starts) {
    const from = Math.min(count, (page - 1) * limit);
    return {
      from,
      to: Math.min(count, from + limit),
      lastPage: Math.max(1, Math.ceil(count / limit)),
    };
  }
  const lastPage = starts.length;
  if (page > lastPage) return { from: count, to: count, lastPage };
  return { from: starts[page - 1]!, to: starts[page] ?? count, lastPage };
}

/** The span of page `page` of a list of articles at hand (websub topics, the site map, tests). */
function spanOf(articles: readonly Article[], page: number, limit: number, budget: number) {
  const { sizes, heaviest } = sizesOf(articles);
  const starts = mayCut(heaviest, limit, budget) ? pageCuts(sizes, limit, budget) : undefined;
  return pageSpan(articles.length, page, limit, starts);
}

/** How many pages a feed of `articles` has. */
export function pageCount(articles: readonly Article[], limit: number, budget: number): number {
  return spanOf(articles, 1, limit, budget).lastPage;
}

/** The articles on page `page` (from 1) of a feed: none past the last page. */
export function pageItems(
  articles: readonly Article[],
  page: number,
  limit: number,
  budget: number,
): readonly Article[] {
  const { from, to } = spanOf(articles, page, limit, budget);
  return articles.slice(from, to);
}

function partition(sizes: readonly number[], limit: number, budget: number): number[] {
  const starts = [0];
  let count = 0;
  let weight = 0;
  for (let i = 0; i < sizes.length; i += 1) {
    const w = sizes[i]! * ITEM_GROWTH;
    if (count > 0 && (count === limit || weight + w > budget)) {
      starts.push(i);
      count = 0;
      weight = 0;
    }
    count += 1;
    weight += w;
  }
  return starts;
}
