import type { Config } from '../config.ts';
import { articlePath, type Article } from '../content/article.ts';
import type { SitemapEntry } from '../store/reader.ts';
import { rfc3339 } from './date-formats.ts';
import { xmlText } from './xml.ts';

/** The sitemaps.org protocol's limit per file; past it /sitemap.xml becomes an index. */
export const SITEMAP_LIMIT = 50_000;
/** Google's news sitemap rules: articles of the last two days, at most 1,000. */
export const NEWS_WINDOW_MS = 2 * 86_400_000;
export const NEWS_LIMIT = 1_000;

const HEAD = '<?xml version="1.0" encoding="utf-8"?>';
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

/** The article's page on this site: what a sitemap may list (same host as the sitemap). */
function pageUrl(config: Config, slug: string): string {
  return config.siteUrl + articlePath(slug);
}

/** A sitemaps.org `urlset`: every article page with its last change as `lastmod`. */
export function renderSitemap(config: Config, entries: readonly SitemapEntry[]): string {
  const urls = entries.map(
    (e) =>
      `<url><loc>${xmlText(pageUrl(config, e.slug))}</loc><lastmod>${rfc3339(e.lastmod)}</lastmod></url>`,
  );
  return [HEAD, `<urlset xmlns="${SITEMAP_NS}">`, ...urls, '</urlset>', ''].join('\n');
}

/** A `sitemapindex` of /sitemaps/1.xml … for stores past 50,000 articles: each part's lastmod. */
export function renderSitemapIndex(config: Config, lastmods: readonly number[]): string {
  const entries = lastmods.map(
    (lastmod, i) =>
      `<sitemap><loc>${xmlText(`${config.siteUrl}/sitemaps/${i + 1}.xml`)}</loc><lastmod>${rfc3339(lastmod)}</lastmod></sitemap>`,
  );
  return [HEAD, `<sitemapindex xmlns="${SITEMAP_NS}">`, ...entries, '</sitemapindex>', ''].join(
    '\n',
  );
}

/**
 * A news sitemap (Google's `news:` extension) of `recent`: the articles published in the two
 * days before the newest article (NEWS_WINDOW_MS), newest first, at most NEWS_LIMIT.
 */
export function renderNewsSitemap(config: Config, recent: readonly Article[]): string {
  const urls = recent.map(
    (a) =>
      `<url><loc>${xmlText(pageUrl(config, a.slug))}</loc><news:news><news:publication><news:name>${xmlText(config.siteTitle)}</news:name><news:language>${newsLanguage(a.lang ?? config.siteLanguage)}</news:language></news:publication><news:publication_date>${rfc3339(a.published)}</news:publication_date><news:title>${xmlText(a.title)}</news:title></news:news></url>`,
  );
  return [
    HEAD,
    `<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">`,
    ...urls,
    '</urlset>',
    '',
  ].join('\n');
}

/** News sitemaps want an ISO 639 code, save zh-cn and zh-tw. */
function newsLanguage(tag: string): string {
  const lower = tag.toLowerCase();
  return lower === 'zh-cn' || lower === 'zh-tw' ? lower : (lower.split('-')[0] ?? lower);
}

export function renderRobots(config: Config): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${config.siteUrl}/sitemap.xml\nSitemap: ${config.siteUrl}/news-sitemap.xml\n`;
}
