import type { Term } from './article.ts';
import { slugify } from './slug.ts';
import { ownCopy } from './text.ts';

/**
 * Sections and tags as Term objects, one per kind and spelling: a store names the same few
 * thousand terms again and again, so every article shares them (nobody mutates a Term),
 * and their slugs and display names are worked out once. Bounded, as a precaution against a
 * store of countless one-off tags. One table a kind, keyed by the name as written: a key made
 * of kind and name was a string built and hashed anew for each of 600k lookups at 100k files.
 */
const terms = { section: new Map<string, Term | string>(), tag: new Map<string, Term | string>() };

export function readTerm(kind: 'section' | 'tag') {
  const known = terms[kind];
  return (name: string): Term | string => {
    let term = known.get(name);
    if (term === undefined) {
      // One string of its own for the key, the tag's name and what is made of it: `name` may
      // be a slice of an article's file.
      const own = ownCopy(name);
      const slug = slugify(own);
      term = slug
        ? { name: kind === 'section' ? displayName(own) : own, slug }
        : `${kind} '${own}' has no letters or digits; give it a name`;
      if (known.size >= 100_000) known.clear();
      known.set(own, term);
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
