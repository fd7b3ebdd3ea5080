import { FILTER_KEYS, type FeedFilters } from '../render/feed-filters.ts';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../render/feed-view.ts';

export type FeedQuery =
  { ok: true; page: number; limit: number; filters: FeedFilters } | { ok: false; message: string };

const MAX_FILTER_LENGTH = 100;
const MAX_FILTER_TIME = 100 * 366 * 86400;

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
  const filters: FeedFilters = {};
  for (const key of FILTER_KEYS) {
    // An empty value is no filter: what an HTML form sends for a field left blank.
    const values = url.searchParams.getAll(key).filter((v) => v.trim() !== '');
    if (values.length > 1) return { ok: false, message: `${key} is given more than once` };
    const value = values[0]?.trim();
    if (value === undefined) continue;
    if (key === 'filter_time') {
      const seconds = readWhole([value], key, 0, MAX_FILTER_TIME);
      if (typeof seconds === 'string') return { ok: false, message: seconds };
      filters.filter_time = seconds;
    } else if (value.length > MAX_FILTER_LENGTH || /[\u0000-\u001f]/.test(value)) {
      return {
        ok: false,
        message: `${key} must be plain text of at most ${MAX_FILTER_LENGTH} characters`,
      };
    } else {
      filters[key] = value;
    }
  }
  return { ok: true, page, limit, filters };
}

function readWhole(values: string[], key: string, fallback: number, max: number): number | string {
  if (values.length === 0) return fallback;
  if (values.length > 1) return `${key} is given more than once`;
  const text = values[0] ?? '';
  const value = /^[1-9]\d{0,9}$/.test(text) ? Number(text) : NaN;
  if (!(value <= max)) return `${key} must be a whole number from 1 to ${max}`;
  return value;
}
