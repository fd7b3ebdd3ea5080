// Cold rendering of one 50-item feed page per format, as a render-cache miss makes it: the
// page's UTF-8 bytes from `renderFeedBytes`, once with no item rendered before (the first
// render of those articles) and once with every item cached by another feed; then the ETag
// hash of the bytes. Beside it the `feed` package (6.0.0, a dev dependency kept for this
// comparison) over the very same articles.
import { Feed } from 'feed';
import type { Config } from '../src/config.ts';
import { createRepresentation } from '../src/http/representation.ts';
import { renderFeedBytes } from '../src/render/feed-renderers.ts';
import { buildFeedView, feedUrl, type FeedFormat, type FeedView } from '../src/render/feed-view.ts';
import { ItemCache } from '../src/render/item-cache.ts';
import { forgetBodies } from '../src/content/article-body.ts';
import type { Scope } from '../src/store/catalog.ts';

export interface Stats {
  /** Milliseconds. */
  median: number;
  p90: number;
  min: number;
  runs: number;
}

export interface FormatResult {
  format: FeedFormat;
  /** UTF-8 bytes of our output. */
  bytes: number;
  feedBytes: number;
  /**
   * A page whose items were never rendered: `renderFeedBytes(view, items)` with the item
   * cache emptied before each run, so every item is rendered, encoded and kept; the bodies
   * are made (as another page, or the article's own, made them). A fresh view each run, as
   * a render-cache miss builds one.
   */
  ours: Stats;
  /**
   * The very first sight of the page's articles: item cache and made bodies both emptied
   * before each run, so each body is made again from the bytes the database keeps (the Node
   * server's), parsed and sanitized (what the store defers from load to first use). Fewer
   * runs: each reads 50 rows.
   */
  firstSight: Stats;
  /**
   * A render-cache miss whose items another feed rendered already (page 1 of the same scope
   * at twice the limit, rendered once before the runs): head, tail and the cached item bytes.
   */
  cachedItems: Stats;
  /** createRepresentation over the page's bytes: the SHA-256 ETag, the rest of a cache miss. */
  representation: Stats;
  /** feed 6.0.0 rss2()/atom1()/json1() of the same items, a fresh Feed each run (built outside the timer). */
  feedPackage: Stats;
}

const THEIRS: Record<FeedFormat, (feed: Feed) => string> = {
  rss: (feed) => feed.rss2(),
  atom: (feed) => feed.atom1(),
  json: (feed) => feed.json1(),
};

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] ?? NaN)
      : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  return { median, p90: at(0.9), min: sorted[0] ?? NaN, runs: sorted.length };
}

/** Runs of the `feed` package per format (at most): a median of 50 of them is steady. */
export const FEED_PACKAGE_RUNS = 50;

/** Runs of a first sight (50 files read and made into bodies each): a median of 50 is steady. */
const FIRST_SIGHT_RUNS = 50;

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/**
 * The same page as a `feed` Feed: our Article fields mapped onto its Item API, with fixed
 * dates (its `updated` would default to now).
 */
export function feedPackageFeed(view: FeedView): Feed {
  const { config } = view;
  const feed = new Feed({
    id: config.siteUrl + view.basePath + 'atom.xml',
    title: view.title,
    description: view.description,
    link: view.homeUrl,
    language: config.siteLanguage,
    updated: new Date(view.updated),
    generator: 'dateline',
    ttl: config.feedTtl / 60,
    copyright: '',
    feedLinks: {
      rss: feedUrl(view, 'rss'),
      atom: feedUrl(view, 'atom'),
      json: feedUrl(view, 'json'),
    },
    author: { name: config.siteTitle, link: config.siteUrl + '/' },
  });
  const sections = `${config.siteUrl}/sections/`;
  const tags = `${config.siteUrl}/tags/`;
  for (const article of view.items) {
    feed.addItem({
      title: article.title,
      id: article.id,
      guid: article.id,
      link: article.url,
      date: new Date(article.updated ?? article.published),
      published: new Date(article.published),
      description: article.summary,
      content: article.contentHtml,
      category: [
        {
          name: article.section.name,
          term: article.section.slug,
          domain: sections,
          scheme: sections,
        },
        ...article.tags.map((t) => ({ name: t.name, term: t.slug, domain: tags, scheme: tags })),
      ],
      ...(article.author ? { author: [{ name: article.author }] } : {}),
      ...(article.image ? { image: { url: article.image.url, type: article.image.type } } : {}),
    });
  }
  return feed;
}

