import type { Article } from '../content/article.ts';

/**
 * How much larger than its file an article may come out in a feed item: measured from 1.0
 * (Arabic prose) and 1.24 (a dispatch) to 2.09 (Markdown dense with links and emphasis,
 * docs/performance.md), with room above. An article weighs its file's bytes times this.
 */
export const ITEM_GROWTH = 4;

/** An article list's weights, read once per list (a store version's scope). */
interface Weights {
  each: Float64Array;
  heaviest: number;
  /** Byte-cut partitions by `limit budget`: page start indexes. */
  cuts: Map<string, readonly number[]>;
}

const weightsOf = new WeakMap<readonly Article[], Weights>();

function weights(articles: readonly Article[]): Weights {
  let found = weightsOf.get(articles);
  if (!found) {
    const each = new Float64Array(articles.length);
    let heaviest = 0;
    for (let i = 0; i < articles.length; i += 1) {
      each[i] = articles[i]!.size * ITEM_GROWTH;
      heaviest = Math.max(heaviest, each[i]!);
    }
    weightsOf.set(articles, (found = { each, heaviest, cuts: new Map() }));
  }
  return found;
}

/**
 * Where each page of a feed starts, in its list of articles: a page holds at most `limit`
 * articles, and stops before the article that would take their weight past `budget` bytes,
 * so that no response is huge (an article heavier than the budget alone has a page of its
 * own). Pages follow from the articles alone, so every format and every later request cuts
 * them the same, and `next` (RFC 5005 section 3) goes on where a page stopped: every article
 * is on exactly one page. Undefined when no page is cut by bytes (`limit` heaviest articles
 * fit the budget): then page p is articles (p - 1) * limit to p * limit, and nothing is kept.
 */
function cuts(articles: readonly Article[], limit: number, budget: number) {
  const w = weights(articles);
  if (w.heaviest * limit <= budget) return undefined;
  const key = `${limit} ${budget}`;
  let starts = w.cuts.get(key);
  if (!starts) {
    starts = partition(w.each, limit, budget);
    if (w.cuts.size >= 16) w.cuts.clear(); // limits a client cycles through
    w.cuts.set(key, starts);
  }
  return starts;
}

/** How many pages a feed of `articles` has (at least one: an empty feed is one empty page). */
export function pageCount(articles: readonly Article[], limit: number, budget: number): number {
  const starts = cuts(articles, limit, budget);
  return starts ? starts.length : Math.max(1, Math.ceil(articles.length / limit));
}

/** The articles on page `page` (from 1) of a feed: none past the last page. */
export function pageItems(
  articles: readonly Article[],
  page: number,
  limit: number,
  budget: number,
): readonly Article[] {
  const starts = cuts(articles, limit, budget);
  if (!starts) return articles.slice((page - 1) * limit, page * limit);
  return page <= starts.length ? articles.slice(starts[page - 1], starts[page]) : [];
}

function partition(each: Float64Array, limit: number, budget: number): number[] {
  const starts = [0];
  let count = 0;
  let weight = 0;
  for (let i = 0; i < each.length; i += 1) {
    const w = each[i]!;
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
