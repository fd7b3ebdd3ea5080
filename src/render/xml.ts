import { dropIllegalXmlChars, escapeHtml } from '../store/text.ts';

export { escapeHtml };

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};
const RSS_ESCAPES: Record<string, string> = { '&': '&#x26;', '<': '&#x3C;', '>': '&#x3E;' };

/** Character data for XML 1.0 text nodes. `>` is escaped too, so `]]>` can never appear. */
export function xmlText(text: string): string {
  return dropIllegalXmlChars(text).replace(/[&<>]/g, (c) => XML_ESCAPES[c] ?? c);
}

/** An attribute value, for double-quoted attributes. */
export function xmlAttr(text: string): string {
  return dropIllegalXmlChars(text).replace(/[&<>"]/g, (c) => XML_ESCAPES[c] ?? c);
}

/**
 * RSS text. RSS 2.0 never said whether titles may hold HTML, so the RSS Advisory
 * Board's profile (and the W3C Feed Validation Service) ask for hexadecimal
 * character references for `&` and `<` in text: `&#x26;` and `&#x3C;`.
 */
export function rssText(text: string): string {
  return dropIllegalXmlChars(text).replace(/[&<>]/g, (c) => RSS_ESCAPES[c] ?? c);
}

/** RFC 822 date-time as RSS 2.0 wants it, in GMT with a four-digit year: `Fri, 19 Apr 2024 15:22:00 GMT`. */
export function rfc822(instant: number): string {
  return new Date(instant).toUTCString();
}

/** RFC 3339 date-time in UTC, as Atom (RFC 4287 section 3.3) and JSON Feed want: `2024-04-19T15:22:00Z`. */
export function rfc3339(instant: number): string {
  return new Date(instant).toISOString().replace(/\.000Z$/, 'Z');
}
