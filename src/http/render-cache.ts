import type { Representation } from './representation.ts';

/**
 * What an entry costs beyond the bytes it counts (its key, bodies and the deps array's slots):
 * the Map slot, the entry and Representation records, the Promise, the map of encodings, the
 * entity tag and content-type strings. Measured (docs/performance.md, "Caches counted whole").
 */
export const RENDER_ENTRY_OVERHEAD = 900;
/** What each encoded body costs beyond its bytes: its backing store, Promise and map slot. */
export const ENCODING_OVERHEAD = 260;

interface Entry {
  /** What the render read: a later request whose deps are the same values gets the same bytes. */
  deps: readonly unknown[];
  value: Promise<Representation>;
  /** Bytes counted for this entry once its render is done; 0 until then. */
  cost: number;
}

/**
 * Rendered representations by key (route and variant), least recently used dropped first once
 * what they cost passes `maxBytes`: key, bodies (every content coding, as each is made), deps
 * and bookkeeping, all counted.
 *
 * An entry is reused for as long as its `deps`, compared value by value (`===`), are the same:
 * a feed's deps are its items (the Article objects, which a reload keeps for unchanged files),
 * its dates and names. So a new store version re-renders only what it changed, and a feed an
 * unrelated edit did not touch keeps its bytes and its ETag (aggregators get their 304).
 */
export class RenderCache {
  #entries = new Map<string, Entry>();
  #bytes = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  /** Bytes counted now. */
  get bytes(): number {
    return this.#bytes;
  }

  get(
    key: string,
    deps: readonly unknown[],
    render: () => Promise<Representation>,
  ): Promise<Representation> {
    const cached = this.#entries.get(key);
    if (cached && sameDeps(cached.deps, deps)) {
      this.#entries.delete(key); // re-insert: Map order is recency order
      this.#entries.set(key, cached);
      return cached.value;
    }
    if (cached) this.#drop(key, cached);
    const value = render();
    const entry: Entry = { deps, value, cost: 0 };
    this.#entries.set(key, entry);
    value.then(
      (representation) => {
        if (this.#entries.get(key) !== entry) return; // dropped meanwhile
        const base = RENDER_ENTRY_OVERHEAD + key.length * 2 + depsCost(deps);
        const encoded =
          representation.encodedBytes + representation.encoded.size * ENCODING_OVERHEAD;
        this.#grow(key, entry, base + representation.body.length + encoded);
        // Each content coding is counted when it is made (representation.ts).
        representation.onEncoded = (bytes) => {
          if (this.#entries.get(key) === entry) this.#grow(key, entry, bytes + ENCODING_OVERHEAD);
        };
      },
      () => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    return value;
  }

  #grow(key: string, entry: Entry, bytes: number): void {
    entry.cost += bytes;
    this.#bytes += bytes;
    for (const [oldest, old] of this.#entries) {
      if (this.#bytes <= this.maxBytes || oldest === key) break;
      this.#drop(oldest, old);
    }
  }

  #drop(key: string, entry: Entry): void {
    this.#bytes -= entry.cost;
    this.#entries.delete(key);
  }
}

/** A slot a dep, and a string dep's characters (a filtered feed's description is its own). */
function depsCost(deps: readonly unknown[]): number {
  let bytes = 0;
  for (const dep of deps) bytes += typeof dep === 'string' ? 8 + dep.length * 2 : 8;
  return bytes;
}

function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
