import { parseHttpDate } from './http-date.ts';

/** The validators of the representation a GET would send. */
export interface Validators {
  /** A strong entity tag, quoted: `"abc"`. */
  etag: string;
  /** Milliseconds since the epoch. */
  lastModified: number;
}

/** What is read of a request's headers: a Headers object, or a view of Node's. */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * Whether a GET or HEAD should be answered 304 Not Modified (RFC 9110 section 13.2.2):
 * If-None-Match, when present, decides alone, by weak comparison (section 8.8.3.2) so
 * that a CDN's weakened `W/"..."` still matches; `*` matches any current
 * representation. Otherwise If-Modified-Since is compared at one-second precision,
 * the precision of HTTP dates; an invalid date is ignored (section 13.1.3).
 */
export function isNotModified(headers: HeaderReader, validators: Validators): boolean {
  const ifNoneMatch = headers.get('if-none-match');
  if (ifNoneMatch !== null) {
    if (ifNoneMatch === validators.etag) return true; // the common case, a revalidating client
    const wanted = opaque(validators.etag);
    return ifNoneMatch.split(',').some((tag) => {
      const candidate = tag.trim();
      return candidate === '*' || opaque(candidate) === wanted;
    });
  }
  const ifModifiedSince = headers.get('if-modified-since');
  if (ifModifiedSince === null) return false;
  const since = parseHttpDate(ifModifiedSince);
  if (since === undefined) return false;
  return Math.floor(validators.lastModified / 1000) * 1000 <= since;
}

/** The opaque part of an entity tag, without a weakness prefix: weak comparison. */
function opaque(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}
