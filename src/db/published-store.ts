import type { Article } from '../content/article.ts';
import { isBodyMade, keepMadeBody } from '../content/article-body.ts';
import type { LoadOptions } from '../content/load-article.ts';
import type { Catalog } from '../store/catalog.ts';
import { RESTORE, type RestoreRow } from './article-rows.ts';
import { restoredCatalog, restoreRows } from './restore.ts';
import type { SqlClient, SqlValue } from './sql.ts';

/**
 * The Worker's store: the version `npm run publish` wrote into D1 (adapters/node/publish.ts),
 * read back as the catalog the Node server would serve, with the same code (restore.ts,
 * buildCatalog). Bodies stay in D1 until a render needs them (`bodies`).
 */
export interface PublishedVersion {
  /** D1's store version (meta `version`), which changes with every publish. */
  version: string;
  catalog: Catalog;
  /** Reads the bodies of these articles from D1 before a render asks for them. */
  bodies(this: void, articles: readonly Article[]): Promise<void>;
}

const MAX_PARAMETERS = 100;

export const VERSION_SQL = "SELECT value FROM meta WHERE key = 'version'";
/** RESTORE with each article's summary last, since no source bytes come with the rows. */
const RESTORE_WITH_SUMMARY = RESTORE.replace(' FROM files f', ', a.summary FROM files f');

/** D1's store version; undefined before the first publish. */
export async function publishedVersion(client: SqlClient): Promise<string | undefined> {
  const row = await client.prepare(VERSION_SQL).first<{ value: string }>();
  return row?.value;
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
  const catalog = restoredCatalog(restored, options);

  async function bodies(articles: readonly Article[]): Promise<void> {
    const wanted = new Map<number, Article>();
    for (const article of articles) {
      const rev = restored.committed.get(article.source);
      if (typeof rev === 'number' && !isBodyMade(article)) wanted.set(rev, article);
    }
    if (wanted.size === 0) return;
    const revs = [...wanted.keys()];
    const queries = [];
    // D1 binds at most 100 parameters a query.
    for (let i = 0; i < revs.length; i += MAX_PARAMETERS) {
      const some = revs.slice(i, i + MAX_PARAMETERS);
      const marks = some.map(() => '?').join(', ');
      const sql = `SELECT rev, html FROM bodies WHERE rev IN (${marks}) ORDER BY rev, part`;
      queries.push(client.prepare(sql).bind(...some));
    }
    // A body is in parts (BODIES_SCHEMA), in order.
    const html = new Map<number, string[]>();
    for (const { results } of await client.batch(queries)) {
      for (const row of results) {
        const rev = Number(row.rev);
        const parts = html.get(rev);
        if (parts) parts.push(String(row.html));
        else html.set(rev, [String(row.html)]);
      }
    }
    for (const [rev, parts] of html) keepMadeBody(wanted.get(rev)!, parts.join(''));
  }
  return { version, catalog, bodies };
}
