/** A file of the article store, as an adapter hands it over: a store-relative path and raw bytes. */
export interface StoreFile {
  /** Store-relative, `/`-separated, for example `2024/rafah-talks.txt`. */
  path: string;
  bytes: Uint8Array;
}

/** A section or a tag: the name as written and its URL slug. */
export interface Term {
  name: string;
  slug: string;
}

/**
 * An article past the boundary: every date is a UTC instant, every id and URL final,
 * every string free of characters XML 1.0 forbids.
 */
export interface Article {
  /** Store path without its extension: `2024/rafah-talks`. Unique. */
  slug: string;
  /** Store path the article came from: `2024/rafah-talks.txt`. */
  source: string;
  /** Permanent id (an absolute URI): front matter `id`, else the dateline URL of the article. */
  id: string;
  /** Public URL: front matter `url`, else `{SITE_URL}/articles/{slug}`. */
  url: string;
  title: string;
  section: Term;
  tags: Term[];
  /** Milliseconds since the epoch, UTC. */
  published: number;
  /** Bytes of the file it was loaded from: what a page's byte budget weighs it by. */
  size: number;
  updated?: number;
  author?: string;
  /** Plain text. */
  summary: string;
  /**
   * Sanitized HTML (sanitize-html.ts) of XML 1.0 characters only: feeds put it in a CDATA
   * section as it is, so the one check is made here, when the body is made.
   */
  contentHtml: string;
  image?: { url: string; type: string };
  /** BCP 47 language tag, when the article says (or, for Arabic dispatches, shows) it. */
  lang?: string;
}

/** Why a file was left out, located for a person to fix: `path:line: message`. */
export interface Problem {
  path: string;
  line: number;
  message: string;
}

/** The site-relative path of an article's own page: `/articles/2024/rafah-talks`, segments percent-encoded. */
export function articlePath(slug: string): string {
  // Most slugs hold only characters encodeURIComponent leaves as they are (and slashes).
  if (UNRESERVED_PATH.test(slug)) return `/articles/${slug}`;
  return `/articles/${slug.split('/').map(encodeURIComponent).join('/')}`;
}

/** The characters encodeURIComponent does not escape (ECMA-262 uriUnreserved), and '/'. */
const UNRESERVED_PATH = /^[A-Za-z0-9\-_.!~*'()/]*$/;

/**
 * An article's URL when its front matter gives none, `{SITE_URL}/articles/{slug}`: one flat
 * string (joined), not a concatenation of pieces, since every article keeps it.
 */
export function defaultUrl(siteUrl: string, slug: string): string {
  return [siteUrl, articlePath(slug)].join('');
}

export function formatProblem(problem: Problem, dir = ''): string {
  const path = dir ? `${dir.replace(/\/+$/, '')}/${problem.path}` : problem.path;
  return `${path}:${problem.line}: ${problem.message}`;
}
