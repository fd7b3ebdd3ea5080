import type { Config } from '../config.ts';
import type { Article } from '../content/article.ts';

/** Default budget of the item cache: a few thousand articles in every format. */
export const DEFAULT_ITEM_CACHE_BYTES = 32 * 1024 * 1024;

/** What a kept item costs beyond its bytes (its Uint8Array, and its share of the buffer's), roughly. */
const SLOT_OVERHEAD = 64;

/** The rendered items of one article under one config; a slot per format and language variant. */
interface Entry {
  config: Config;
  slots: (Uint8Array | undefined)[];
}

/**
 * Feed items (an RSS `<item>`, an Atom `<entry>`, a JSON Feed item) as UTF-8 bytes, shared
 * by every feed and page that shows the article. An item depends only on the article, the
 * config and a variant (its format, and whether its language differs from the feed's), so
 * that is the key: the Article object itself (articles are immutable, and a reload keeps
 * the object of an unchanged file, so entries stay valid across store versions), the
 * Config object (two configs never share an entry) and a slot number.
 *
 * Items rendered anew are views of one buffer a page (`renderBytes`: one allocation a page,
 * not one an item, which cost a cold render dearly: docs/performance.md). A buffer lives
 * while any item in it is kept, so the budget counts each buffer whole, once, from its first
 * kept item to its last.
 *
 * Bounded by `maxBytes`, least recently used articles dropped first. Articles are looked up
 * through a WeakMap, so the cache never keeps a removed article (or its body) alive; the
 * bytes of a removed article stay counted until they are the least recently used.
 */
export class ItemCache {
  #lookup = new WeakMap<Article, Entry[]>();
  /** Entries holding bytes, least recently used first (a Set iterates in insertion order). */
  #order = new Set<Entry>();
  /** Each buffer kept items are views of, and how many of them are kept. */
  #buffers = new Map<ArrayBufferLike, number>();
  #bytes = 0;
  /** Items asked for and not kept, and items served from the cache, for tests and the benchmark. */
  misses = 0;
  hits = 0;

  constructor(readonly maxBytes = DEFAULT_ITEM_CACHE_BYTES) {}

  /** Bytes kept now, overhead included. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The UTF-8 bytes of one item, if kept; a miss is then rendered and given to `set`. */
  get(config: Config, article: Article, slot: number): Uint8Array | undefined {
    const entry = this.#find(config, article);
    const cached = entry?.slots[slot];
    if (!entry || !cached) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    this.#order.delete(entry); // re-insert: insertion order is recency order
    this.#order.add(entry);
    return cached;
  }

  /** Keeps an item's bytes (a view of a buffer other items may share). */
  set(config: Config, article: Article, slot: number, bytes: Uint8Array): void {
    // A buffer too big to count whole against this budget: the item keeps a copy of its own.
    const own = bytes.buffer.byteLength > this.maxBytes / 4 ? bytes.slice() : bytes;
    if (own.length + SLOT_OVERHEAD > this.maxBytes) return; // would evict everything and itself
    const entry = this.#entry(config, article);
    const previous = entry.slots[slot];
    if (previous) this.#release(previous);
    entry.slots[slot] = own;
    this.#hold(own);
    this.#order.delete(entry);
    this.#order.add(entry);
    this.#evict();
  }

  /** Drops every item (the benchmark measures first renders with it). */
  clear(): void {
    for (const entry of this.#order) this.#drop(entry);
  }

  #find(config: Config, article: Article): Entry | undefined {
    return this.#lookup.get(article)?.find((e) => e.config === config);
  }

  /** The article's entry under this config, made empty if it has none. */
  #entry(config: Config, article: Article): Entry {
    let entry = this.#find(config, article);
    if (!entry) {
      let entries = this.#lookup.get(article);
      if (!entries) this.#lookup.set(article, (entries = []));
      entries.push((entry = { config, slots: [] }));
    }
    return entry;
  }

  #hold(bytes: Uint8Array): void {
    const count = this.#buffers.get(bytes.buffer) ?? 0;
    if (count === 0) this.#bytes += bytes.buffer.byteLength;
    this.#buffers.set(bytes.buffer, count + 1);
    this.#bytes += SLOT_OVERHEAD;
  }

  #release(bytes: Uint8Array): void {
    const count = (this.#buffers.get(bytes.buffer) ?? 1) - 1;
    if (count === 0) {
      this.#buffers.delete(bytes.buffer);
      this.#bytes -= bytes.buffer.byteLength;
    } else this.#buffers.set(bytes.buffer, count);
    this.#bytes -= SLOT_OVERHEAD;
  }

  #evict(): void {
    for (const oldest of this.#order) {
      if (this.#bytes <= this.maxBytes) break;
      this.#drop(oldest);
    }
  }

  /** Empties an entry; it stays findable through the WeakMap and fills again on use. */
  #drop(entry: Entry): void {
    this.#order.delete(entry);
    for (const bytes of entry.slots) if (bytes) this.#release(bytes);
    entry.slots = [];
  }
}