/** Runs `run(setup())` `warmup + runs` times; only `run` is timed, and only after the warmup. */
async function samples<T>(
  runs: number,
  warmup: number,
  setup: () => T,
  run: (input: T) => unknown,
): Promise<number[]> {
  const timed: number[] = [];
  for (let i = 0; i < warmup + runs; i += 1) {
    const input = setup();
    const start = performance.now();
    const result = run(input);
    if (result instanceof Promise) await result;
    const elapsed = performance.now() - start;
    if (i >= warmup) timed.push(elapsed);
  }
  return timed;
}

/**
 * First renders are timed in rounds, each format in turn, a pause between rounds: a median
 * of runs made in one stretch of a fraction of a second was at the mercy of this VM's slow
 * spells (one size's medians could all come from one: docs/performance.md). Spread over a
 * few seconds, a spell slows a minority of the runs.
 */
export const FIRST_RENDER_ROUNDS = 5;
const ROUND_PAUSE_MS = 1000;

/** Median of `runs` cold renders of page 1 (`limit` items) of `scope`, per format. */
export async function renderBench(
  config: Config,
  scope: Scope,
  runs = 200,
  { limit = 50 }: { limit?: number } = {},
): Promise<FormatResult[]> {
  const results: FormatResult[] = [];
  const warmup = Math.max(20, runs >> 3);
  const formats = ['rss', 'atom', 'json'] as const;
  const view = () => buildFeedView(config, scope, 1, limit);
  // (a) Every item rendered anew: the item cache is emptied outside the timer.
  const firstRenders = new Map<FeedFormat, number[]>(formats.map((format) => [format, []]));
  for (let round = 0; round < FIRST_RENDER_ROUNDS; round += 1) {
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, ROUND_PAUSE_MS));
    for (const format of formats) {
      const items = new ItemCache();
      const timed = await samples(
        Math.ceil(runs / FIRST_RENDER_ROUNDS),
        round === 0 ? warmup : 5,
        () => (items.clear(), view()),
        (v) => renderFeedBytes(format, v, items),
      );
      firstRenders.get(format)?.push(...timed);
      gc();
    }
  }
  for (const format of formats) {
    const items = new ItemCache();
    const body = renderFeedBytes(format, view(), items);
    const ours = stats(firstRenders.get(format) ?? []);
    gc();
    // (a') Bodies not made either: the first time any feed shows these articles.
    const firstSight = stats(
      await samples(
        Math.min(runs, FIRST_SIGHT_RUNS),
        10,
        () => (items.clear(), forgetBodies(), view()),
        (v) => renderFeedBytes(format, v, items),
      ),
    );
    gc();
    // (b) Another feed (same scope, twice the limit: another address) showed these items.
    items.clear();
    renderFeedBytes(format, buildFeedView(config, scope, 1, limit * 2), items);
    const cachedItems = stats(
      await samples(runs, warmup, view, (v) => renderFeedBytes(format, v, items)),
    );
    gc();
    const representation = stats(
      await samples(
        runs,
        warmup,
        () => body,
        (bytes) => createRepresentation(bytes, 'application/xml', 0),
      ),
    );
    gc();
    // The same items through the `feed` package. Its renders are many times slower than
    // dateline's: fewer runs give as steady a median in less time.
    const theirs = THEIRS[format];
    const feedBytes = Buffer.byteLength(theirs(feedPackageFeed(view())));
    const feedRuns = Math.min(runs, FEED_PACKAGE_RUNS);
    const feedPackage = stats(await samples(feedRuns, 10, () => feedPackageFeed(view()), theirs));
    gc();
    results.push({
      format,
      bytes: body.length,
      feedBytes,
      ours,
      firstSight,
      cachedItems,
      representation,
      feedPackage,
    });
  }
  return results;
}
