import type { LoadOptions } from '../content/load-article.ts';
import type { Catalog } from '../store/catalog.ts';
import { RESTORE, type RestoreRow } from './article-rows.ts';
import { restoredCatalog, restoreRows } from './restore.ts';
import type { SqlClient, SqlValue } from './sql.ts';

/**
 * The whole version `npm run publish` wrote into D1 (adapters/node/publish.ts), read back as
 * the catalog the Node server would serve, with the same code (restore.ts, buildCatalog): what
 * the Worker reads for the routes that list a whole version (sitemaps, OPML, the home page,
 * filtered and combined feeds, the status), and for every route while D1's served set is of
 * an older shape. Feeds, scope pages and articles are read through d1-reader.ts.
 */
export interface PublishedVersion {
  /** D1's store version (meta `version`), which changes with every publish. */
  version: string;
  catalog: Catalog;
  /** The article row each file publishes (bodies are read by it). */
  revs: ReadonlyMap<string, number | null>;
}

export const VERSION_SQL = "SELECT value FROM meta WHERE key = 'version'";
/** RESTORE with each article's summary last, since no source bytes come with the rows. */
const RESTORE_WITH_SUMMARY = RESTORE.replace(' FROM files f', ', a.summary FROM files f');

/**
 * D1's store version and what a request needs before it reads: the shape of the served set
 * (served.ts SERVED_VERSION), and the first instant after `now` that an article names, which
 * keys the edge cache. One statement; its `instants` table is 0002's migration's.
 */
export const REQUEST_SQL = `SELECT (SELECT value FROM meta WHERE key = 'version') AS version,
  (SELECT value FROM meta WHERE key = 'served') AS served,
  (SELECT min(at) FROM instants WHERE at > ?) AS next`;

export interface VersionNow {
  version: string | undefined;
  served: number;
  next: number | undefined;
}

/** D1's store version (undefined before the first publish), as of a request at `now`. */
export async function publishedVersion(client: SqlClient, now: number): Promise<VersionNow> {
  try {
    const row = await client.prepare(REQUEST_SQL).bind(now).first<Record<string, SqlValue>>();
    return {
      version: row?.version == null ? undefined : String(row.version),
      served: Number(row?.served ?? 0),
      next: row?.next == null ? undefined : Number(row.next),
    };
  } catch (error) {
    // A D1 whose migrations stop before 0002's: its version alone, read as before.
    if (!(error instanceof Error && /no such table: instants/.test(error.message))) throw error;
    const row = await client.prepare(VERSION_SQL).first<{ value: string }>();
    return { version: row?.value, served: 0, next: undefined };
  }
}

/**
 * Reads the version D1 holds, its version number and rows in one batch (one transaction, so
 * both are of the same publish). Undefined when nothing is published yet.
 */
export async function readPublished(
  client: SqlClient,
  options: LoadOptions,
): Promise<PublishedVersion | undefined> {
  const [versionAnswer, rowsAnswer] = await client.batch([
    client.prepare(VERSION_SQL),
    client.prepare(RESTORE_WITH_SUMMARY),
  ]);
  const version = versionAnswer?.results[0]?.value;
  if (typeof version !== 'string') return undefined;
  const summaries = new Map<number, string>();
  const rows: RestoreRow[] = (rowsAnswer?.results ?? []).map((row) => {
    const values: SqlValue[] = Object.values(row);
    const summary = values.pop();
    if (typeof values[3] === 'number') summaries.set(values[3], String(summary));
    return values as RestoreRow;
  });
  const text = { bytes: () => undefined, summary: (rev: number) => summaries.get(rev) };
  const restored = restoreRows(rows, text, options.siteUrl, false);
  return { version, catalog: restoredCatalog(restored, options), revs: restored.committed };
}
