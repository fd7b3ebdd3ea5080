import { RE2JS } from 're2js';
import type { Article } from '../content/article.ts';
import type { Scope } from '../store/catalog.ts';

/**
 * Reader-side filters, with the names and the meaning RSSHub gives them (its "filter"
 * parameters), so readers' habits carry over: each value is a regular expression, matched
 * case-sensitively unless `filter_case_sensitive=false`. Patterns run on RE2JS, as RSSHub's
 * do, which matches in time linear in the text (no backtracking, so no ReDoS). An item's
 * "description" is its summary, what RSS `<description>` carries; its categories are its
 * section and tags.
 */
export interface FeedFilters {
  /** Title, description, author or a category matches. */
  filter?: string;
  /** Neither the title nor the description matches (unless the two below say otherwise). */
  filterout?: string;
  filter_title?: string;
  filter_category?: string;
  /** Published at most this many seconds before the feed's newest article. */
  filter_time?: number;
  filter_description?: string;
  filter_author?: string;
  filterout_title?: string;
  filterout_description?: string;
  filterout_author?: string;
  /** No category matches. */
  filterout_category?: string;
  /** Only `false` is kept: RSSHub's default, true, is the absence of the parameter. */
  filter_case_sensitive?: false;
  /** Not a filter: RSSHub's `brief=N`, items of a summary of at most N characters. */
  brief?: number;
}

/** Parameters holding a pattern. */
export const PATTERN_KEYS = [
  'filter',
  'filterout',
  'filter_title',
  'filter_category',
  'filter_description',
  'filter_author',
  'filterout_title',
  'filterout_description',
  'filterout_author',
  'filterout_category',
] as const;

/**
 * The order the filters (and `brief`) take in a canonical query: the five of the first
 * release first, in their order then, so that the addresses (and Atom ids) of feeds filtered
 * then stay.
 */
export const FILTER_KEYS = [
  ...PATTERN_KEYS.slice(0, 4),
  'filter_time',
  ...PATTERN_KEYS.slice(4),
  'filter_case_sensitive',
  'brief',
] as const;

/** Compiles a pattern with RE2JS; throws RE2JS's syntax error, which names the problem. */
export function compilePattern(pattern: string, caseSensitive: boolean): RE2JS {
  return RE2JS.compile(pattern, caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
}

/** `filter=rafah&filter_time=86400` in canonical order, or '' when there is none. */
export function filterQuery(filters: FeedFilters): string {
  return FILTER_KEYS.filter((key) => filters[key] !== undefined)
    .map((key) => `${key}=${encodeURIComponent(String(filters[key]))}`)
    .join('&');
}

export function hasFilters(filters: FeedFilters): boolean {
  return FILTER_KEYS.some(
    (key) => key !== 'filter_case_sensitive' && key !== 'brief' && filters[key] !== undefined,
  );
}

/** The texts of an article each pattern looks at; `filter` looks at all of them. */
const fields = {
  title: (a: Article) => [a.title],
  description: (a: Article) => [a.summary],
  author: (a: Article) => [a.author ?? ''],
  category: (a: Article) => [a.section.name, ...a.tags.map((t) => t.name)],
  any: (a: Article) => [
    a.title,
    a.summary,
    a.author ?? '',
    a.section.name,
    ...a.tags.map((t) => t.name),
  ],
};

/** The articles of a scope that pass the filters; the scope itself when there are none. */
export function applyFilters(scope: Scope, filters: FeedFilters): Scope {
  if (!hasFilters(filters)) return scope;
  const sensitive = filters.filter_case_sensitive !== false;
  const tests: ((a: Article) => boolean)[] = [];
  /** Keeps articles where some text of `field` matches (or, with `out`, none does). */
  function test(pattern: string | undefined, field: keyof typeof fields, out = false) {
    if (pattern === undefined) return;
    const regex = compilePattern(pattern, sensitive);
    const read = fields[field];
    tests.push((a) => read(a).some((text) => regex.matcher(text).find()) !== out);
  }
  test(filters.filter, 'any');
  test(filters.filter_title, 'title');
  test(filters.filter_description, 'description');
  test(filters.filter_author, 'author');
  test(filters.filter_category, 'category');
  test(filters.filterout_title ?? filters.filterout, 'title', true);
  test(filters.filterout_description ?? filters.filterout, 'description', true);
  test(filters.filterout_author, 'author', true);
  test(filters.filterout_category, 'category', true);
  if (filters.filter_time !== undefined) {
    // Relative to the feed's newest article, not the clock: the same content and the same
    // URL give the same bytes today and tomorrow.
    const since = (scope.articles[0]?.published ?? 0) - filters.filter_time * 1000;
    tests.push((a) => a.published >= since);
  }
  const articles = scope.articles.filter((a) => tests.every((keep) => keep(a)));
  let lastChange = 0;
  for (const a of articles) lastChange = Math.max(lastChange, a.updated ?? a.published);
  // An empty result is dated by the scope it came from, not 1970.
  return { ...scope, articles, lastChange: articles.length ? lastChange : scope.lastChange };
}

const WHAT: Record<(typeof PATTERN_KEYS)[number], string> = {
  filter: 'with a title, summary, author or category matching',
  filterout: 'with neither title nor summary matching',
  filter_title: 'with a title matching',
  filter_category: 'in a section or tag matching',
  filter_description: 'with a summary matching',
  filter_author: 'by an author matching',
  filterout_title: 'with a title not matching',
  filterout_description: 'with a summary not matching',
  filterout_author: 'by an author not matching',
  filterout_category: 'in no section or tag matching',
};

/** A line for the feed's description: what the filters keep. */
export function describeFilters(filters: FeedFilters): string {
  const parts: string[] = [];
  for (const key of PATTERN_KEYS) {
    const pattern = filters[key];
    if (pattern !== undefined) parts.push(`${WHAT[key]} /${pattern}/`);
  }
  if (filters.filter_time !== undefined) {
    parts.push(`from the ${filters.filter_time} seconds before the newest article`);
  }
  if (parts.length === 0) return '';
  const sense = filters.filter_case_sensitive === false ? ' (ignoring case)' : '';
  return `Only articles ${parts.join(', ')}${sense}.`;
}
