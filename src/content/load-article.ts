import { defaultUrl, type Article, type Problem, type StoreFile, type Term } from './article.ts';
import { withBody, withLazyBody } from './article-body.ts';
import type { ArticleDraft, DraftProblem, DraftResult } from './draft.ts';
import { cleanDraft } from './clean-draft.ts';
import { cleanLines } from './clean-lines.ts';
import {
  check,
  datelineIn,
  readId,
  readImage,
  readLang,
  readSection,
  readTag,
  readUrl,
} from './field-readers.ts';
import { detectLanguage } from './language.ts';
import { parseDispatch } from './parse-dispatch.ts';
import { parseMarkdown } from './parse-markdown.ts';
import {
  checkTextLimits,
  decodeUtf8,
  dropIllegalXmlChars,
  MAX_ARTICLE_BYTES,
  mayHoldNonXmlChars,
  splitLines,
  tooBigMessage,
} from './text.ts';

export interface LoadOptions {
  /** Absolute site URL with no trailing slash. */
  siteUrl: string;
  /** IANA zone the datelines are read in. */
  timeZone: string;
  /**
   * When bodies become HTML: on first use (the default; the store then holds each file's
   * bytes, or a way to read them again, not its HTML), or at load, for a runtime whose
   * requests have less time to spare than its start-up (the Worker).
   */
  bodies?: 'on-first-use' | 'at-load';
  /**
   * The time (epoch milliseconds) a load happens at: a dateline more than HORIZON_MS after it
   * is reported as a likely typo. Without a clock nothing is too far ahead.
   */
  clock?: () => number;
}

/**
 * How far ahead a dateline may be: an article dated later goes live by itself at its dateline
 * (an embargo), but one dated years ahead is far likelier a typo ('2042' for '2024').
 */
export const HORIZON_MS = 2 * 366 * 24 * 3600 * 1000;

/** An article, or why the file makes none: its problems, or `isDraft` (none, on purpose). */
export type LoadResult =
  | { ok: true; article: Article }
  | { ok: false; problems: Problem[]; isDraft?: true };

/**
 * A file as a store adapter hands it over, or the reason the adapter would not read it
 * (too big, a symbolic link, unreadable): then `problem` is set and `bytes` is empty, and the
 * report flows into the catalog's problems like any parse error.
 */
export interface StoreEntry extends StoreFile {
  problem?: DraftProblem;
  /** The file loaded already, by an adapter that loads as it reads (with the same options). */
  loaded?: LoadResult;
}

const PARSERS: Record<string, (lines: string[]) => DraftResult> = {
  '.txt': parseDispatch,
  '.md': parseMarkdown,
};

/** True for the files the store reads as articles (`.txt` dispatches and `.md` articles). */
export function isArticlePath(path: string): boolean {
  // No part of the path starts with a dot: hidden files and folders hold no articles.
  if (path.startsWith('.') || path.includes('/.')) return false;
  // Most paths end in the two extensions as written: no extension cut out and lowercased.
  return path.endsWith('.txt') || path.endsWith('.md') || extensionOf(path) in PARSERS;
}

/** One file of the store becomes one `Article`, or the reasons it cannot. */
export function loadArticle(file: StoreEntry, options: LoadOptions): LoadResult {
  if (file.loaded) return file.loaded;
  if (file.problem) return located(file, [file.problem]);
  const parse = PARSERS[extensionOf(file.path)];
  if (!parse) return located(file, [{ line: 1, message: 'not an article file; use .txt or .md' }]);
  // Checked here too, not only by the file adapter, so every runtime applies the same limits.
  if (file.bytes.length > MAX_ARTICLE_BYTES) {
    return located(file, [{ line: 1, message: tooBigMessage(file.bytes.length) }]);
  }
  // A dispatch of plainly clean text is parsed from its bytes, its lines decoded as the parse
  // reads them (its first and last few); any other file takes the path below, which gives a
  // clean file the very same lines (clean-lines.ts).
  if (parse === parseDispatch) {
    const lines = cleanLines(file.bytes);
    if (lines) return loadDraft(file, parseDispatch(lines), options);
  }
  const decoded = decodeUtf8(file.bytes);
  // Most text holds no character XML 1.0 forbids, NUL included: one scan clears it of both.
  const suspect = decoded.ok && mayHoldNonXmlChars(decoded.text);
  // A NUL byte says binary, whatever else is wrong, so it is looked for first; in the decoded
  // text when it decodes (UTF-8 writes U+0000 as byte 0, and a string search is far faster
  // than one over the bytes), in the bytes when it does not.
  const mayHoldNul = !decoded.ok || (suspect && decoded.text.includes('\0'));
  const nul = mayHoldNul ? file.bytes.indexOf(0) : -1;
  if (nul >= 0) {
    return located(file, [
      {
        line: lineAt(file.bytes, nul),
        message:
          'the file holds a NUL byte, so it looks binary, not text; an article is a UTF-8 text file',
      },
    ]);
  }
  if (!decoded.ok) {
    return located(file, [
      { line: decoded.line, message: 'the file is not UTF-8 text; save it as UTF-8' },
    ]);
  }
  const limits = checkTextLimits(decoded.text);
  if (limits) return located(file, [limits]);
  // Raw control characters are dropped before parsing (YAML rejects them), and again
  // after it: YAML escapes ("\x01") and character references (&#x1;) make new ones.
  const unmarked = decoded.text.replace(/^\uFEFF/, '');
  return loadDraft(
    file,
    parse(splitLines(suspect ? dropIllegalXmlChars(unmarked) : unmarked)),
    options,
  );
}

