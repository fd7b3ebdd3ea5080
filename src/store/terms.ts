import type { Term } from './article.ts';
import { slugify } from './slug.ts';

/**
 * Sections and tags as Term objects, one per kind and spelling: a store names the same few
 * thousand terms again and again, so every article shares them (nobody mutates a Term),
 * and their slugs and display names are worked out once. Bounded, as a precaution against a
 * store of countless one-off tags.
 */
const terms = new Map<string, Term | string>();

export function readTerm(kind: 'section' | 'tag') {
  return (name: string): Term | string => {
    const key = `${kind}\0${name}`;
    let term = terms.get(key);
    if (term === undefined) {
      const slug = slugify(name);
      term = slug
        ? { name: kind === 'section' ? displayName(name) : name, slug }
        : `${kind} '${name}' has no letters or digits; give it a name`;
      if (terms.size >= 100_000) terms.clear();
      terms.set(key, term);
    }
    return term;
  };
}

const SMALL_WORDS = new Set([
  'a',
  'an',
  'and',
  'at',
  'by',
  'for',
  'in',
  'of',
  'on',
  'or',
  'the',
  'to',
]);

/** Export-format sections are in capitals (ARAB AND WORLD); feeds title them "Arab and World". */
function displayName(name: string): string {
  if (/\p{Ll}/u.test(name) || !/\p{Lu}/u.test(name)) return name;
  return name
    .toLowerCase()
    .split(/(\s+)/)
    .map((word, i) =>
      i > 0 && SMALL_WORDS.has(word) ? word : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join('');
}
