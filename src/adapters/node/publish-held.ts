// What a publish reads of D1 before it writes (publish.ts): its state and its RESTORE rows. The
// rows come from D1, or from the publish's own copy of them, kept on the publishing machine and
// named by the id of the publish that wrote D1's version (meta `publish_id`): while D1 holds
// that version, the next publish reads them there instead of from D1, where they are two rows
// an article to read (docs/performance.md, "Publishing to D1"). Any other id, or no file, and
// they are read from D1.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { RESTORE, type RestoreRow } from '../../db/article-rows.ts';
import type { SqlClient, SqlValue } from '../../db/sql.ts';

const STATE_SQL = `SELECT
  (SELECT value FROM meta WHERE key = 'version') AS version,
  (SELECT value FROM meta WHERE key = 'started_at') AS started_at,
  (SELECT value FROM meta WHERE key = 'settings') AS settings,
  (SELECT max(rev) FROM articles) AS max_rev,
  (SELECT value FROM meta WHERE key = 'max_rev') AS committed_rev,
  (SELECT value FROM meta WHERE key = 'retired') AS retired,
  (SELECT value FROM meta WHERE key = 'served') AS served,
  (SELECT value FROM meta WHERE key = 'rejected') AS rejected,
  (SELECT value FROM meta WHERE key = 'publish_id') AS publish_id,
  (SELECT count(*) FROM d1_migrations) AS migrations`;

/** D1 lacks migrations of the repository's `migrations/` (or all: a new database). */
export class SchemaBehind extends Error {
  override name = 'SchemaBehind';
}

/**
 * What D1 holds: its state, and its RESTORE rows, read in one batch (one transaction) or, when
 * `cache` holds the index of the publish that wrote D1's version, taken from there.
 */
export async function readHeld(
  client: SqlClient,
  cache: IndexCache | undefined,
): Promise<{ state: Record<string, SqlValue>; rows: RestoreRow[]; cached: boolean }> {
  const behind = (error: unknown) => {
    const missing = error instanceof Error && /no such table/.test(error.message);
    throw missing ? new SchemaBehind(error.message) : error;
  };
  const index = cache?.read();
  if (index) {
    const state = (await client.prepare(STATE_SQL).first().catch(behind)) ?? {};
    if (state.publish_id === index.id) return { state, rows: index.rows, cached: true };
  }
  const [stateAnswer, rowsAnswer] = await client
    .batch([client.prepare(STATE_SQL), client.prepare(RESTORE)])
    .catch(behind);
  const rows = (rowsAnswer?.results ?? []).map((row) => Object.values(row) as RestoreRow);
  return { state: stateAnswer?.results[0] ?? {}, rows, cached: false };
}

/** The RESTORE rows of the version a publish wrote (stamps whole, digest first). */
export interface PublishedIndex {
  id: string;
  rows: RestoreRow[];
}

/** Where a publish keeps its index: read and written whole. */
export interface IndexCache {
  read(): PublishedIndex | undefined;
  write(index: PublishedIndex): void;
}

/** The index kept in the file `path` (JSON); a file that is missing or unreadable is none. */
export function indexFile(path: string): IndexCache {
  return {
    read() {
      try {
        const index = JSON.parse(readFileSync(path, 'utf8')) as PublishedIndex;
        return typeof index.id === 'string' && Array.isArray(index.rows) ? index : undefined;
      } catch {
        return undefined;
      }
    },
    write(index) {
      // Written aside and renamed: a publish stopped meanwhile leaves the old file or the new.
      // A copy that cannot be written is no loss (the next publish reads D1): D1 is written.
      try {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(`${path}.tmp`, JSON.stringify(index));
        renameSync(`${path}.tmp`, path);
      } catch {
        // the old file, if any, names a version D1 no longer holds: it is not used
      }
    },
  };
}

/** What a publish wrote of a file: its files row (stamp, article, reports), or null: deleted. */
export type FileChange = [stamp: string | null, rev: number | null, problems: string | null] | null;

/** An `articles` row (articleRow's values) as RESTORE's article columns: the summary left out. */
export function restoreColumns(row: readonly SqlValue[]): SqlValue[] {
  return [...row.slice(2, 12), ...row.slice(13)];
}

/** The RESTORE rows after a publish: `before`'s, with the files rows it wrote or deleted. */
export function nextIndex(
  before: readonly RestoreRow[],
  changes: ReadonlyMap<string, FileChange>,
  made: ReadonlyMap<number, SqlValue[]>,
): RestoreRow[] {
  const columnsOf = new Map<number, SqlValue[]>(made);
  for (const row of before) if (row[3] !== null) columnsOf.set(row[3], row.slice(4));
  const rows = new Map<string, RestoreRow>(before.map((row) => [row[0], row]));
  const none = Array<null>(RESTORE_ARTICLE_COLUMNS).fill(null);
  for (const [path, change] of changes) {
    if (change === null) {
      rows.delete(path);
      continue;
    }
    const [stamp, rev, problems] = change;
    const columns = rev === null ? none : columnsOf.get(rev);
    if (!columns) throw new Error(`publish index: no article row ${rev} for ${path}`);
    rows.set(path, [path, stamp, problems, rev, ...columns] as RestoreRow);
  }
  return [...rows.values()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** RESTORE's columns after the files row's four. */
const RESTORE_ARTICLE_COLUMNS = 17;
