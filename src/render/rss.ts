import { siteIcons } from './site-icons.ts';
import type { Config } from '../config.ts';
import type { Article } from '../content/article.ts';
import type { FeedSyntax, ItemText } from './feed-page.ts';
import { FEED_TYPES, feedUrl, pagingLinks, type FeedView } from './feed-view.ts';
import { rfc822 } from './date-formats.ts';
import { aroundHtml, escapeHtml, rssText, xmlAttr } from './xml.ts';
import { carriesBody, itemSummary } from './item-content.ts';

const NAMESPACES = [
  'xmlns:atom="http://www.w3.org/2005/Atom"',
  'xmlns:content="http://purl.org/rss/1.0/modules/content/"',
  'xmlns:dc="http://purl.org/dc/elements/1.1/"',
  'xmlns:media="http://search.yahoo.com/mrss/"',
  'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"',
].join(' ');

/**
 * RSS 2.0 (rssboard.org/rss-specification), with the RSS Advisory Board's profile:
 * `atom:link rel="self"` and RFC 5005 paging links, `content:encoded` for the full
 * HTML, `dc:creator` for author names (RSS `author` must be an email address), and
 * Media RSS for the image. One element a line; items carry no language (RSS 2.0 has
 * only the channel's `language`).
 */
export const RSS: FeedSyntax = {
  format: 'rss',
  languageVariant: false,
  head,
  item: (config, article) => renderItem(config, article),
  separator: '',
  tail: () => '\n</channel>\n</rss>\n',
};

function head(view: FeedView): string {
  const { config } = view;
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<rss version="2.0" ${NAMESPACES}>`,
    '<channel>',
    `<title>${rssText(view.title)}</title>`,
    `<link>${rssText(view.homeUrl)}</link>`,
    `<description>${rssText(escapeHtml(view.description))}</description>`,
    `<language>${rssText(view.language)}</language>`,
    `<lastBuildDate>${rfc822(view.updated)}</lastBuildDate>`,
    // RSS 2.0 `image`: its title and link are the channel's, as the spec asks.
    `<image><url>${rssText(siteIcons(config).icon)}</url><title>${rssText(view.title)}</title><link>${rssText(view.homeUrl)}</link></image>`,
    // The same refresh hint three ways: RSS ttl (minutes), the syndication module, and
    // (in the HTTP layer) Cache-Control max-age. FEED_TTL divides a day, so they agree.
    `<ttl>${config.feedTtl / 60}</ttl>`,
    ...syndicationHints(config.feedTtl),
    `<atom:link rel="self" type="${FEED_TYPES.rss}" href="${xmlAttr(feedUrl(view, 'rss'))}"/>`,
  ];
  if (config.websubHub) out.push(`<atom:link rel="hub" href="${xmlAttr(config.websubHub)}"/>`);
  for (const link of pagingLinks(view, 'rss')) {
    out.push(
      `<atom:link rel="${link.rel}" type="${FEED_TYPES.rss}" href="${xmlAttr(link.href)}"/>`,
    );
  }
  return out.join('\n');
}

/** sy:updatePeriod and sy:updateFrequency (RSS 1.0 Syndication module) for a TTL in seconds. */
function syndicationHints(ttl: number): string[] {
  const [period, seconds] = 3600 % ttl === 0 ? ['hourly', 3600] : ['daily', 86400];
  return [
    `<sy:updatePeriod>${period}</sy:updatePeriod>`,
    `<sy:updateFrequency>${seconds / ttl}</sy:updateFrequency>`,
  ];
}

/** One `<item>`, on lines of its own after the line before. */
function renderItem(config: Config, article: Article): ItemText {
  const sectionsUrl = `${config.siteUrl}/sections/`;
  const tagsUrl = `${config.siteUrl}/tags/`;
  const permalink = article.id === article.url;
  const before = [
    '\n<item>',
    `<title>${rssText(article.title)}</title>`,
    `<link>${rssText(article.url)}</link>`,
    `<guid${permalink ? '' : ' isPermaLink="false"'}>${rssText(article.id)}</guid>`,
    `<pubDate>${rfc822(article.published)}</pubDate>`,
    // description is read as HTML by readers: the plain summary is HTML-escaped, then XML-escaped.
    `<description>${rssText(escapeHtml(itemSummary(config, article)))}</description>`,
  ];
  const body = carriesBody(config);
  if (body) before.push('<content:encoded>');
  const after = body ? ['</content:encoded>'] : [];
  if (article.author) after.push(`<dc:creator>${rssText(article.author)}</dc:creator>`);
  after.push(
    `<category domain="${xmlAttr(sectionsUrl)}">${rssText(article.section.name)}</category>`,
  );
  for (const tag of article.tags) {
    after.push(`<category domain="${xmlAttr(tagsUrl)}">${rssText(tag.name)}</category>`);
  }
  if (article.image) {
    const url = xmlAttr(article.image.url);
    const type = xmlAttr(article.image.type);
    // The byte length is not known without fetching the image; 0 is what the RSS
    // Advisory Board's profile asks for then.
    after.push(`<enclosure url="${url}" length="0" type="${type}"/>`);
    after.push(`<media:content url="${url}" type="${type}" medium="image"/>`);
  }
  after.push('</item>');
  if (!body) return [...before, ...after].join('\n');
  return aroundHtml(before.join('\n'), article.contentHtml, after.join('\n'));
}