/** What a parse gave, checked and made an article, or the reasons it cannot be one. */
function loadDraft(file: StoreEntry, parsed: DraftResult, options: LoadOptions): LoadResult {
  if (!parsed.ok)
    return parsed.isDraft ? { ok: false, problems: [], isDraft: true } : located(file, parsed.problems);
  // The body's HTML is made (and sanitized against the article's URL) on first use, from
  // the same bytes (kept here, or by the Node server's database): not kept as HTML
  // (see article-body.ts).
  const made = finish(cleanDraft(parsed.draft), file, options);
  return 'problems' in made ? located(file, made.problems) : { ok: true, article: made.article };
}

function located(file: StoreEntry, problems: DraftProblem[]): LoadResult {
  return { ok: false, problems: problems.map((p) => ({ path: file.path, ...p })) };
}

function finish(
  draft: ArticleDraft,
  { path: source, bytes }: StoreEntry,
  options: LoadOptions,
): { problems: DraftProblem[] } | { article: Article } {
  const slug = slugOf(source);
  const problems: DraftProblem[] = [];
  const readDateline = datelineIn(options.timeZone);

  const published = check(draft.dateline, readDateline, problems);
  const updated = check(draft.updated, readDateline, problems);
  if (published !== undefined && updated !== undefined && updated < published) {
    problems.push({
      line: draft.updated?.line ?? 1,
      message: 'updated is earlier than the dateline; an update comes after publication',
    });
  }
  const latest = options.clock ? options.clock() + HORIZON_MS : Infinity;
  for (const [instant, located, what] of [
    [published, draft.dateline, 'dateline'],
    [updated, draft.updated, 'updated date'],
  ] as const) {
    if (instant === undefined || instant <= latest) continue;
    problems.push({
      line: located?.line ?? 1,
      message: `the ${what} ${new Date(instant).toISOString()} is more than two years ahead, likely a typo; check the year (an article dated ahead goes live by itself at its dateline)`,
    });
  }
  const section = check(draft.section, readSection, problems);
  const tags: Term[] = [];
  for (const tag of draft.tags) {
    const term = check(tag, readTag, problems);
    if (term && !tags.some((t) => t.slug === term.slug)) tags.push(term);
  }
  const url = check(draft.url, readUrl, problems);
  const id = check(draft.id, readId, problems);
  const image = check(draft.image, readImage, problems);
  const lang = check(draft.lang, readLang, problems);
  if (problems.length > 0 || published === undefined || !section) return { problems };

  const articleUrl = defaultUrl(options.siteUrl, slug);
  const publicUrl = url?.value ?? articleUrl;
  const fields: Omit<Article, 'contentHtml'> = {
    slug,
    source,
    id: id?.value ?? articleUrl,
    url: publicUrl,
    title: draft.title.value,
    section,
    tags,
    published,
    size: bytes.length,
    summary: draft.summary,
  };
  if (updated !== undefined && updated !== published) fields.updated = updated;
  if (draft.author) fields.author = draft.author.value;
  if (image) fields.image = image;
  const shown = lang?.value ?? detectLanguage(fields.title, draft.summary);
  if (shown) fields.lang = shown;
  const article =
    options.bodies === 'at-load'
      ? withBody(fields, bytes, draft.body)
      : withLazyBody(fields, bytes, draft.body);
  return { article };
}

/** 1-based line of the byte at `index`. */
function lineAt(bytes: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i += 1) if (bytes[i] === 0x0a) line += 1;
  return line;
}

function extensionOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') ? path.slice(dot).toLowerCase() : '';
}

function slugOf(path: string): string {
  return path.slice(0, path.length - extensionOf(path).length);
}
