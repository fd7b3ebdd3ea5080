// Readers of an article's fields, as the loader checks them (load-article.ts): each takes a
// field's text and gives its value, or says in a sentence what is wrong and how to fix it.
import { parseDateline } from '../time/dateline.ts';
import type { DraftProblem, Located } from './draft.ts';
import { readTerm } from './terms.ts';

// Image types a feed reader can show; the enclosure and media:content need the type.
const IMAGE_TYPES: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif',
}; // prettier-ignore

/**
 * The value `read` makes of a field, or undefined when the field is absent or `read` says
 * what is wrong with it (pushed to `problems`, located at the field's line).
 */
export function check<T>(
  field: Located<string> | undefined,
  read: (value: string) => T | string,
  problems: DraftProblem[],
): T | undefined {
  if (!field) return undefined;
  const result = read(field.value);
  if (typeof result === 'string') {
    problems.push({ line: field.line, message: result });
    return undefined;
  }
  return result;
}

/** A reader of datelines in `zone`, for `check`: the instant, or what is wrong. */
export function datelineIn(zone: string): (value: string) => number | string {
  return (value) => {
    const result = parseDateline(value, zone);
    return result.ok ? result.instant : result.message;
  };
}

export const readSection = readTerm('section');
export const readTag = readTerm('tag');
export const readUrl = readHttpUrl('url');
const readImageUrl = readHttpUrl('image');

/**
 * An id is an absolute URI (RFC 4287 section 4.2.6) of a harmless scheme: readers may show or
 * follow it, so `javascript:` or `data:` has no place there.
 */
export function readId(value: string): { value: string } | string {
  if (!/^[a-z][a-z0-9+.-]*:[^\s]+$/i.test(value)) {
    return `id '${value}' is not an absolute URI; use a URL or a urn: or tag: URI`;
  }
  const scheme = value.slice(0, value.indexOf(':')).toLowerCase();
  return ['http', 'https', 'urn', 'tag'].includes(scheme)
    ? { value }
    : `id '${value}' has the scheme ${scheme}:, which readers may run or follow; use an http(s), urn: or tag: URI`;
}

export function readImage(value: string): { url: string; type: string } | string {
  const parsed = readImageUrl(value);
  if (typeof parsed === 'string') return parsed;
  const type = IMAGE_TYPES[parsed.value.split(/[?#]/)[0]?.split('.').pop()?.toLowerCase() ?? ''];
  return type
    ? { url: parsed.value, type }
    : `image '${value}' must end in .jpg, .jpeg, .png, .gif, .webp or .avif so its type is known`;
}

export function readLang(value: string): { value: string } | string {
  return /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(value)
    ? { value }
    : `lang '${value}' is not a language tag; use one like en, ar or en-GB`;
}

function readHttpUrl(key: string) {
  return (value: string): { value: string } | string => {
    if (!URL.canParse(value))
      return `${key} '${value}' is not an absolute URL; write it with https://`;
    const parsed = new URL(value);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
      return `${key} '${value}' must be an http or https URL`;
    return { value: parsed.href };
  };
}
