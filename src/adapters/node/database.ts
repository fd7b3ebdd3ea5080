// The Node adapter's database (better-sqlite3): what loading the store folder made of it, kept
// between runs, so that a restart serves at once and a published article keeps its last good
// version whole, body included, whatever happens to its file (schema: src/db/schema.ts).
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { bodyOf, withStoredText, type StoredText } from '../../content/article-body.ts';
import {
  loadArticle,
  type LoadOptions,
  type LoadResult,
  type StoreEntry,
} from '../../content/load-article.ts';
import { SCHEMA_VERSION } from '../../db/schema.ts';
import { buildCatalog, type Catalog } from '../../store/catalog.ts';
import { loaderDigest } from './code-digest.ts';
import { journaled, metaOf, openDatabaseFile } from './database-file.ts';
import {
  articleRow,
  reportsJson,
  RESTORE,
  withoutSummary,
  type RestoreRow,
} from '../../db/article-rows.ts';
import { restoreRows } from '../../db/restore.ts';
import type { StoreRead } from './read-store.ts';

/** What the database held when opened: a version to serve at once and reconcile later. */
export interface Restored {
  /** Every file it knew, loaded already (`loaded`): a first catalog without reading a file. */
  files: StoreEntry[];
  /** The last good articles of files broken when it was written, for that catalog to keep. */
  lastGood: Catalog;
  /** As readStore's `previous`: files whose stamp is unchanged are not read again. */
  previous: Pick<StoreRead, 'stamps' | 'startedAt'>;
}

export interface StoreDatabase {
  /** Set when the file could not be used and was made anew: why, in one line. */
  readonly notice: string | undefined;
  /** The version the file holds; undefined when it holds none (a first start). */
  restore(): Restored | undefined;
  /** Opens the transaction a read writes in (readStore's `load` writes each article). */
  begin(): void;
  /** As loadArticle, and writes the article (its bytes too) into the open transaction. */
  load(this: void, entry: StoreEntry): LoadResult;
  /**
   * Writes what `read` changed since `before` (the read the file holds), with the reports of
   * `catalog` and the last good articles it kept, and commits: all of it, or nothing.
   */
  commit(read: StoreRead, before: Pick<StoreRead, 'stamps'> | undefined, catalog: Catalog): void;
  /** Drops what the open transaction wrote. */
  rollback(): void;
  /**
   * Whether `file` no longer names the file this opened (deleted or replaced while serving):
   * writes would go where no restart finds them. Its bodies stay readable all the same.
   */
  moved(): boolean;
  close(): void;
}

/** Which file a path names now (device and inode), or undefined when none. */
function identity(file: string): string | undefined {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat ? `${stat.dev}:${stat.ino}` : undefined;
}

/**
 * Opens (or makes) the database at `file` for the store folder `dir` loaded with `options`. A
 * file that is damaged, not ours, of another schema, or made for another folder, SITE_URL or
 * time zone is deleted and made anew (`notice` says why): the folder can always rebuild it.
 * One made by other loader code is kept, but none of its stamps is trusted: every file is read
 * again by the first reconciliation, and a file broken meanwhile keeps its last good article.
 */
