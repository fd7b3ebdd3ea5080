/**
 * Text hygiene shared by both article formats: strict UTF-8 decoding that can say
 * where it failed, and removal of the characters XML 1.0 forbids (section 2.2), so
 * that every output format carries the same text.
 */

/** Largest article file read, in bytes (2 MiB). A bigger file is reported, never read whole. */
export const MAX_ARTICLE_BYTES = 2 * 1024 * 1024;

/**
 * Longest line, in characters (code points). A paragraph written on one line is rarely over a
 * few thousand; a longer line is a pasted blob or a generated file, and would make the Markdown
 * and YAML parsers work hard for nothing.
 */
export const MAX_LINE_CHARS = 20_000;

export function tooBigMessage(size: number): string {
  const mb = (size / (1024 * 1024)).toFixed(1);
  return `the file is ${mb} MB (${size} bytes), over the 2 MB limit for an article; shorten it or split it`;
}

/** The first line longer than MAX_LINE_CHARS, as a report; undefined when every line fits. */
export function checkTextLimits(text: string): { line: number; message: string } | undefined {
  // No line can be longer than the whole text: most articles are done here, unscanned.
  if (text.length <= MAX_LINE_CHARS) return undefined;
  let line = 1;
  let start = 0;
  for (let i = 0; i <= text.length; i += 1) {
    const c = i < text.length ? text.charCodeAt(i) : 0x0a;
    if (c !== 0x0a && c !== 0x0d) continue;
    // A line of more UTF-16 units than the limit may still fit in code points: count them.
    if (i - start > MAX_LINE_CHARS) {
      const chars = codePoints(text, start, i);
      if (chars > MAX_LINE_CHARS) {
        return {
          line,
          message: `the line is ${chars} characters long, over the limit of ${MAX_LINE_CHARS}; break it into paragraphs`,
        };
      }
    }
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i += 1;
    start = i + 1;
    line += 1;
  }
  return undefined;
}

function codePoints(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i += 1) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i += 1;
    }
    count += 1;
  }
  return count;
}

export type DecodeResult = { ok: true; text: string } | { ok: false; line: number };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeUtf8(bytes: Uint8Array): DecodeResult {
  try {
    return { ok: true, text: strictUtf8.decode(bytes) };
  } catch {
    return { ok: false, line: lineOfFirstInvalidByte(bytes) };
  }
}

/** 1-based line of the first byte that does not start or continue a valid UTF-8 sequence. */
function lineOfFirstInvalidByte(bytes: Uint8Array): number {
  let line = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const length =
      b < 0x80
        ? 1
        : b >= 0xc2 && b <= 0xdf
          ? 2
          : b >= 0xe0 && b <= 0xef
            ? 3
            : b >= 0xf0 && b <= 0xf4
              ? 4
              : 0;
    if (length === 0) return line;
    const chunk = bytes.subarray(i, i + length);
    if (chunk.length < length) return line;
    try {
      strictUtf8.decode(chunk);
    } catch {
      return line;
    }
    if (b === 0x0a) line += 1;
    i += length;
  }
  return line;
}

// XML 1.0 Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
// (lone surrogates cannot come out of a strict UTF-8 decode, but strings can be built otherwise).
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

// A quick test (no u flag, one character class: the fastest irregexp has) for anything that
// might not be an XML character: C0 controls, U+FFFE, U+FFFF and any surrogate. Most text
// has none and is done. Text with a surrogate is mostly text with emoji (valid pairs): the
// exact test then decides before anything is replaced.
// The class's ranges, for patterns that test for these and more at once (xml.ts).
export const MAYBE_NOT_XML_CHARS =
  '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uD800-\\uDFFF\\uFFFE\\uFFFF';
const MAYBE_NOT_XML_CHAR = new RegExp(`[${MAYBE_NOT_XML_CHARS}]`);
const IS_NOT_XML_CHAR = new RegExp(NOT_XML_CHAR.source, 'u'); // no g: test() keeps no state

/**
 * False when `text` certainly holds only XML 1.0 characters, none of them NUL: one scan that
 * clears most text of both questions the loader asks of a whole file.
 */
export function mayHoldNonXmlChars(text: string): boolean {
  return MAYBE_NOT_XML_CHAR.test(text);
}

export function dropIllegalXmlChars(text: string): string {
  if (!MAYBE_NOT_XML_CHAR.test(text) || !IS_NOT_XML_CHAR.test(text)) return text;
  return text.replace(NOT_XML_CHAR, '');
}

/**
 * A string of its own. A line cut out of a file is, in V8, a slice that keeps the whole
 * decoded file alive (measured by the benchmark: docs/performance.md). Joining two parts of it
 * makes one flat string of exactly its characters (a slice of a flattened concatenation was
 * two objects, the copy and the slice). For the strings an article keeps, not for those it
 * only reads: every object an article keeps is copied twice by the young-generation
 * collector while a large store loads.
 */
export function ownCopy(text: string): string {
  return text.length < 2 ? (' ' + text).slice(1) : [text.slice(0, 1), text.slice(1)].join('');
}

/** Splits into lines on LF, CRLF or CR; line n of the file is element n - 1. */
export function splitLines(text: string): string[] {
  // Splitting on a string is several times faster than on a pattern, and most files have no CR.
  return text.includes('\r') ? text.split(/\r\n|\n|\r/) : text.split('\n');
}

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
