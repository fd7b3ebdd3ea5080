import { compilePattern, FILTER_KEYS, type FeedFilters } from '../render/feed-filters.ts';
import { DEFAULT_LIMIT, MAX_LIMIT, type FeedFormat } from '../render/feed-view.ts';

export type FeedQuery =
  | {
      ok: true;
      page: number;
      limit: number;
      filters: FeedFilters;
      /** `?format=`: the same feed asked for in another format (a redirect). */
      format?: FeedFormat;
    }
  | { ok: false; message: string };

const MAX_FILTER_LENGTH = 100;
const MAX_FILTER_TIME = 100 * 366 * 86400;
const MAX_BRIEF = 100_000;
const FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];
/** RSSHub's filters that `filter` already covers: it ignores them beside it; we say so. */
const COVERED_BY_FILTER = [
  'filter_title',
  'filter_description',
  'filter_author',
  'filter_category',
] as const;
const SUPPORTED = `supported: ${FILTER_KEYS.join(', ')}, format=rss|atom|json, sorted=true|false, limit`;

/**
 * `?limit=` (1 to 500, default 50), the page (from 1, from the path, `/page/2/rss.xml`, or
 * the older `?page=2`), RSSHub's filter parameters, `format` and `sorted`, each once. A
 * parameter of those families that is malformed or unknown is an error naming the
 * supported ones, never dropped: dropping it would answer with an unfiltered feed.
 */
export function parseFeedQuery(url: URL, pathPage?: string): FeedQuery {
  const params = url.searchParams;
  const limit = readWhole(params.getAll('limit'), 'limit', DEFAULT_LIMIT, MAX_LIMIT);
  if (typeof limit === 'string') return { ok: false, message: limit };
  const pages = params.getAll('page');
  if (pathPage !== undefined) pages.push(pathPage);
  const page = readWhole(pages, 'page', 1, 1_000_000);
  if (typeof page === 'string') return { ok: false, message: page };
  const unknown = [...params.keys()].find(
    (key) => key.startsWith('filter') && !(FILTER_KEYS as readonly string[]).includes(key),
  );
  if (unknown !== undefined) {
    return { ok: false, message: `unknown parameter ${unknown}; ${SUPPORTED}` };
  }
  const filters = readFilters(params);
  if (typeof filters === 'string') return { ok: false, message: filters };
  const format = readChoice(params.getAll('format'), FORMATS);
  if (format === null)
    return { ok: false, message: `format must be rss, atom or json; ${SUPPORTED}` };
  // RSSHub sorts by date unless `sorted=false` keeps the source's order; the store's order
  // is by date, so both give the same feed, and the canonical address leaves it out.
  if (readChoice(params.getAll('sorted'), ['true', 'false']) === null) {
    return { ok: false, message: `sorted must be true or false; ${SUPPORTED}` };
  }
  return { ok: true, page, limit, filters, ...(format ? { format } : {}) };
}

function readFilters(params: URLSearchParams): FeedFilters | string {
  const filters: FeedFilters = {};
  const sensitive = readChoice(params.getAll('filter_case_sensitive'), ['true', 'false']);
  if (sensitive === null) return `filter_case_sensitive must be true or false; ${SUPPORTED}`;
  if (sensitive === 'false') filters.filter_case_sensitive = false;
  for (const key of FILTER_KEYS) {
    // An empty value is no filter: what an HTML form sends for a field left blank.
    const values = params.getAll(key).filter((v) => v.trim() !== '');
    if (values.length > 1) return `${key} is given more than once`;
    const value = values[0]?.trim();
    if (value === undefined || key === 'filter_case_sensitive') continue;
    if (key === 'filter_time') {
      const seconds = readWhole([value], key, 0, MAX_FILTER_TIME);
      if (typeof seconds === 'string') return seconds;
      filters.filter_time = seconds;
      continue;
    }
    if (key === 'brief') {
      // RSSHub's rule: at least 100 characters.
      const chars = /^[1-9]\d{2,5}$/.test(value) ? Number(value) : NaN;
      if (!(chars <= MAX_BRIEF)) return `brief must be a whole number from 100 to ${MAX_BRIEF}`;
      filters.brief = chars;
      continue;
    }
    if (value.length > MAX_FILTER_LENGTH || /[\u0000-\u001f]/.test(value)) {
      return `${key} must be a pattern of at most ${MAX_FILTER_LENGTH} characters`;
    }
    try {
      compilePattern(value, sensitive !== 'false');
    } catch (error) {
      return `${key} is not a valid pattern (RE2 syntax): ${error instanceof Error ? error.message : String(error)}`;
    }
    filters[key] = value;
  }
  const covered = COVERED_BY_FILTER.find((key) => filters[key] !== undefined);
  if (filters.filter !== undefined && covered) {
    return `${covered} cannot be combined with filter, which matches it already; use one of them`;
  }
  return filters;
}

/** One of `choices`; undefined when absent; null when repeated or another value. */
function readChoice<T extends string>(
  values: string[],
  choices: readonly T[],
): T | null | undefined {
  if (values.length === 0) return undefined;
  const value = values[0] as T;
  return values.length === 1 && choices.includes(value) ? value : null;
}

function readWhole(values: string[], key: string, fallback: number, max: number): number | string {
  if (values.length === 0) return fallback;
  if (values.length > 1) return `${key} is given more than once`;
  const text = values[0] ?? '';
  const value = /^[1-9]\d{0,9}$/.test(text) ? Number(text) : NaN;
  if (!(value <= max)) return `${key} must be a whole number from 1 to ${max}`;
  return value;
}
