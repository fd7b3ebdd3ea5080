// Cold rendering of one 50-item feed page per format: dateline's renderers against the `feed`
// package (6.0.0, a dev dependency kept for this comparison) over the very same articles.
import { Feed } from 'feed';
import type { Config } from '../src/config.ts';
import { createRepresentation } from '../src/http/representation.ts';
import { renderAtom } from '../src/render/atom.ts';
import { buildFeedView, feedUrl, type FeedFormat, type FeedView } from '../src/render/feed-view.ts';
import { renderJsonFeed } from '../src/render/json-feed.ts';
import { renderRss } from '../src/render/rss.ts';
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
  feedBytes?: number;
  /** renderRss/renderAtom/renderJsonFeed(view), a fresh view each run. */
  ours: Stats;
  /** createRepresentation: TextEncoder + SHA-256 ETag, what a cold request adds to rendering. */
  representation: Stats;
  /** feed 6.0.0 rss2()/atom1()/json1(), a fresh Feed each run (built outside the timer); absent when skipped. */
  feedPackage?: Stats;
}

const OURS: Record<FeedFormat, (view: FeedView) => string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};
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
async function time<T>(
  runs: number,
  warmup: number,
  setup: () => T,
  run: (input: T) => unknown,
): Promise<Stats> {
  const samples: number[] = [];
  for (let i = 0; i < warmup + runs; i += 1) {
    const input = setup();
    const start = performance.now();
    const result = run(input);
    if (result instanceof Promise) await result;
    const elapsed = performance.now() - start;
    if (i >= warmup) samples.push(elapsed);
  }
  return stats(samples);
}

/** Median of `runs` cold renders of page 1 (`limit` items) of `scope`, per format. */
export async function renderBench(
  config: Config,
  scope: Scope,
  runs = 200,
  { limit = 50, feedPackage: compare = true }: { limit?: number; feedPackage?: boolean } = {},
): Promise<FormatResult[]> {
  const results: FormatResult[] = [];
  const warmup = Math.max(20, runs >> 3);
  for (const format of ['rss', 'atom', 'json'] as const) {
    const render = OURS[format];
    const text = render(buildFeedView(config, scope, 1, limit));
    const view = () => buildFeedView(config, scope, 1, limit);
    gc();
    // A fresh view every run, as a cache miss builds one; only the render is timed.
    const ours = await time(runs, warmup, view, render);
    gc();
    const representation = await time(
      runs,
      warmup,
      () => text,
      (body) => createRepresentation(body, 'application/xml', 0),
    );
    gc();
    const result: FormatResult = { format, bytes: Buffer.byteLength(text), ours, representation };
    if (compare) {
      const theirs = THEIRS[format];
      result.feedBytes = Buffer.byteLength(theirs(feedPackageFeed(view())));
      // Its renders take 10 to 20 ms: fewer runs give as steady a median in less time.
      const feedRuns = Math.min(runs, FEED_PACKAGE_RUNS);
      result.feedPackage = await time(feedRuns, 10, () => feedPackageFeed(view()), theirs);
      gc();
    }
    results.push(result);
  }
  return results;
}
