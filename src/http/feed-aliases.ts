import type { Context } from 'hono';
import type { Config } from '../config.ts';
import { scopePath } from '../render/feed-view.ts';
import type { Scope } from '../store/catalog.ts';

/**
 * Feed addresses readers guess from other publishers, and the feed of ours each means:
 * WordPress serves RSS 2.0 at `/feed/`, Hugo at `/index.xml`, jekyll-feed serves Atom at
 * `/feed.xml`. Each answers 301 (RFC 9110 section 15.4.2) to the one canonical address,
 * so that caches and aggregators still see one URL per feed.
 */
export const FEED_ALIASES: Readonly<Record<string, string>> = {
  feed: 'rss.xml',
  'feed/': 'rss.xml',
  rss: 'rss.xml',
  atom: 'atom.xml',
  'index.xml': 'rss.xml',
  'feed.xml': 'atom.xml',
};

/** The 301 from an alias under `scope` to its feed; the query (filters, limit) goes along. */
export function redirectAlias(
  c: Context,
  config: Config,
  scope: Pick<Scope, 'kind' | 'term'>,
  file: string,
): Response {
  const { search } = new URL(c.req.url);
  return c.redirect(`${config.siteUrl}${scopePath(scope)}${file}${search}`, 301);
}
