// The last step of parsing, shared by both formats: every string of a draft free of the
// characters XML 1.0 forbids, and every string an article keeps made a string of its own.
import type { ArticleDraft, Located } from './draft.ts';
import { dropIllegalXmlChars, ownCopy } from './text.ts';

/**
 * The draft with every string free of characters XML 1.0 forbids, so all formats agree, and
 * the strings an article keeps as they are (title, summary, author, id, lang) made strings of
 * their own (ownCopy). Sections and tags become shared terms (terms.ts copies a name once);
 * datelines become instants and URLs are parsed anew, so none of them keeps the file alive.
 *
 * The loader drops those characters from the whole text before parsing. A dispatch is that
 * text cut into lines and trimmed, so its fields are clean already; Markdown front matter can
 * make new ones (YAML escapes such as "\x01"), and so can a summary read from Markdown
 * (character references such as &#x1;), so a Markdown draft is cleaned field by field.
 * Cleaning a dispatch's fields again was a visible part of loading a large store
 * (docs/performance.md).
 */
export function cleanDraft(draft: ArticleDraft): ArticleDraft {
  if (draft.body.format === 'dispatch') {
    return { ...draft, title: kept(draft.title), summary: ownCopy(draft.summary) };
  }
  return {
    ...draft,
    title: kept(clean(draft.title)),
    section: clean(draft.section),
    dateline: clean(draft.dateline),
    updated: cleanOptional(draft.updated),
    tags: draft.tags.map(clean),
    summary: ownCopy(dropIllegalXmlChars(draft.summary)),
    author: keptOptional(cleanOptional(draft.author)),
    image: cleanOptional(draft.image),
    url: cleanOptional(draft.url),
    id: keptOptional(cleanOptional(draft.id)),
    lang: keptOptional(cleanOptional(draft.lang)),
  };
}

function clean(field: Located<string>): Located<string> {
  return { value: dropIllegalXmlChars(field.value), line: field.line };
}

function cleanOptional(field: Located<string> | undefined): Located<string> | undefined {
  return field === undefined ? undefined : clean(field);
}

function kept(field: Located<string>): Located<string> {
  return { value: ownCopy(field.value), line: field.line };
}

function keptOptional(field: Located<string> | undefined): Located<string> | undefined {
  return field === undefined ? undefined : kept(field);
}
