import { siteIcons } from './site-icons.ts';
import type { Config } from '../config.ts';
import type { Article } from '../content/article.ts';
import type { FeedSyntax, ItemText } from './feed-page.ts';
import { FEED_TYPES, feedId, feedUrl, pagingLinks, type FeedView } from './feed-view.ts';
import { rfc3339 } from './date-formats.ts';
import { aroundHtml, escapeHtml, xmlAttr, xmlText } from './xml.ts';
import { carriesBody, itemSummary } from './item-content.ts';

/**
 * An Atom text construct (RFC 4287 section 3.1). Plain text goes as `type="text"`
 * unless it holds `&` or `<`: then as `type="html"` with the text HTML-escaped, so
 * no reader mistakes it for markup and every reader shows the same characters.
 */
function textConstruct(name: string, text: string, lang?: string): string {
  const langAttr = lang ? ` xml:lang="${xmlAttr(lang)}"` : '';
  if (/[&<]/.test(text))
    return `<${name} type="html"${langAttr}>${xmlText(escapeHtml(text))}</${name}>`;
  return `<${name}${langAttr}>${xmlText(text)}</${name}>`;
}

/**
 * Atom 1.0 (RFC 4287), with RFC 5005 paging links. An entry whose language differs from
 * the feed's says so with `xml:lang` (XML 1.0 section 2.12), hence two variants of each.
 */
export const ATOM: FeedSyntax = {
  format: 'atom',
  languageVariant: true,
  head,
  item: renderEntry,
  separator: '',
  tail: () => '\n</feed>\n',
};

function head(view: FeedView): string {
  const { config } = view;
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlAttr(view.language)}">`,
    // The feed id: unique per feed (filters included), the same on every page.
    `<id>${xmlText(feedId(view))}</id>`,
    textConstruct('title', view.title),
    textConstruct('subtitle', view.description),
    `<updated>${rfc3339(view.updated)}</updated>`,
    // RFC 4287 section 4.1.1: an entry without its own author takes the feed's.
    `<author><name>${xmlText(config.siteTitle)}</name><uri>${xmlText(config.siteUrl + '/')}</uri></author>`,
    `<icon>${xmlText(siteIcons(config).icon)}</icon>`,
    `<logo>${xmlText(siteIcons(config).logo)}</logo>`,
    `<link rel="alternate" type="text/html" href="${xmlAttr(view.homeUrl)}"/>`,
    `<link rel="self" type="${FEED_TYPES.atom}" href="${xmlAttr(feedUrl(view, 'atom'))}"/>`,
  ];
  if (config.websubHub) out.push(`<link rel="hub" href="${xmlAttr(config.websubHub)}"/>`);
  for (const link of pagingLinks(view, 'atom')) {
    out.push(`<link rel="${link.rel}" type="${FEED_TYPES.atom}" href="${xmlAttr(link.href)}"/>`);
  }
  return out.join('\n');
}

/** One `<entry>`, on lines of its own after the line before. */
function renderEntry(config: Config, article: Article, lang: string | undefined): ItemText {
  const langAttr = lang ? ` xml:lang="${xmlAttr(lang)}"` : '';
  const lines = [
    `\n<entry${langAttr}>`,
    `<id>${xmlText(article.id)}</id>`,
    textConstruct('title', article.title),
    `<link rel="alternate" type="text/html" href="${xmlAttr(article.url)}"/>`,
    `<published>${rfc3339(article.published)}</published>`,
    `<updated>${rfc3339(article.updated ?? article.published)}</updated>`,
  ];
  if (article.author) lines.push(`<author><name>${xmlText(article.author)}</name></author>`);
  const terms = [
    { term: article.section, scheme: `${config.siteUrl}/sections/` },
    ...article.tags.map((term) => ({ term, scheme: `${config.siteUrl}/tags/` })),
  ];
  for (const { term, scheme } of terms) {
    lines.push(
      `<category term="${xmlAttr(term.slug)}" scheme="${xmlAttr(scheme)}" label="${xmlAttr(term.name)}"/>`,
    );
  }
  if (article.image) {
    lines.push(
      `<link rel="enclosure" type="${xmlAttr(article.image.type)}" href="${xmlAttr(article.image.url)}"/>`,
    );
  }
  lines.push(textConstruct('summary', itemSummary(config, article)));
  // Without content an entry has its alternate link, as RFC 4287 section 4.1.2 requires.
  if (!carriesBody(config)) return [...lines, '</entry>'].join('\n');
  lines.push('<content type="html">');
  return aroundHtml(lines.join('\n'), article.contentHtml, '</content>\n</entry>');
}
