import { ATOM } from './atom.ts';
import { renderBytes, renderText, type FeedSyntax } from './feed-page.ts';
import type { FeedFormat, FeedView } from './feed-view.ts';
import type { ItemCache } from './item-cache.ts';
import { JSON_FEED } from './json-feed.ts';
import { RSS } from './rss.ts';

/** The one renderer of each format. */
export const FEED_SYNTAX: Readonly<Record<FeedFormat, FeedSyntax>> = {
  rss: RSS,
  atom: ATOM,
  json: JSON_FEED,
};

/** A page of a feed as text. */
export function renderFeed(format: FeedFormat, view: FeedView): string {
  return renderText(FEED_SYNTAX[format], view);
}

/** A page of a feed as UTF-8 bytes, its items from `cache` when given (see `renderBytes`). */
export function renderFeedBytes(
  format: FeedFormat,
  view: FeedView,
  cache?: ItemCache,
): Uint8Array<ArrayBuffer> {
  return renderBytes(FEED_SYNTAX[format], view, cache);
}
