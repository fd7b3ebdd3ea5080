import type { Representation } from './representation.ts';

/**
 * Rendered representations of one store version, least recently used dropped first
 * once their identity bodies pass `maxBytes` (compressed copies add a fraction more). A new store version (a new catalog object)
 * drops everything at once, so no response mixes two versions.
 */
export class RenderCache {
  #version: object | undefined;
  #entries = new Map<string, Promise<Representation>>();
  #sizes = new Map<string, number>();
  #bytes = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  get(
    version: object,
    key: string,
    render: () => Promise<Representation>,
  ): Promise<Representation> {
    if (version !== this.#version) {
      this.#version = version;
      this.#entries.clear();
      this.#sizes.clear();
      this.#bytes = 0;
    }
    const cached = this.#entries.get(key);
    if (cached) {
      this.#entries.delete(key); // re-insert: Map order is recency order
      this.#entries.set(key, cached);
      return cached;
    }
    const created = render();
    this.#entries.set(key, created);
    created.then(
      (representation) => this.#account(key, created, representation.body.length),
      () => this.#entries.delete(key),
    );
    return created;
  }

  #account(key: string, entry: Promise<Representation>, size: number): void {
    if (this.#entries.get(key) !== entry) return; // dropped meanwhile
    this.#sizes.set(key, size);
    this.#bytes += size;
    for (const oldest of this.#entries.keys()) {
      if (this.#bytes <= this.maxBytes || oldest === key) break;
      this.#bytes -= this.#sizes.get(oldest) ?? 0;
      this.#sizes.delete(oldest);
      this.#entries.delete(oldest);
    }
  }
}
