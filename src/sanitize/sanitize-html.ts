/**
 * Article HTML made safe for feed readers and for our own article pages, at the store
 * boundary. Web APIs only (Workers have no DOM, so no DOMPurify): a small allow-list
 * sanitizer over the HTML that marked produces, raw inline HTML of Markdown authors
 * included.
 *
 * - One pass over the input, like a browser's tokenizer: no backtracking, so its time is
 *   linear in the input (a tag left open at the end of the text ends the scan, and the rest
 *   is kept as escaped text).
 * - Allowed elements are written back by us, with allowed attributes only, every value
 *   escaped: no `on*` handler, no `style`, no `class` (but marked's `language-*` on `code`).
 * - `script`, `style`, `iframe`, `object`, `svg`, `math`, `template`, `textarea` and their
 *   kind are dropped with everything inside them; any other unknown element loses its tags
 *   and keeps its text. Comments, doctypes and processing instructions are dropped.
 * - `href`, `src` and `cite` are resolved against the article's URL (`new URL(value, base)`,
 *   the WHATWG parser browsers use, so `java&#x09;script:` is seen as `javascript:`) and
 *   kept only for http(s), plus `mailto:` and `tel:` links: never `javascript:`, `data:`,
 *   `vbscript:`.
 * - Text keeps its well-formed character references; a bare `&`, `<` or `>` is escaped.
 * - Tags are balanced: a stray end tag is dropped, elements left open are closed at the
 *   end, so article HTML cannot close the page's own elements. Nesting deeper than
 *   MAX_DEPTH is flattened.
 */

import { decodeReferences, escapeAttribute, escapeText } from './html-text.ts';
import {
  MAX_DEPTH,
  MAX_ATTRIBUTES,
  GLOBAL_ATTRIBUTES,
  ELEMENTS,
  VOID,
  DROP_WITH_CONTENT,
  VOID_DROPPED,
  VALUE_PATTERNS,
  URL_ATTRIBUTES,
  BOOLEAN_ATTRIBUTES,
} from './sanitize-rules.ts';

/** Makes `html` safe (see above); relative URLs become absolute against `baseUrl`. */
export function sanitizeHtml(html: string, baseUrl: string): string {
  const out: string[] = [];
  const open: string[] = [];
  const length = html.length;
  let i = 0;
  while (i < length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      out.push(escapeText(html.slice(i)));
      break;
    }
    if (lt > i) out.push(escapeText(html.slice(i, lt)));
    i = lt;
    const next = html.charCodeAt(i + 1);
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      i = end < 0 ? length : end + 3;
      continue;
    }
    if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
      const end = html.indexOf('>', i + 2);
      i = end < 0 ? length : end + 1;
      continue;
    }
    const isEnd = next === 0x2f; /* / */
    const nameStart = isEnd ? i + 2 : i + 1;
    if (!isAsciiLetter(html.charCodeAt(nameStart))) {
      if (isEnd) {
        // `</` not followed by a letter: a bogus comment to the next `>` (`</>` is nothing).
        const end = html.indexOf('>', i + 2);
        i = end < 0 ? length : end + 1;
      } else {
        out.push('&lt;');
        i += 1;
      }
      continue;
    }
    const tag = readTag(html, nameStart);
    if (!tag) {
      // A tag still open at the end of the text: keep the rest as text, end the scan.
      out.push(escapeText(html.slice(i)));
      break;
    }
    i = tag.end;
    const name = tag.name;
    if (isEnd) {
      const at = open.lastIndexOf(name);
      if (at < 0) continue;
      while (open.length > at) out.push(`</${open.pop()}>`);
      continue;
    }
    if (DROP_WITH_CONTENT.has(name)) {
      if (!tag.selfClosing && !VOID_DROPPED.has(name)) i = skipPast(html, i, name);
      continue;
    }
    const allowed = ELEMENTS[name];
    if (!allowed) continue;
    if (!VOID.has(name) && open.length >= MAX_DEPTH) continue;
    const attributes = cleanAttributes(name, tag.attributes, allowed, baseUrl);
    if (attributes === undefined) continue;
    out.push(`<${name}${attributes}>`);
    if (!VOID.has(name)) open.push(name);
  }
  while (open.length > 0) out.push(`</${open.pop()}>`);
  return out.join('');
}

interface Tag {
  name: string;
  attributes: [string, string | undefined][];
  selfClosing: boolean;
  /** Index just past the closing `>`. */
  end: number;
}

