import type { Config } from '../config.ts';
import type { Article } from '../store/article.ts';

/** Default budget of the item cache: a few thousand articles in every format. */
export const DEFAULT_ITEM_CACHE_BYTES = 32 * 1024 * 1024;

/** What a kept body costs beyond its bytes (the Uint8Array and its ArrayBuffer), roughly. */
const SLOT_OVERHEAD = 64;

/** The rendered items of one article under one config; a slot per format and language variant. */
interface Entry {
  config: Config;
  slots: (Uint8Array | undefined)[];
  bytes: number;
}

/**
 * Feed items (an RSS `<item>`, an Atom `<entry>`, a JSON Feed item) as UTF-8 bytes, shared
 * by every feed and page that shows the article. An item depends only on the article, the
 * config and a variant (its format, and whether its language differs from the feed's), so
 * that is the key: the Article object itself (articles are immutable, and a reload keeps
 * the object of an unchanged file, so entries stay valid across store versions), the
 * Config object (two configs never share an entry) and a slot number.
 *
 * Bounded by `maxBytes`, least recently used articles dropped first. Articles are looked up
 * through a WeakMap, so the cache never keeps a removed article (or its body) alive; the
 * bytes of a removed article stay counted until they are the least recently used.
 */
export class ItemCache {
  #lookup = new WeakMap<Article, Entry[]>();
  /** Entries holding bytes, least recently used first (a Set iterates in insertion order). */
  #order = new Set<Entry>();
  #bytes = 0;
  /** Items rendered and items served from the cache, for tests and the benchmark. */
  misses = 0;
  hits = 0;

  constructor(readonly maxBytes = DEFAULT_ITEM_CACHE_BYTES) {}

  /** Bytes kept now, overhead included. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The UTF-8 bytes of one item: cached, or made by `render()` and kept. */
  get(config: Config, article: Article, slot: number, render: () => Uint8Array): Uint8Array {
    const entry = this.#entry(config, article);
    const cached = entry.slots[slot];
    if (cached) {
      this.hits += 1;
      this.#order.delete(entry); // re-insert: insertion order is recency order
      this.#order.add(entry);
      return cached;
    }
    this.misses += 1;
    const bytes = render();
    const size = bytes.length + SLOT_OVERHEAD;
    if (size > this.maxBytes) return bytes; // would evict everything and itself: not kept
    entry.slots[slot] = bytes;
    entry.bytes += size;
    this.#bytes += size;
    this.#order.delete(entry);
    this.#order.add(entry);
    this.#evict();
    return bytes;
  }

  /** Drops every item (the benchmark measures first renders with it). */
  clear(): void {
    for (const entry of this.#order) this.#drop(entry);
  }

  #entry(config: Config, article: Article): Entry {
    let entries = this.#lookup.get(article);
    if (!entries) this.#lookup.set(article, (entries = []));
    let entry = entries.find((e) => e.config === config);
    if (!entry) entries.push((entry = { config, slots: [], bytes: 0 }));
    return entry;
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
    this.#bytes -= entry.bytes;
    entry.bytes = 0;
    entry.slots = [];
  }
}
