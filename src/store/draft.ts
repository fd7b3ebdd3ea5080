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
  contentHtml: string;
  /** Plain text. */
  summary: string;
  author?: Located<string> | undefined;
  image?: Located<string> | undefined;
  url?: Located<string> | undefined;
  id?: Located<string> | undefined;
  lang?: Located<string> | undefined;
}

export interface DraftProblem {
  line: number;
  message: string;
}

export type DraftResult =
  { ok: true; draft: ArticleDraft } | { ok: false; problems: DraftProblem[] };
