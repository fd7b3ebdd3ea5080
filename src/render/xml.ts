import { dropIllegalXmlChars, escapeHtml, MAYBE_NOT_XML_CHARS } from '../content/text.ts';
import type { ItemText } from './feed-page.ts';

export { escapeHtml };

// Three native replaceAll passes (`&` first, so no reference is escaped twice) are faster
// than one regular expression calling back for each character on article bodies, which are
// long and, when Arabic, two-byte strings (Node 20; docs/performance.md). Most strings of a
// feed (titles, URLs, names) need nothing: one test for both what must be escaped and what
// XML 1.0 forbids (C0 controls, U+FFFE, U+FFFF, and surrogates, which `dropIllegalXmlChars`
// then tells paired from lone) returns them as they are. A feed item makes a dozen of these
// calls, and a test is most of their cost.
const TEXT_SPECIAL = new RegExp(`[&<>${MAYBE_NOT_XML_CHARS}]`);
const ATTR_SPECIAL = new RegExp(`[&<>"${MAYBE_NOT_XML_CHARS}]`);

/** Character data for XML 1.0 text nodes. `>` is escaped too, so `]]>` can never appear. */
export function xmlText(text: string): string {
  if (!TEXT_SPECIAL.test(text)) return text;
  return dropIllegalXmlChars(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

/**
 * `before`, article HTML, `after`: the HTML (`Article.contentHtml`, XML 1.0 characters
 * only, checked when the body was made) as one CDATA section (XML 1.0 section 2.7), which
 * any XML parser reads back as the same text. No pass over the body escapes its every tag
 * (once a large part of a cold render: docs/performance.md), and the body's UTF-8, made once,
 * goes into the page as it is: the item is returned as the text around it. A body holding
 * `]]>`, which would end the section, is split across two sections and returned as one text.
 */
export function aroundHtml(before: string, html: string, after: string): ItemText {
  if (html.includes(']]>'))
    return `${before}<![CDATA[${html.replaceAll(']]>', ']]]]><![CDATA[>')}]]>${after}`;
  return { before: `${before}<![CDATA[`, html, after: `]]>${after}` };
}

/** An attribute value, for double-quoted attributes. */
export function xmlAttr(text: string): string {
  if (!ATTR_SPECIAL.test(text)) return text;
  return dropIllegalXmlChars(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/**
 * RSS text. RSS 2.0 never said whether titles may hold HTML, so the RSS Advisory
 * Board's profile (and the W3C Feed Validation Service) ask for hexadecimal
 * character references for `&` and `<` in text: `&#x26;` and `&#x3C;`.
 */
export function rssText(text: string): string {
  if (!TEXT_SPECIAL.test(text)) return text;
  return dropIllegalXmlChars(text)
    .replaceAll('&', '&#x26;')
    .replaceAll('<', '&#x3C;')
    .replaceAll('>', '&#x3E;');
}
