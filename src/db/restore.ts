import type { Problem } from '../content/article.ts';
import type { StoredText } from '../content/article-body.ts';
import type { LoadOptions, LoadResult, StoreEntry } from '../content/load-article.ts';
import { buildCatalog, type Catalog } from '../store/catalog.ts';
import { articleOf, termInterner, type RestoreRow } from './article-rows.ts';

/** What a database's `files` and `articles` rows (RESTORE) say the last version was. */
export interface RestoredRows {
  /** Every file it knew, loaded already (`loaded`, drafts too), in path order. */
  files: StoreEntry[];
  /** The last good articles of files broken when it was written. */
  lastGood: StoreEntry[];
  /** Per file with a stamp: the stamp and what it loaded (read-store's `Kept`). */
  stamps: Map<string, { stamp: string; loaded: LoadResult }>;
  /** The article row each file publishes (null: none). */
  committed: Map<string, number | null>;
}

const NO_BYTES = new Uint8Array(0);

/**
 * The files a database holds, as a read of the folder would hand them over: one place for the
 * Node server's restart and `npm run publish`'s look at D1. `trusted`: whether the stamps may
 * spare a read of the file (written by the same loader). `committed` is filled, not copied.
 */
export function restoreRows(
  rows: Iterable<RestoreRow>,
  text: StoredText,
  siteUrl: string,
  trusted: boolean,
  committed = new Map<string, number | null>(),
): RestoredRows {
  const term = termInterner();
  const files: StoreEntry[] = [];
  const lastGood: StoreEntry[] = [];
  const stamps = new Map<string, { stamp: string; loaded: LoadResult }>();
  for (const row of rows) {
    const [path, stamp, reports, rev] = row;
    committed.set(path, rev);
    const article = rev === null ? undefined : articleOf(path, rev, row, term, text, siteUrl);
    let loaded: LoadResult;
    if (reports !== null) {
      const problems = (JSON.parse(reports) as Omit<Problem, 'path'>[]).map((p) => ({
        path,
        ...p,
      }));
      loaded = { ok: false, problems };
      if (article) lastGood.push({ path, bytes: NO_BYTES, loaded: { ok: true, article } });
    } else if (article) loaded = { ok: true, article };
    // Neither article nor report: a draft (listed by /status, published nowhere).
    else loaded = { ok: false, problems: [], isDraft: true };
    files.push({ path, bytes: NO_BYTES, loaded });
    if (trusted && stamp !== null) stamps.set(path, { stamp, loaded });
  }
  return { files, lastGood, stamps, committed };
}

/** The version the rows hold, as the catalog they were written from (last good articles kept). */
export function restoredCatalog(restored: RestoredRows, options: LoadOptions): Catalog {
  const lastGood = buildCatalog(restored.lastGood, options);
  return buildCatalog(restored.files, options, { previous: lastGood });
}
