import type { Article, Term } from './article.ts';
import type { DraftBody } from './draft.ts';
import { BodyCache, type MadeBody } from './body-cache.ts';
import { dispatchBodyHtml } from './parse-dispatch.ts';
import { markdownBodyHtml } from './parse-markdown.ts';
import { sanitizeHtml } from '../sanitize/sanitize-html.ts';
import { decodeUtf8, dropIllegalXmlChars, escapeHtml, splitLines } from './text.ts';

/**
 * The file's bytes, checked at load, or a way to read the very same bytes again (an adapter
 * that does not keep every file in memory: the Node server reads them from its database, which
 * keeps them as loaded whatever happens to the file since). Undefined when they are gone.
 */
export type BodyBytes = Uint8Array | (() => Uint8Array | undefined);

/**
 * Where the Node server's articles keep their file's bytes and their summary: its database,
 * read by an article's number there. Neither is held in memory but while in use (a restart of
 * 100k articles spent most of its time making their summaries into strings: docs/performance.md).
 */
export interface StoredText {
  bytes(rev: number): Uint8Array | undefined;
  summary(rev: number): string | undefined;
}

/** How many summaries read from a StoredText stay in memory. */
const KEPT_SUMMARIES = 4096;
const summaries = new Map<Article, string>();

/** Where an article's body comes from: its file's bytes and the lines of its body. */
interface BodySource {
  bytes: BodyBytes;
  body: DraftBody;
}

/** The made bodies, bounded by number and bytes (body-cache.ts). */
const made = new BodyCache();
const encoder = new TextEncoder();

/** What the kept bodies weigh (KEPT_BODY_BYTES bounds it). */
export function keptBodyBytes(): number {
  return made.bytes;
}

/**
 * An article made by the loader: its `contentHtml` is made from the file's bytes when first
 * asked for, the same way the loader would have made it. Every other field is an own, final
 * value (dates, ids, terms). Where the body lies is a private field: no own property to show
 * in a copy or a comparison, and, unlike a WeakMap from article to source, nothing to insert
 * into a table of 100k entries (a cost every article paid at load: docs/performance.md).
 *
 * Every field is an own property, in the same order, the optional ones undefined when absent:
 * so every article has one shape, and code reading articles (the catalog's sort, the
 * renderers) reads one shape.
 */
class LazyArticle implements Omit<Article, 'contentHtml'> {
  slug: string;
  source: string;
  id: string;
  url: string;
  title: string;
  section: Term;
  tags: Term[];
  published: number;
  size: number;
  updated: number | undefined;
  author: string | undefined;
  image: { url: string; type: string } | undefined;
  lang: string | undefined;
  // Separate fields, not one object holding them: one object fewer an article to carry.
  readonly #bytes: BodyBytes | StoredText;
  readonly #body: DraftBody;
  /** The summary, or undefined when it is read from `#bytes` (a StoredText) by `#rev`. */
  readonly #summary: string | undefined;
  readonly #rev: number;

  constructor(
    fields: Omit<Article, 'contentHtml' | 'summary'> & { summary?: string },
    bytes: BodyBytes | StoredText,
    body: DraftBody,
    rev = 0,
  ) {
    this.slug = fields.slug;
    this.source = fields.source;
    this.id = fields.id;
    this.url = fields.url;
    this.title = fields.title;
    this.section = fields.section;
    this.tags = fields.tags;
    this.published = fields.published;
    this.size = fields.size;
    this.updated = fields.updated;
    this.author = fields.author;
    this.image = fields.image;
    this.lang = fields.lang;
    this.#bytes = bytes;
    this.#body = body;
    this.#summary = fields.summary;
    this.#rev = rev;
  }

