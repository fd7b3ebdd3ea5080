import { DEFAULT_LIMIT, MAX_LIMIT } from '../render/feed-view.ts';

export type FeedQuery = { ok: true; page: number; limit: number } | { ok: false; message: string };

/**
 * `?limit=` (1 to 500, default 50) and the page (from 1), from the path
 * (`/page/2/rss.xml`) or, the older spelling, `?page=2`: whole numbers in plain
 * digits, once each.
 */
export function parseFeedQuery(url: URL, pathPage?: string): FeedQuery {
  const limit = readWhole(url.searchParams.getAll('limit'), 'limit', DEFAULT_LIMIT, MAX_LIMIT);
  if (typeof limit === 'string') return { ok: false, message: limit };
  const pages = url.searchParams.getAll('page');
  if (pathPage !== undefined) pages.push(pathPage);
  const page = readWhole(pages, 'page', 1, 1_000_000);
  if (typeof page === 'string') return { ok: false, message: page };
  return { ok: true, page, limit };
}

function readWhole(values: string[], key: string, fallback: number, max: number): number | string {
  if (values.length === 0) return fallback;
  if (values.length > 1) return `${key} is given more than once`;
  const text = values[0] ?? '';
  const value = /^[1-9]\d{0,6}$/.test(text) ? Number(text) : NaN;
  if (!(value <= max)) return `${key} must be a whole number from 1 to ${max}`;
  return value;
}
