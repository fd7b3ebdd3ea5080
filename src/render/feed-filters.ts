import type { Article } from '../store/article.ts';
import type { Scope } from '../store/catalog.ts';
import { slugify } from '../store/slug.ts';

/**
 * Reader-side filters, named as RSSHub names them so readers' habits carry over.
 * Matching is case-insensitive plain text, never a regular expression from the
 * outside (no ReDoS).
 */
export interface FeedFilters {
  /** Title, summary or a category contains the text. */
  filter?: string;
  /** Title, summary and categories do not contain the text. */
  filterout?: string;
  /** Title contains the text. */
  filter_title?: string;
  /** The section or a tag is this one (by name, in any spelling with the same slug). */
  filter_category?: string;
  /** Published at most this many seconds before the feed's newest article. */
  filter_time?: number;
}

/** The order the filters take in a canonical query. */
export const FILTER_KEYS = [
  'filter',
  'filterout',
  'filter_title',
  'filter_category',
  'filter_time',
] as const;

/** `filter=rafah&filter_time=86400` in canonical order, or '' when there is none. */
export function filterQuery(filters: FeedFilters): string {
  return FILTER_KEYS.filter((key) => filters[key] !== undefined)
    .map((key) => `${key}=${encodeURIComponent(String(filters[key]))}`)
    .join('&');
}

export function hasFilters(filters: FeedFilters): boolean {
  return FILTER_KEYS.some((key) => filters[key] !== undefined);
}

const fold = (text: string) => text.normalize('NFC').toLowerCase();

/** The articles of a scope that pass the filters; the scope itself when there are none. */
export function applyFilters(scope: Scope, filters: FeedFilters): Scope {
  if (!hasFilters(filters)) return scope;
  const text = (a: Article) =>
    fold([a.title, a.summary, a.section.name, ...a.tags.map((t) => t.name)].join('\n'));
  const tests: ((a: Article) => boolean)[] = [];
  if (filters.filter !== undefined) {
    const needle = fold(filters.filter);
    tests.push((a) => text(a).includes(needle));
  }
  if (filters.filterout !== undefined) {
    const needle = fold(filters.filterout);
    tests.push((a) => !text(a).includes(needle));
  }
  if (filters.filter_title !== undefined) {
    const needle = fold(filters.filter_title);
    tests.push((a) => fold(a.title).includes(needle));
  }
  if (filters.filter_category !== undefined) {
    const slug = slugify(filters.filter_category);
    tests.push((a) => a.section.slug === slug || a.tags.some((t) => t.slug === slug));
  }
  if (filters.filter_time !== undefined) {
    // Relative to the feed's newest article, not the clock: the same content and the same
    // URL give the same bytes today and tomorrow.
    const since = (scope.articles[0]?.published ?? 0) - filters.filter_time * 1000;
    tests.push((a) => a.published >= since);
  }
  const articles = scope.articles.filter((a) => tests.every((test) => test(a)));
  let lastChange = 0;
  for (const a of articles) lastChange = Math.max(lastChange, a.updated ?? a.published);
  // An empty result is dated by the scope it came from, not 1970.
  return { ...scope, articles, lastChange: articles.length ? lastChange : scope.lastChange };
}

/** A line for the feed's description: what the filters keep. */
export function describeFilters(filters: FeedFilters): string {
  const parts: string[] = [];
  if (filters.filter !== undefined) parts.push(`mentioning “${filters.filter}”`);
  if (filters.filterout !== undefined) parts.push(`not mentioning “${filters.filterout}”`);
  if (filters.filter_title !== undefined) parts.push(`with “${filters.filter_title}” in the title`);
  if (filters.filter_category !== undefined) parts.push(`in “${filters.filter_category}”`);
  if (filters.filter_time !== undefined) {
    parts.push(`from the ${filters.filter_time} seconds before the newest article`);
  }
  return parts.length ? `Only articles ${parts.join(', ')}.` : '';
}
