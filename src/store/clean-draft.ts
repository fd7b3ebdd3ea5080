// The last step of parsing, shared by both formats: every string of a draft made clean of the
// characters XML 1.0 forbids, and made a string of its own.
import type { ArticleDraft, Located } from './draft.ts';
import { dropIllegalXmlChars } from './text.ts';

/**
 * A string of its own. A line cut out of a file is, in V8, a slice that keeps the whole
 * decoded file alive (8 KiB an article, measured by the benchmark); flattening a
 * concatenation copies the characters, so the slice taken of it refers to the copy.
 */
function ownCopy(text: string): string {
  return (' ' + text).slice(1);
}

/** The draft with every string free of characters XML 1.0 forbids, so all formats agree. */
export function cleanDraft(draft: ArticleDraft): ArticleDraft {
  return {
    ...draft,
    title: clean(draft.title),
    section: clean(draft.section),
    dateline: clean(draft.dateline),
    updated: cleanOptional(draft.updated),
    tags: draft.tags.map(clean),
    summary: ownCopy(dropIllegalXmlChars(draft.summary)),
    author: cleanOptional(draft.author),
    image: cleanOptional(draft.image),
    url: cleanOptional(draft.url),
    id: cleanOptional(draft.id),
    lang: cleanOptional(draft.lang),
  };
}

function clean(field: Located<string>): Located<string> {
  return { value: ownCopy(dropIllegalXmlChars(field.value)), line: field.line };
}

function cleanOptional(field: Located<string> | undefined): Located<string> | undefined {
  return field === undefined ? undefined : clean(field);
}
