import { DEFAULT_LIMIT, MAX_LIMIT } from '../render/feed-view.ts';

export type FeedQuery = { ok: true; page: number; limit: number } | { ok: false; message: string };

/** `?limit=` (1 to 500, default 50) and `?page=` (from 1): whole numbers in plain digits, once each. */
export function parseFeedQuery(url: URL): FeedQuery {
  const limit = readWhole(url.searchParams, 'limit', DEFAULT_LIMIT, MAX_LIMIT);
  if (typeof limit === 'string') return { ok: false, message: limit };
  const page = readWhole(url.searchParams, 'page', 1, 1_000_000);
  if (typeof page === 'string') return { ok: false, message: page };
  return { ok: true, page, limit };
}

function readWhole(
  params: URLSearchParams,
  key: string,
  fallback: number,
  max: number,
): number | string {
  const values = params.getAll(key);
  if (values.length === 0) return fallback;
  if (values.length > 1) return `${key} is given more than once`;
  const text = values[0] ?? '';
  const value = /^[1-9]\d{0,6}$/.test(text) ? Number(text) : NaN;
  if (!(value <= max)) return `${key} must be a whole number from 1 to ${max}`;
  return value;
}
