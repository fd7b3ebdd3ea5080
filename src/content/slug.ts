/**
 * The URL slug of a section or tag name: Unicode NFC, lowercased, every run of
 * characters that are not letters, combining marks or digits (white space,
 * punctuation, symbols) becomes one `-`. Letters of every script are kept, so
 * Arabic names stay Arabic (and are percent-encoded in URLs).
 */
export function slugify(name: string): string {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}
