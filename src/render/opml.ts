import type { Config } from '../config.ts';
import type { ScopeHead } from '../store/reader.ts';
import type { ScopeLists } from './html.ts';
import { FEED_FILES, scopePath } from './feed-view.ts';
import { rfc822 } from './date-formats.ts';
import { xmlAttr, xmlText } from './xml.ts';

/**
 * OPML 2.0 subscription list (opml.org/spec2.opml): one `outline type="rss"` per feed
 * (the site, each section, each tag), grouped in plain outlines that carry only `text`.
 * The RSS address stands for each feed; every reader that imports OPML reads RSS.
 */
export function renderOpml(config: Config, site: ScopeHead, lists: ScopeLists): string {
  const feed = (scope: ScopeHead, indent: string) => {
    const title = scope.term ? `${scope.term.name} — ${config.siteTitle}` : config.siteTitle;
    const base = config.siteUrl + scopePath(scope);
    return `${indent}<outline type="rss" version="RSS2" text="${xmlAttr(title)}" title="${xmlAttr(title)}" xmlUrl="${xmlAttr(base + FEED_FILES.rss)}" htmlUrl="${xmlAttr(base)}"/>`;
  };
  const group = (text: string, scopes: readonly ScopeHead[]) =>
    scopes.length === 0
      ? []
      : [`<outline text="${xmlAttr(text)}">`, ...scopes.map((s) => feed(s, '  ')), '</outline>'];
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<opml version="2.0">',
    '<head>',
    `<title>${xmlText(config.siteTitle)} feeds</title>`,
    `<dateModified>${rfc822(site.lastChange)}</dateModified>`,
    '<docs>http://opml.org/spec2.opml</docs>',
    '</head>',
    '<body>',
    feed(site, ''),
    ...group('Sections', lists.sections),
    ...group('Tags', lists.tags),
    ...group('Authors', lists.authors),
    '</body>',
    '</opml>',
    '',
  ].join('\n');
}
