/**
 * Text hygiene shared by both article formats: strict UTF-8 decoding that can say
 * where it failed, and removal of the characters XML 1.0 forbids (section 2.2), so
 * that every output format carries the same text.
 */

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

export function dropIllegalXmlChars(text: string): string {
  return text.replace(NOT_XML_CHAR, '');
}

/** Splits into lines on LF, CRLF or CR; line n of the file is element n - 1. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
