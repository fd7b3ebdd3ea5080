import type { Article } from './article.ts';

/**
 * How many bodies stay made. A body is made when a feed item, a page or a preview first
 * needs it, and most are needed by the three formats of a page in a row; a store of 100k
 * articles would hold the HTML of every article if every body stayed (two-byte strings, since
 * most hold Arabic), which is what this bound saves (the sizes: docs/performance.md).
 */
export const KEPT_BODIES = 512;

/**
 * Bytes the kept bodies may hold, counting their HTML at two bytes a character (V8 keeps a
 * string with any character past U+00FF in two) and their UTF-8 as it is: past it the oldest
 * go, however few are kept. By number alone, 512 bodies of 2 MB files would hold gigabytes.
 */
export const KEPT_BODY_BYTES = 128 * 1024 * 1024;

/** A body as made: its HTML, and its UTF-8 bytes once a feed has asked for them. */
export interface MadeBody {
  html: string;
  utf8?: Uint8Array;
  /** `uses` when it was last moved to the recent end of the cache. */
  moved: number;
}

const costOf = (body: MadeBody) => body.html.length * 2 + (body.utf8?.length ?? 0);

/** The made bodies of lazy articles (article-body.ts), least recently used first. */
export class BodyCache {
  #made = new Map<Article, MadeBody>();
  #bytes = 0;
  /** Bodies asked for so far: a clock for `moved`. */
  uses = 0;

  /** What the kept bodies weigh, as KEPT_BODY_BYTES counts it. */
  get bytes(): number {
    return this.#bytes;
  }

  has(article: Article): boolean {
    return this.#made.has(article);
  }

  /** The kept body, counted as a use; undefined when none is kept. */
  use(article: Article): MadeBody | undefined {
    this.uses += 1;
    const kept = this.#made.get(article);
    // Map order is recency order. A body moved within the last half of KEPT_BODIES uses is
    // among the newest half whatever else happened, so it stays where it is: a delete and a
    // set per use were a measurable part of a page's render (each item asks twice;
    // docs/performance.md).
    if (kept && this.uses - kept.moved > KEPT_BODIES / 2) {
      this.#made.delete(article);
      this.#made.set(article, kept);
      kept.moved = this.uses;
    }
    return kept;
  }

  /** Moves a kept body to the recent end: a render about to read it must find it kept. */
  touch(article: Article): void {
    const kept = this.#made.get(article);
    if (!kept) return;
    this.#made.delete(article);
    this.#made.set(article, kept);
    kept.moved = this.uses;
  }

  keep(article: Article, html: string): MadeBody {
    const old = this.#made.get(article);
    if (old) this.#bytes -= costOf(old);
    const body = { html, moved: this.uses };
    this.#made.set(article, body);
    this.#bytes += costOf(body);
    this.#evict();
    return body;
  }

  /** The body's UTF-8, made once and counted with it. */
  utf8(article: Article, body: MadeBody, encode: (html: string) => Uint8Array): Uint8Array {
    if (body.utf8) return body.utf8;
    const utf8 = (body.utf8 = encode(body.html));
    if (this.#made.get(article) === body) {
      this.#bytes += utf8.length;
      this.#evict();
    }
    return utf8;
  }

  clear(): void {
    this.#made.clear();
    this.#bytes = 0;
  }

  /** The oldest bodies go while there are too many or they weigh too much; the newest stays. */
  #evict(): void {
    while (
      this.#made.size > 1 &&
      (this.#made.size > KEPT_BODIES || this.#bytes > KEPT_BODY_BYTES)
    ) {
      const [oldest, body] = this.#made.entries().next().value!;
      this.#made.delete(oldest);
      this.#bytes -= costOf(body);
    }
  }
}
