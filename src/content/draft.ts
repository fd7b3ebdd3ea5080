/** What a parser of one article format hands to the shared validation in load-article.ts. */

/** A value with the 1-based line of the file it came from, for error reports. */
export interface Located<T> {
  value: T;
  line: number;
}

export interface ArticleDraft {
  title: Located<string>;
  section: Located<string>;
  dateline: Located<string>;
  updated?: Located<string> | undefined;
  tags: Located<string>[];
  /** Where the body is in the file's lines; its HTML is made on first use (see article-body.ts). */
  body: DraftBody;
  /** Plain text. */
  summary: string;
  author?: Located<string> | undefined;
  image?: Located<string> | undefined;
  url?: Located<string> | undefined;
  id?: Located<string> | undefined;
  lang?: Located<string> | undefined;
}

/**
 * The body of an article, as lines of its file: a dispatch's paragraphs run over lines
 * [from, to), a Markdown body from line `from` to the end. 0-based line indexes.
 */
export type DraftBody =
  { format: 'dispatch'; from: number; to: number } | { format: 'markdown'; from: number };

export interface DraftProblem {
  line: number;
  message: string;
}

/**
 * What a parser makes of a file: an article to check, its problems, or a file its editor marked
 * as not ready (`draft: true`), which is published nowhere and reported as nothing wrong.
 */
export type DraftResult =
  | { ok: true; draft: ArticleDraft }
  | { ok: false; problems: DraftProblem[]; isDraft?: true };