export function openStoreDatabase(file: string, dir: string, options: LoadOptions): StoreDatabase {
  const { db, notice, release } = openDatabaseFile(file, {
    schema: String(SCHEMA_VERSION),
    content_dir: resolve(dir),
    site_url: options.siteUrl,
    time_zone: options.timeZone,
  });
  // A second connection reads bodies: it sees committed versions only, never the rows a read
  // is still writing (SQLite's WAL mode gives each connection its snapshot). Opened on first
  // use, once the first read has committed.
  let reader: Database.Database | undefined;
  let reads:
    | { bytes: Database.Statement<[number], Buffer>; summary: Database.Statement<[number], string> }
    | undefined;
  const open = () => {
    reader = new Database(file, { readonly: true });
    return {
      bytes: reader.prepare<[number], Buffer>('SELECT bytes FROM sources WHERE rev = ?').pluck(),
      summary: reader
        .prepare<[number], string>('SELECT summary FROM articles WHERE rev = ?')
        .pluck(),
    };
  };
  const text: StoredText = {
    bytes: (rev) => (reads ??= open()).bytes.get(rev),
    summary: (rev) => (reads ??= open()).summary.get(rev),
  };
  const insert = db.prepare(`INSERT INTO articles VALUES
    (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertSource = db.prepare('INSERT INTO sources VALUES (?, ?)');
  const putFile = db.prepare('INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)');
  const dropFile = db.prepare('DELETE FROM files WHERE path = ?');
  const dropArticle = db.prepare('DELETE FROM articles WHERE rev = ?');
  const dropSource = db.prepare('DELETE FROM sources WHERE rev = ?');
  const setMeta = db.prepare('INSERT OR REPLACE INTO meta VALUES (?, ?)');
  const maxRev = db.prepare<[], number | null>('SELECT max(rev) FROM articles').pluck().get();
  let nextRev = (maxRev ?? 0) + 1;
  /** The article each known file publishes now (null: none), as committed. */
  const committed = new Map<string, number | null>();
  /** Articles written by the open transaction, by path. */
  const pending = new Map<string, number>();
  /**
   * Articles the last commit replaced: deleted by the next one, since the version they belong
   * to is still compared with the new one after a commit (which feeds changed, for WebSub).
   */
  let retired: number[] = [];
  const loader = loaderDigest() ?? '';

  function restore(): Restored | undefined {
    const startedAt = Number(metaOf(db, 'started_at') ?? NaN);
    if (!Number.isFinite(startedAt)) return undefined;
    const trusted = metaOf(db, 'loader') === loader;
    // The articles the last commit replaced, left by a stop before the next commit.
    const left = JSON.parse(metaOf(db, 'retired') ?? '[]') as number[];
    if (left.length > 0) {
      db.transaction(() => {
        for (const rev of left) {
          dropArticle.run(rev);
          dropSource.run(rev);
        }
        setMeta.run('retired', '[]');
      })();
    }
    // Rows as arrays (better-sqlite3's raw mode): an object a row cost a restart of 100k
    // articles a visible share of its time in collections (docs/performance.md).
    const rows = db.prepare<[], RestoreRow>(RESTORE).raw(true).iterate();
    const { files, lastGood, stamps } = restoreRows(
      rows,
      text,
      options.siteUrl,
      trusted,
      committed,
    );
    reads ??= open(); // open while the file is there: it reads on if the file is deleted
    return { files, lastGood: buildCatalog(lastGood, options), previous: { stamps, startedAt } };
  }

  function load(entry: StoreEntry): LoadResult {
    const rev = nextRev++;
    const result = loadArticle({ path: entry.path, bytes: entry.bytes }, options);
    if (!result.ok) return result;
    const a = result.article;
    const body = bodyOf(a)!;
    insert.run(...articleRow(rev, entry.path, a, body, options.siteUrl));
    insertSource.run(rev, entry.bytes);
    pending.set(entry.path, rev);
    // The same article, reading its body and summary from the database, not from the bytes
    // (a reused buffer) or a string kept in memory.
    return { ok: true, article: withStoredText(withoutSummary(a), text, rev, body) };
  }

  function commit(
    read: StoreRead,
    before: Pick<StoreRead, 'stamps'> | undefined,
    catalog: Catalog,
  ) {
    const kept = new Set(catalog.kept);
    // Staged, and applied to `committed` and `retired` only once the commit has succeeded.
    const now = new Map<string, number | null>();
    const replaced: number[] = [];
    const change = (path: string, next: number | null) => {
      const old = committed.get(path);
      if (old !== undefined && old !== null && old !== next) replaced.push(old);
      now.set(path, next);
    };
    for (const rev of retired) {
      dropArticle.run(rev);
      dropSource.run(rev);
    }
    for (const [path, seen] of read.stamps) {
      if (before?.stamps.get(path) === seen) continue; // the very same: not read again
      const loaded = seen.loaded;
      if (loaded && !loaded.ok && loaded.isDraft) {
        // No article and no report: a restart reads a draft again (drafts are few).
        putFile.run(path, null, null, null);
        change(path, null);
      } else if (loaded?.ok) {
        const rev = pending.get(path) ?? committed.get(path) ?? null;
        putFile.run(path, seen.stamp, rev, null);
        change(path, rev);
      } else {
        const rev = kept.has(path) ? (committed.get(path) ?? null) : null;
        putFile.run(path, seen.stamp, rev, reportsJson(loaded?.problems ?? []));
        change(path, rev);
      }
    }
    const gone: string[] = [];
    for (const [path, rev] of committed) {
      if (read.stamps.has(path)) continue;
      if (kept.has(path)) {
        // A link, a folder or an unreadable file now: reported by every read (the adapter's
        // entry carries the report), and its last good article stays; no stamp, so the next
        // start reads it again.
        const problem = read.files.find((entry) => entry.path === path)?.problem;
        putFile.run(path, null, rev, reportsJson(problem ? [problem] : []));
        continue;
      }
      dropFile.run(path);
      if (rev !== null) replaced.push(rev);
      gone.push(path);
    }
    setMeta.run('retired', JSON.stringify(replaced));
    setMeta.run('started_at', String(read.startedAt));
    setMeta.run('loader', loader);
    db.exec('COMMIT');
    if (db.pragma('journal_mode', { simple: true }) !== 'wal') journaled(db);
    reads ??= open();
    pending.clear();
    for (const [path, rev] of now) committed.set(path, rev);
    for (const path of gone) committed.delete(path);
    retired = replaced;
  }

  const opened = identity(file);
  return {
    notice,
    restore,
    moved: () => identity(file) !== opened,
    begin: () => {
      pending.clear();
      db.exec('BEGIN IMMEDIATE');
    },
    load,
    commit,
    rollback: () => {
      if (db.inTransaction) db.exec('ROLLBACK');
      pending.clear();
    },
    close: () => {
      reader?.close();
      db.close();
      release();
    },
  };
}