/**
 * Reads a tag from its name (at `start`) to its `>`, as the HTML tokenizer does: attribute
 * values in quotes may hold `>`. Undefined when the text ends first.
 */
function readTag(html: string, start: number): Tag | undefined {
  let i = start;
  const length = html.length;
  while (i < length && !isTagBreak(html.charCodeAt(i))) i += 1;
  const name = html.slice(start, i).toLowerCase();
  const attributes: [string, string | undefined][] = [];
  let selfClosing = false;
  while (i < length) {
    const c = html.charCodeAt(i);
    if (isSpace(c)) {
      i += 1;
      continue;
    }
    if (c === 0x3e /* > */) return { name, attributes, selfClosing, end: i + 1 };
    if (c === 0x2f /* / */) {
      selfClosing = html.charCodeAt(i + 1) === 0x3e;
      i += 1;
      continue;
    }
    // An attribute name runs to a space, `/`, `>` or `=` (a leading `=` belongs to it).
    const nameStart = i;
    i += 1;
    while (i < length && !isTagBreak(html.charCodeAt(i)) && html.charCodeAt(i) !== 0x3d) i += 1;
    const attribute = html.slice(nameStart, i).toLowerCase();
    let j = i;
    while (j < length && isSpace(html.charCodeAt(j))) j += 1;
    if (html.charCodeAt(j) !== 0x3d /* = */) {
      if (attributes.length < MAX_ATTRIBUTES) attributes.push([attribute, undefined]);
      continue;
    }
    j += 1;
    while (j < length && isSpace(html.charCodeAt(j))) j += 1;
    const quote = html.charCodeAt(j);
    if (quote === 0x22 || quote === 0x27) {
      const close = html.indexOf(quote === 0x22 ? '"' : "'", j + 1);
      if (close < 0) return undefined;
      if (attributes.length < MAX_ATTRIBUTES)
        attributes.push([attribute, html.slice(j + 1, close)]);
      i = close + 1;
    } else {
      let k = j;
      while (k < length && !isSpace(html.charCodeAt(k)) && html.charCodeAt(k) !== 0x3e) k += 1;
      if (attributes.length < MAX_ATTRIBUTES) attributes.push([attribute, html.slice(j, k)]);
      i = k;
    }
  }
  return undefined;
}

/** Index just past the end tag `</name ...>` closing a dropped element, else the end of text. */
function skipPast(html: string, from: number, name: string): number {
  const pattern = new RegExp(`</${name}[\\t\\n\\f\\r />]`, 'gi');
  pattern.lastIndex = from;
  const found = pattern.exec(html);
  if (!found) return html.length;
  const end = html.indexOf('>', found.index);
  return end < 0 ? html.length : end + 1;
}

/** The attributes to write (` name="value"`...), or undefined to drop the whole element. */
function cleanAttributes(
  element: string,
  attributes: [string, string | undefined][],
  allowed: readonly string[],
  baseUrl: string,
): string | undefined {
  const kept = new Map<string, string>();
  for (const [name, raw] of attributes) {
    if (kept.has(name)) continue; // the first of a repeated attribute wins, as in browsers
    if (!allowed.includes(name) && !GLOBAL_ATTRIBUTES.includes(name)) continue;
    if (BOOLEAN_ATTRIBUTES.has(name)) {
      kept.set(name, '');
      continue;
    }
    if (raw === undefined) continue;
    const schemes = URL_ATTRIBUTES[name];
    if (schemes) {
      const url = absoluteUrl(decodeReferences(raw), baseUrl, schemes);
      if (url !== undefined) kept.set(name, escapeAttribute(url));
      continue;
    }
    const pattern = VALUE_PATTERNS[name];
    if (pattern && !pattern.test(raw.trim())) continue;
    kept.set(name, escapeText(pattern ? raw.trim() : raw).replace(/"/g, '&quot;'));
  }
  // Only task-list check boxes, and they stay read-only.
  if (element === 'input') {
    if (kept.get('type') !== 'checkbox') return undefined;
    kept.set('disabled', '');
  } else if (element !== 'ol') kept.delete('type');
  if (element === 'img' && !kept.has('src')) return undefined;
  let text = '';
  for (const [name, value] of kept) text += ` ${name}="${value}"`;
  return text;
}

function absoluteUrl(
  value: string,
  baseUrl: string,
  schemes: readonly string[],
): string | undefined {
  try {
    const url = new URL(value.trim(), baseUrl);
    return schemes.includes(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
}

function isTagBreak(c: number): boolean {
  return isSpace(c) || c === 0x2f || c === 0x3e;
}
