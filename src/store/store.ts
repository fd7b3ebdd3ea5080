import type { Catalog } from './catalog.ts';

/**
 * What the HTTP layer reads articles from: the current catalog. The Node entry
 * builds it from a folder, the Worker from a bundle; a reload swaps in a whole new
 * catalog, so a request never sees half a store.
 */
export interface ArticleStore {
  current(): Catalog;
}

export function fixedStore(catalog: Catalog): ArticleStore {
  return { current: () => catalog };
}
