import { siteIcons } from './site-icons.ts';
import type { Config } from '../config.ts';
import type { Article } from '../content/article.ts';
import type { FeedSyntax } from './feed-page.ts';
import { categoryNames, feedUrl, type FeedView } from './feed-view.ts';
import { rfc3339 } from './date-formats.ts';
import { carriesBody, itemSummary } from './item-content.ts';

/**
 * JSON Feed 1.1 (jsonfeed.org/version/1.1): `authors`, `language`, string ids, `next_url`
 * paging; an item whose language differs from the feed's carries its own `language`.
 * Laid out as `JSON.stringify(feed, null, 2)` lays it out (RFC 8259 allows any layout;
 * keeping this one keeps every byte): `items` is the last member, items four spaces in.
 */
export const JSON_FEED: FeedSyntax = {
  format: 'json',
  languageVariant: true,
  head,
  item: renderItem,
  separator: ',',
  tail: (view) => (view.items.length ? '\n  ]\n}\n' : ']\n}\n'),
};

/** The feed object without its items, up to and including `"items": [`. */
function head(view: FeedView): string {
  const { config } = view;
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: view.title,
    home_page_url: view.homeUrl,
    feed_url: feedUrl(view, 'json'),
    description: view.description,
    icon: siteIcons(config).icon,
    favicon: siteIcons(config).favicon,
    language: view.language,
    authors: [{ name: config.siteTitle, url: config.siteUrl + '/' }],
    ...(view.page < view.lastPage ? { next_url: feedUrl(view, 'json', view.page + 1) } : {}),
    ...(config.websubHub ? { hubs: [{ type: 'WebSub', url: config.websubHub }] } : {}),
  };
  // Drop the closing `\n}` and continue the object with its last member.
  return JSON.stringify(feed, null, 2).slice(0, -2) + ',\n  "items": [';
}

/**
 * One item on lines of its own, at the depth of an element of `items`, laid out member by
 * member as `JSON.stringify(item, null, 2)` would be there (same members, same order), so
 * the long body is escaped once and never copied again to indent it. In three parts: the
 * members before the body's, the body escaped, and the rest (see ItemText).
 */
function renderItem(config: Config, article: Article, lang: string | undefined): string[] {
  const summary = jsonString(itemSummary(config, article));
  const before = [
    member('id', jsonString(article.id)),
    member('url', jsonString(article.url)),
    member('title', jsonString(article.title)),
    member('summary', summary),
  ];
  const after: string[] = [];
  if (article.image) after.push(member('image', jsonString(article.image.url)));
  after.push(member('date_published', jsonString(rfc3339(article.published))));
  if (article.updated !== undefined)
    after.push(member('date_modified', jsonString(rfc3339(article.updated))));
  if (article.author) {
    const author = `{\n          "name": ${jsonString(article.author)}\n        }`;
    after.push(member('authors', list([author])));
  }
  after.push(member('tags', list(categoryNames(article).map(jsonString))));
  if (lang) after.push(member('language', jsonString(lang)));
  // JSON Feed 1.1: an item has content_html or content_text; without the body, the summary.
  if (!carriesBody(config)) {
    return [`\n    {${[...before, member('content_text', summary), ...after].join(',')}\n    }`];
  }
  return [
    `\n    {${before.join(',')},${member('content_html', '"')}`,
    jsonEscape(article.contentHtml),
    `",${after.join(',')}\n    }`, // never empty: date_published is always there
  ];
}

const member = (key: string, json: string) => `\n      "${key}": ${json}`;

/** An array member's value: one element a line, eight spaces in. */
function list(elements: string[]): string {
  if (!elements.length) return '[]';
  return `[${elements.map((e) => `\n        ${e}`).join(',')}\n      ]`;
}

// What JSON.stringify writes other than as itself (ECMA-262 QuoteJSONString): `"`, `\`,
// control characters, lone surrogates. Line feeds are common in bodies and handled below;
// a string with any other (or with any surrogate, paired or not) goes to JSON.stringify.
const NEEDS_STRINGIFY = /[\u0000-\u0009\u000B-\u001F\uD800-\uDFFF]/;
const NEEDS_ESCAPE = /["\\\u0000-\u001F\uD800-\uDFFF]/;

/**
 * `JSON.stringify(text)` for text whose only C0 controls are tab, line feed and carriage
 * return, with no lone surrogate: native replaceAll passes (jsonEscape) instead of its
 * character-by-character escaping, which is slow on two-byte (Arabic) strings.
 * `Article.contentHtml` is such text (XML 1.0 characters only), so a body goes here without
 * a test: on long bodies the test was a large part of a cold render (docs/performance.md).
 */
function jsonHtml(text: string): string {
  return `"${jsonEscape(text)}"`;
}

/**
 * jsonHtml without the quotes. The characters are looked for in the text as given, before any
 * is replaced: `includes` scans a two-byte string several times as fast as a `replaceAll`
 * that finds nothing, and a string `replaceAll` made is slower still to scan; of the three
 * orders measured, the lookups first and only the replacements needed was the fastest by far
 * (docs/performance.md). Bodies seldom hold a backslash, a carriage return or a tab.
 */
function jsonEscape(text: string): string {
  const backslash = text.includes('\\');
  const quote = text.includes('"');
  const lineFeed = text.includes('\n');
  const carriageReturn = text.includes('\r');
  const tab = text.includes('\t');
  let escaped = text;
  if (backslash) escaped = escaped.replaceAll('\\', '\\\\'); // first: the others add some
  if (quote) escaped = escaped.replaceAll('"', '\\"');
  if (lineFeed) escaped = escaped.replaceAll('\n', '\\n');
  if (carriageReturn) escaped = escaped.replaceAll('\r', '\\r');
  if (tab) escaped = escaped.replaceAll('\t', '\\t');
  return escaped;
}

/** `JSON.stringify(text)`, faster for long text that holds none of NEEDS_STRINGIFY. */
function jsonString(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return `"${text}"`; // most ids, URLs, titles, names, dates
  if (text.length < 256 || NEEDS_STRINGIFY.test(text)) return JSON.stringify(text);
  return jsonHtml(text);
}
