import type { Config } from '../config.ts';
import { articlePath, type Article } from '../content/article.ts';
import type { Catalog } from '../store/catalog.ts';
import { rfc3339 } from './date-formats.ts';
import { xmlText } from './xml.ts';

/** The sitemaps.org protocol's limit per file; past it /sitemap.xml becomes an index. */
export const SITEMAP_LIMIT = 50_000;
/** Google's news sitemap rules: articles of the last two days, at most 1,000. */
const NEWS_WINDOW_MS = 2 * 86_400_000;
const NEWS_LIMIT = 1_000;

const HEAD = '<?xml version="1.0" encoding="utf-8"?>';
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

/** The article's page on this site: what a sitemap may list (same host as the sitemap). */
function pageUrl(config: Config, article: Article): string {
  return config.siteUrl + articlePath(article.slug);
}

/** A sitemaps.org `urlset`: every article page with its last change as `lastmod`. */
export function renderSitemap(config: Config, articles: readonly Article[]): string {
  const urls = articles.map(
    (a) =>
      `<url><loc>${xmlText(pageUrl(config, a))}</loc><lastmod>${rfc3339(a.updated ?? a.published)}</lastmod></url>`,
  );
  return [HEAD, `<urlset xmlns="${SITEMAP_NS}">`, ...urls, '</urlset>', ''].join('\n');
}

/** A `sitemapindex` of /sitemaps/1.xml … for stores past 50,000 articles. */
export function renderSitemapIndex(config: Config, catalog: Catalog): string {
  const articles = catalog.site.articles;
  const entries: string[] = [];
  for (let i = 0; i * SITEMAP_LIMIT < articles.length; i += 1) {
    const part = articles.slice(i * SITEMAP_LIMIT, (i + 1) * SITEMAP_LIMIT);
    let lastmod = 0;
    for (const a of part) lastmod = Math.max(lastmod, a.updated ?? a.published);
    entries.push(
      `<sitemap><loc>${xmlText(`${config.siteUrl}/sitemaps/${i + 1}.xml`)}</loc><lastmod>${rfc3339(lastmod)}</lastmod></sitemap>`,
    );
  }
  return [HEAD, `<sitemapindex xmlns="${SITEMAP_NS}">`, ...entries, '</sitemapindex>', ''].join(
    '\n',
  );
}

/**
 * A news sitemap (Google's `news:` extension): the articles published in the two
 * days before the newest article (not before "now": the same store gives the same
 * bytes), newest first, at most 1,000.
 */
export function renderNewsSitemap(config: Config, catalog: Catalog): string {
  const newest = catalog.site.articles[0]?.published ?? 0;
  const recent = catalog.site.articles
    .filter((a) => a.published > newest - NEWS_WINDOW_MS)
    .slice(0, NEWS_LIMIT);
  const urls = recent.map(
    (a) =>
      `<url><loc>${xmlText(pageUrl(config, a))}</loc><news:news><news:publication><news:name>${xmlText(config.siteTitle)}</news:name><news:language>${newsLanguage(a.lang ?? config.siteLanguage)}</news:language></news:publication><news:publication_date>${rfc3339(a.published)}</news:publication_date><news:title>${xmlText(a.title)}</news:title></news:news></url>`,
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
