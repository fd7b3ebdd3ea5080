import type { Article, Term } from './article.ts';
import type { DraftBody } from './draft.ts';
import { dispatchBodyHtml } from './parse-dispatch.ts';
import { markdownBodyHtml } from './parse-markdown.ts';
import { sanitizeHtml } from './sanitize-html.ts';
import { decodeUtf8, dropIllegalXmlChars, escapeHtml, splitLines } from './text.ts';
import { keptText, type TextPack } from './text-pack.ts';

/**
 * The file's bytes, checked at load, or a way to read the very same bytes again (an adapter
 * that does not keep every file in memory: the Node folder store). `reread` returns undefined
 * when the file is no longer what was loaded.
 */
export type BodyBytes = Uint8Array | (() => Uint8Array | undefined);

/** Where an article's body comes from: its file's bytes and the lines of its body. */
interface BodySource {
  bytes: BodyBytes;
  body: DraftBody;
}

/**
 * How many bodies stay made. A body is made when a feed item, a page or a preview first
 * needs it, and most are needed by the three formats of a page in a row; a store of 100k
 * articles would hold the HTML of every article if every body stayed (two-byte strings, since
 * most hold Arabic), which is what this bound saves (the sizes: docs/performance.md).
 */
const KEPT_BODIES = 512;

/** A body as made: its HTML, and its UTF-8 bytes once a feed has asked for them. */
interface MadeBody {
  html: string;
  utf8?: Uint8Array;
  /**
   * The article's summary, unpacked (text-pack.ts) with the body: a feed item shows both,
   * and unpacking a page's summaries again for each page of new items would take a visible
   * share of the render budget the benchmark holds to (docs/performance.md).
   */
  summary: string;
  /** `uses` when it was last moved to the recent end of `made`. */
  moved: number;
}

const made = new Map<Article, MadeBody>();
/** Bodies asked for so far: a clock for `moved`. */
let uses = 0;
const encoder = new TextEncoder();

/**
 * An article made by the loader: its `contentHtml` is read from the file's bytes when first
 * asked for, the same way the loader would have made it. Its summary is kept packed
 * (text-pack.ts) and read through a getter too. Every other field is an own, final value
 * (dates, ids, terms). Where the body lies is a private field: no own property
 * to show in a copy or a comparison, and, unlike a WeakMap from article to source (as before),
 * nothing to insert into a table of 100k entries (a cost every article paid at load:
 * docs/performance.md) or for the collector to walk.
 *
 * Every field is an own property, in the same order, the optional ones undefined when absent:
 * so every article has one shape, and code reading articles (the catalog's sort, the
 * renderers) reads one shape. Copied with Object.assign, their shapes followed which optional
 * fields each had, and a missing field was looked for up the prototype chain.
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
  updated: number | undefined;
  author: string | undefined;
  image: { url: string; type: string } | undefined;
  lang: string | undefined;
  // Two fields, not one object holding both: one object fewer an article to carry.
  readonly #bytes: BodyBytes;
  readonly #body: DraftBody;
  // The summary: a string, or a shared block of UTF-8 and where in it (text-pack.ts).
  readonly #summary: string | Uint8Array;
  readonly #summaryStart: number;
  readonly #summaryEnd: number;

  constructor(
    fields: Omit<Article, 'contentHtml'>,
    bytes: BodyBytes,
    body: DraftBody,
    pack: TextPack | undefined,
  ) {
    this.slug = fields.slug;
    this.source = fields.source;
    this.id = fields.id;
    this.url = fields.url;
    this.title = fields.title;
    this.section = fields.section;
    this.tags = fields.tags;
    this.published = fields.published;
    this.updated = fields.updated;
    this.author = fields.author;
    this.image = fields.image;
    this.lang = fields.lang;
    this.#bytes = bytes;
    this.#body = body;
    const packed = pack?.pack(fields.summary) === true;
    this.#summary = packed ? pack.block : fields.summary;
    this.#summaryStart = packed ? pack.start : 0;
    this.#summaryEnd = packed ? pack.end : 0;
  }

  /** A getter, like contentHtml: not an own property (a copy takes it by name). */
  get summary(): string {
    const kept = this.#summary;
    // A string (not packed) is the summary itself: no made body to look up.
    if (typeof kept === 'string') return kept;
    const body = made.get(this);
    return body ? body.summary : keptText(kept, this.#summaryStart, this.#summaryEnd);
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
    return #body in article ? { bytes: article.#bytes, body: article.#body } : undefined;
  }
}

