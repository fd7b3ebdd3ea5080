/** Character references and escaping for the text and attribute values sanitize-html.ts writes. */

const REFERENCE = /&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});/g;

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  colon: ':',
  sol: '/',
  tab: '\t',
  newline: '\n',
  period: '.',
  lpar: '(',
  rpar: ')',
  num: '#',
  quest: '?',
  equals: '=',
  percnt: '%',
};

/** Character references of an attribute value decoded (numeric ones, and the usual names). */
export function decodeReferences(value: string): string {
  return value.replace(REFERENCE, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref] ?? whole;
    const hex = ref[1] === 'x' || ref[1] === 'X';
    const code = parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
      ? String.fromCodePoint(code)
      : '\ufffd';
  });
}

/**
 * Text for HTML: well-formed character references kept (a numeric one naming no character
 * becomes U+FFFD, as a browser reads it), every other `&`, and every `<` and `>`, escaped.
 */
export function escapeText(text: string): string {
  return text.replace(
    /&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});|[&<>]/g,
    (whole, ref: string | undefined) => {
      if (ref === undefined) return whole === '&' ? '&amp;' : whole === '<' ? '&lt;' : '&gt;';
      if (ref[0] !== '#') return whole;
      const hex = ref[1] === 'x' || ref[1] === 'X';
      const code = parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10);
      return code <= 0x10ffff ? whole : '&#xFFFD;';
    },
  );
}

export function escapeAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
