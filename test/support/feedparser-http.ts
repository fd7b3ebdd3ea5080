// Debian's feedparser fetching feeds over HTTP, as a feed reader revisits them (fetch_feed.py).
import { envWithoutProxies, runOk } from './run.ts';
import { DEBIAN_PYTHON } from './tools.ts';

const FETCH_FEED = new URL('./fetch_feed.py', import.meta.url).pathname;

/** One feedparser.parse(url, ...) over HTTP. */
export interface FeedparserFetch {
  status: number | null;
  bozo: boolean;
  bozo_exception: string;
  /** `rss20`, `atom10`; '' on a 304 or when feedparser cannot tell. */
  version: string;
  entries: number;
  entry_ids: (string | null)[];
  feed_title: string | null;
  etag: string | null;
  modified: string | null;
  href: string | null;
  /** Response headers, names in lower case. */
  headers: Record<string, string>;
}

/** The five visits of one URL; see fetch_feed.py. */
export interface FeedparserVisit {
  url: string;
  /** parse(url) */
  first: FeedparserFetch;
  /** parse(url, etag=first.etag, modified=first.modified) */
  both: FeedparserFetch;
  /** parse(url, modified=first.modified) */
  modified_only: FeedparserFetch;
  /** parse(url, etag=stale) */
  stale_etag: FeedparserFetch;
  /** parse(url, etag=stale, modified=first.modified) */
  stale_etag_and_modified: FeedparserFetch;
}

/**
 * Visits every URL with feedparser in one python process. Asynchronous on purpose: the
 * server under test runs in this process and must keep answering while python waits.
 */
export async function visitWithFeedparser(
  urls: string[],
  staleEtag: string,
  timeoutMs = 90_000,
): Promise<FeedparserVisit[]> {
  const { stdout } = await runOk(DEBIAN_PYTHON, ['-I', FETCH_FEED], {
    input: JSON.stringify({ urls, stale_etag: staleEtag, timeout: 10 }),
    timeout: timeoutMs,
    env: envWithoutProxies(),
  });
  const visits = JSON.parse(stdout) as FeedparserVisit[];
  if (visits.length !== urls.length) throw new Error(`feedparser visited ${visits.length} URLs`);
  return visits;
}