/**
 * A new article object whose `contentHtml` is made on first use from `bytes`; its summary
 * goes in `pack` when given (one read loading many files).
 */
export function withLazyBody(
  fields: Omit<Article, 'contentHtml'>,
  bytes: BodyBytes,
  body: DraftBody,
  pack?: TextPack,
): Article {
  return new LazyArticle(fields, bytes, body, pack);
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
 * reads its summary and body through getters, which a spread or JSON does not see. The body
 * is made if it was not.
 */
export function everyField(article: Article): Article {
  return { ...article, summary: article.summary, contentHtml: article.contentHtml };
}

/** Where a lazy article's body lies in its file (for a saved index), or undefined if made at load. */
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
  const body = madeBody(article);
  return (body.utf8 ??= encoder.encode(body.html));
}

/** Forgets every made body, as a fresh process has none (for the benchmark's first sights). */
export function forgetBodies(): void {
  made.clear();
}

function madeBody(article: Article): MadeBody {
  uses += 1;
  const kept = made.get(article);
  if (kept !== undefined) {
    // Map order is recency order. A body moved within the last half of KEPT_BODIES uses is
    // among the newest half whatever else happened, so it stays where it is: a delete and a
    // set per use were a measurable part of a page's render (each item asks twice;
    // docs/performance.md).
    if (uses - kept.moved > KEPT_BODIES / 2) {
      made.delete(article);
      made.set(article, kept);
      kept.moved = uses;
    }
    return kept;
  }
  const source = LazyArticle.sourceOf(article);
  if (!source) throw new Error(`no body source for ${article.source}`);
  let html: string;
  try {
    html = cleanBody(source, article.url);
  } catch {
    // A bug in the body's rules must not take down every feed that shows the article (at
    // load it would have left the article out, with a report): its summary stands in. So
    // does it for a file changed or removed since it was loaded, until the reload that the
    // change sets off replaces the article.
    html = `<p>${escapeHtml(article.summary)}</p>`;
  }
  const body = { html, summary: article.summary, moved: uses };
  made.set(article, body);
  if (made.size > KEPT_BODIES) {
    const oldest = made.keys().next().value;
    if (oldest) made.delete(oldest);
  }
  return body;
}

/**
 * The body as `Article.contentHtml` holds it: sanitized against the article's public URL
 * (the base of its relative links), then rid of any character XML 1.0 forbids, which a
 * character reference (`&#x1;`, in text or in an attribute) can make.
 */
function cleanBody(source: BodySource, baseUrl: string): string {
  return dropIllegalXmlChars(sanitizeHtml(renderBody(source), baseUrl));
}

/**
 * The body's HTML before sanitizing, from the same steps the loader took on the same bytes:
 * strict UTF-8 (checked at load, so it cannot fail here), no BOM, no character XML 1.0
 * forbids, the same lines, then each format's own body rules.
 */
function renderBody({ bytes: source, body }: BodySource): string {
  const bytes = typeof source === 'function' ? source() : source;
  if (!bytes) throw new Error('the file changed since it was loaded');
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) throw new Error('the body is not UTF-8, though it was at load');
  const lines = splitLines(dropIllegalXmlChars(decoded.text.replace(/^\uFEFF/, '')));
  return body.format === 'dispatch'
    ? dispatchBodyHtml(lines, body.from, body.to)
    : markdownBodyHtml(lines, body.from);
}
