import type { Article } from './article.ts';
import type { DraftBody } from './draft.ts';
import { dispatchBodyHtml } from './parse-dispatch.ts';
import { markdownBodyHtml } from './parse-markdown.ts';
import { sanitizeHtml } from './sanitize-html.ts';
import { decodeUtf8, dropIllegalXmlChars, escapeHtml, splitLines } from './text.ts';

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
 * How many bodies stay rendered. A body is made when a feed item, a page or a preview
 * first needs it, and most are needed by the three formats of a page in a row; a store of
 * 100k articles would hold 0.8 GB of HTML if every body stayed (two-byte strings, since
 * most hold Arabic), which is what this saves.
 */
const KEPT_BODIES = 512;

const sources = new WeakMap<Article, BodySource>();
const rendered = new Map<Article, string>();

/**
 * Articles made by the loader share this prototype: their `contentHtml` is read from the
 * file's bytes when first asked for, the same way the loader would have made it. Every
 * other field is an own, final value (dates, ids, summary, terms).
 */
const LAZY_BODY = Object.create(Object.prototype, {
  contentHtml: {
    get(this: Article): string {
      return bodyHtml(this);
    },
    enumerable: false,
  },
}) as object;

/** A new article object whose `contentHtml` is made on first use from `bytes`. */
export function withLazyBody(
  fields: Omit<Article, 'contentHtml'>,
  bytes: BodyBytes,
  body: DraftBody,
): Article {
  const article = Object.assign(Object.create(LAZY_BODY) as Article, fields);
  sources.set(article, { bytes, body });
  return article;
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
  return { ...fields, contentHtml: sanitizeHtml(renderBody({ bytes, body }), fields.url) };
}

/** Where a lazy article's body lies in its file (for a saved index), or undefined if made at load. */
export function bodyOf(article: Article): DraftBody | undefined {
  return sources.get(article)?.body;
}

function bodyHtml(article: Article): string {
  const kept = rendered.get(article);
  if (kept !== undefined) {
    rendered.delete(article); // re-inserted below: Map order is recency order
    rendered.set(article, kept);
    return kept;
  }
  const source = sources.get(article);
  if (!source) throw new Error(`no body source for ${article.source}`);
  let clean: string;
  try {
    // Sanitized against the article's public URL, the base of its relative links.
    clean = sanitizeHtml(renderBody(source), article.url);
  } catch {
    // A bug in the body's rules must not take down every feed that shows the article (at
    // load it would have left the article out, with a report): its summary stands in. So
    // does it for a file changed or removed since it was loaded, until the reload that the
    // change sets off replaces the article.
    clean = `<p>${escapeHtml(article.summary)}</p>`;
  }
  rendered.set(article, clean);
  if (rendered.size > KEPT_BODIES) {
    const oldest = rendered.keys().next().value;
    if (oldest) rendered.delete(oldest);
  }
  return clean;
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
  const html =
    body.format === 'dispatch'
      ? dispatchBodyHtml(lines, body.from, body.to)
      : markdownBodyHtml(lines, body.from);
  // Character references (&#x1;) can make characters XML forbids: dropped again, as at load.
  return dropIllegalXmlChars(html);
}