  /** A getter, like contentHtml: not an own property (a copy takes it by name). */
  get summary(): string {
    if (this.#summary !== undefined) return this.#summary;
    let summary = summaries.get(this);
    if (summary === undefined) {
      summary = (this.#bytes as StoredText).summary(this.#rev) ?? '';
      summaries.set(this, summary);
      if (summaries.size > KEPT_SUMMARIES) summaries.delete(summaries.keys().next().value!);
    }
    return summary;
  }

  get contentHtml(): string {
    return madeBody(this).html;
  }

  /** Where a lazy article's body lies in its file; undefined for an article with its body made. */
  static bodyOf(article: Article): DraftBody | undefined {
    return #body in article ? article.#body : undefined;
  }

  /** Where a lazy article's body comes from; undefined for an article with its body made. */
  static sourceOf(article: Article): BodySource | undefined {
    if (!(#body in article)) return undefined;
    const bytes = article.#bytes;
    const rev = article.#rev;
    const stored = typeof bytes === 'object' && !(bytes instanceof Uint8Array);
    return { bytes: stored ? () => bytes.bytes(rev) : bytes, body: article.#body };
  }
}

/** A new article object whose `contentHtml` is made on first use from `bytes`. */
export function withLazyBody(
  fields: Omit<Article, 'contentHtml'>,
  bytes: BodyBytes,
  body: DraftBody,
): Article {
  return new LazyArticle(fields, bytes, body);
}

/** An article of the database: its body and summary are read from `text` when needed. */
export function withStoredText(
  fields: Omit<Article, 'contentHtml' | 'summary'>,
  text: StoredText,
  rev: number,
  body: DraftBody,
): Article {
  return new LazyArticle(fields, text, body, rev);
}

/**
 * A new article object with its `contentHtml` made now: for a runtime that would rather
 * pay at start-up than in a request (a Worker has 10 ms of CPU a request).
 */
export function withBody(
  fields: Omit<Article, 'contentHtml'>,
  bytes: Uint8Array,
  body: DraftBody,
): Article {
  return { ...fields, contentHtml: cleanBody({ bytes, body }, fields.url) };
}

/**
 * Every field of an article as own properties, for a comparison or a copy: a loaded article
 * reads its summary and body through getters, which a spread or JSON does not see. The body is made if
 * it was not.
 */
export function everyField(article: Article): Article {
  return { ...article, summary: article.summary, contentHtml: article.contentHtml };
}

/** Where a lazy article's body lies in its file (for the database), or undefined if made at load. */
export function bodyOf(article: Article): DraftBody | undefined {
  return LazyArticle.bodyOf(article);
}

/**
 * `article.contentHtml` as UTF-8, kept with the body it was made with; undefined for an
 * article whose body is an own field (made at load), which the caller encodes itself.
 * RSS and Atom carry a body as it is (a CDATA section), so its bytes are made once and
 * every format and page takes them as they are: encoding the bodies again was the larger
 * part of a cold render (docs/performance.md).
 */
export function contentUtf8(article: Article): Uint8Array | undefined {
  if (!LazyArticle.bodyOf(article)) return undefined;
  return made.utf8(article, madeBody(article), (html) => encoder.encode(html));
}

/** Whether an article's body is made and kept (a render asking for it now pays nothing). */
export function isBodyMade(article: Article): boolean {
  return made.has(article);
}

/**
 * Marks the made bodies of these articles as just used, so that bodies kept next for the same
 * render do not push them out (where a body cannot be made again here: the Worker's D1).
 */
export function touchMadeBodies(articles: readonly Article[]): void {
  for (const article of articles) made.touch(article);
}

/** Keeps `html` as the made body of a lazy article (made elsewhere: body-maker.ts). */
export function keepMadeBody(article: Article, html: string): void {
  made.keep(article, html);
}

/** A lazy article's file bytes (read now) and where its body lies; undefined when none. */
export function bodySourceOf(article: Article): { bytes: Uint8Array; body: DraftBody } | undefined {
  const source = LazyArticle.sourceOf(article);
  const bytes = source && bytesOf(source.bytes);
  return source && bytes ? { bytes, body: source.body } : undefined;
}

/** A body's file bytes, read now if they are read on demand; undefined when they are gone. */
function bytesOf(source: BodyBytes): Uint8Array | undefined {
  return typeof source === 'function' ? source() : source;
}

/** Forgets every made body, as a fresh process has none (for the benchmark's first sights). */
export function forgetBodies(): void {
  made.clear();
  summaries.clear();
}

function madeBody(article: Article): MadeBody {
  const kept = made.use(article);
  if (kept !== undefined) return kept;
  const source = LazyArticle.sourceOf(article);
  if (!source) throw new Error(`no body source for ${article.source}`);
  let html: string;
  try {
    html = cleanBody(source, article.url);
  } catch {
    // A bug in the body's rules must not take down every feed that shows the article (at
    // load it would have left the article out, with a report): its summary stands in.
    html = `<p>${escapeHtml(article.summary)}</p>`;
  }
  return made.keep(article, html);
}

/**
 * The body as `Article.contentHtml` holds it: sanitized against the article's public URL
 * (the base of its relative links), then rid of any character XML 1.0 forbids, which a
 * character reference (`&#x1;`, in text or in an attribute) can make.
 */
export function cleanBody(source: BodySource, baseUrl: string): string {
  return dropIllegalXmlChars(sanitizeHtml(renderBody(source), baseUrl));
}

/**
 * The body's HTML before sanitizing, from the same steps the loader took on the same bytes:
 * strict UTF-8 (checked at load, so it cannot fail here), no BOM, no character XML 1.0
 * forbids, the same lines, then each format's own body rules.
 */
function renderBody({ bytes: source, body }: BodySource): string {
  const bytes = bytesOf(source);
  if (!bytes) throw new Error('the article is no longer in the store');
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) throw new Error('the body is not UTF-8, though it was at load');
  const lines = splitLines(dropIllegalXmlChars(decoded.text.replace(/^\uFEFF/, '')));
  return body.format === 'dispatch'
    ? dispatchBodyHtml(lines, body.from, body.to)
    : markdownBodyHtml(lines, body.from);
}
