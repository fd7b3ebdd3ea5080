// `npm run publish`: brings a D1 database (db/sql.ts's client) to the state of the store
// folder, with the loader and the catalog's rules the Node server uses (last good versions
// kept, collisions, drafts), writing only what changed: new article rows staged first, then
// one switch transaction (files, served set, the version last).
import { createHash, randomUUID } from 'node:crypto';
import { bodyOf, everyField } from '../../content/article-body.ts';
import type { Article, Problem } from '../../content/article.ts';
import { loadArticle, type LoadOptions, type LoadResult } from '../../content/load-article.ts';
import { articleRow, reportsJson, type RestoreRow } from '../../db/article-rows.ts';
import { dropAfter, stageArticles, type Made, type Progress } from './publish-stage.ts';
import { restoredCatalog, restoreRows } from '../../db/restore.ts';
import {
  emptyRows,
  SERVED_TABLES,
  SERVED_VERSION,
  servedChanges,
  servedRows,
} from '../../db/served.ts';
import type { SqlClient, SqlStatement, SqlValue } from '../../db/sql.ts';
import {
  nextIndex,
  readHeld,
  restoreColumns,
  SchemaBehind,
  type FileChange,
  type IndexCache,
} from './publish-held.ts';
import { buildCatalog, rejectedFiles, type Catalog } from '../../store/catalog.ts';
import { loaderDigest } from './code-digest.ts';
import { readStore } from './read-store.ts';

export interface PublishResult {
  /** The version D1 held before; undefined on a first publish. */
  previous: Catalog | undefined;
  /** The version D1 holds now (`previous` when nothing changed). */
  catalog: Catalog;
  /** The store version number D1 serves now (meta `version`). */
  version: number;
  /** Articles written (new or changed files), and articles no longer published. */
  written: number;
  removed: number;
  /** How many files were read (the others' stamps were those of their last publish). */
  reads: number;
}

/** A stored stamp: the file's SHA-256, a space, then its stamp on the publishing machine. */
const DIGEST_LENGTH = 64;

function digestOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Neither body nor summary is read of the rows D1 holds: they are not written again. */
const UNREAD = { bytes: () => undefined, summary: () => '' };

/**
 * Publishes the folder `dir` to `client`, its version the catalog built at `now`. The store
 * D1 held is read first (its files' digests and articles' fields, not their bodies): a file
 * whose stamp or digest is unchanged is not loaded again, and a file that breaks keeps the
 * article D1 serves (the last good version), as on the Node server.
 */
export async function publishStore(
  client: SqlClient,
  dir: string,
  options: LoadOptions,
  migrations: number,
  progress?: Progress,
  cache?: IndexCache,
): Promise<PublishResult> {
  const { state, rows: heldRows, cached } = await readHeld(client, cache);
  if (Number(state.migrations) < migrations) throw new SchemaBehind('migrations to apply');
  const settings = JSON.stringify([options.siteUrl, options.timeZone, loaderDigest() ?? '']);
  // Rows made by other code or for other settings: every file is loaded and written again.
  const trusted = state.settings === settings;
  const digests = new Map<string, string>();
  /** Each files row as D1 holds it (stamp, article, reports), to write only rows that differ. */
  const stored = new Map<string, string>();
  const rows = heldRows.map((row) => {
    const values = [...row] as RestoreRow;
    const stamp = values[1];
    stored.set(values[0], JSON.stringify([stamp, values[3], values[2]]));
    if (stamp !== null) {
      digests.set(values[0], stamp.slice(0, DIGEST_LENGTH));
      values[1] = stamp.slice(DIGEST_LENGTH + 1);
    }
    return values;
  });
  const restored = restoreRows(rows, UNREAD, options.siteUrl, trusted);
  const previous = state.version == null ? undefined : restoredCatalog(restored, options);

  const made = new Map<string, Made>();
  const seen = new Map<string, string>();
  function load(entry: { path: string; bytes: Uint8Array }): LoadResult {
    const digest = digestOf(entry.bytes);
    seen.set(entry.path, digest);
    if (seen.size % 1000 === 0) progress?.('read', seen.size);
    const before = restored.stamps.get(entry.path);
    if (trusted && before && digests.get(entry.path) === digest) return before.loaded;
    const result = loadArticle({ path: entry.path, bytes: entry.bytes }, options);
    if (!result.ok) return result;
    // The body is made now, while the bytes (a reused buffer) are the file's.
    const fields = everyField(result.article);
    const row = articleRow(0, entry.path, fields, bodyOf(result.article)!, options.siteUrl);
    // The body travels in `made` alone, until it is written (stageArticles).
    const article = { ...fields, contentHtml: '' };
    made.set(entry.path, { row, html: fields.contentHtml });
    return { ok: true, article };
  }
  const startedAt = Number(state.started_at ?? 0);
  const read = await readStore(
    dir,
    trusted ? { stamps: restored.stamps, startedAt } : undefined,
    load,
  );
  const catalog = buildCatalog(read.files, options, { previous });

  // Rows past the last publish's are a publish's that stopped before its switch: dropped.
  const committedRev = Number(state.committed_rev ?? state.max_rev ?? 0);
  if (Number(state.max_rev ?? 0) > committedRev)
    await client.batch(dropAfter(client, committedRev));
  let nextRev = committedRev + 1;
  const revs = new Map<string, number>();
  for (const path of made.keys()) revs.set(path, nextRev++);
  const statements: SqlStatement[] = [];
  const putFile = client.prepare('INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)');
  /** The files rows written or deleted, for the publish's index (publish-held.ts). */
  const changes = new Map<string, FileChange>();
  const putFileRow = (path: string, ...row: [string | null, number | null, string | null]) => {
    statements.push(putFile.bind(path, ...row));
    changes.set(path, row);
  };
  const kept = new Set(catalog.kept);
  const retired: number[] = [];
  const change = (path: string, rev: number | null) => {
    const old = restored.committed.get(path);
    if (old !== undefined && old !== null && old !== rev) retired.push(old);
  };
  for (const [path, kept_] of read.stamps) {
    const digest = seen.get(path);
    if (digest === undefined || (trusted && digests.get(path) === digest)) continue;
    const loaded = kept_.loaded;
    const stamp = `${digest} ${kept_.stamp}`;
    if (loaded && !loaded.ok && loaded.isDraft) {
      // With its digest, so that an unchanged draft is not written again by every publish.
      putFileRow(path, stamp, null, null);
      change(path, null);
    } else if (loaded?.ok) {
      const rev = revs.get(path) ?? null;
      putFileRow(path, stamp, rev, null);
      change(path, rev);
    } else {
      const rev = kept.has(path) ? (restored.committed.get(path) ?? null) : null;
      putFileRow(path, stamp, rev, reportsJson(loaded?.problems ?? []));
      change(path, rev);
    }
  }
  // Files the adapter refused (a link, too large, unreadable): their reports are kept, with
  // the last good article if they keep one, and written only when they differ (no stamp: the
  // next publish looks again).
  const refused = new Map<string, Pick<Problem, 'line' | 'message'>>();
  for (const entry of read.files) if (entry.problem) refused.set(entry.path, entry.problem);
  for (const [path, rev] of restored.committed) {
    if (read.stamps.has(path) || refused.has(path)) continue;
    statements.push(client.prepare('DELETE FROM files WHERE path = ?').bind(path));
    changes.set(path, null);
    if (rev !== null) retired.push(rev);
  }
  for (const [path, problem] of refused) {
    const rev = kept.has(path) ? (restored.committed.get(path) ?? null) : null;
    change(path, rev);
    const reports = reportsJson([problem]);
    if (stored.get(path) !== JSON.stringify([null, rev, reports]))
      putFileRow(path, null, rev, reports);
  }

  // Rows by article, not by path: an article D1 held keeps its row (unchanged, or the last
  // good version of a file broken now), and one made by this publish has its new row.
  const heldRev = (article: Article) => restored.committed.get(article.source) ?? 0;
  const held = new Set(previous?.bySlug.values());
  const revOf = (article: Article) =>
    held.has(article) ? heldRev(article) : (revs.get(article.source) ?? heldRev(article));
  // Only the rows around the articles that differ (by identity: an unchanged file hands over
  // the very article D1 gave) can differ: theirs, and their scopes' counts and dates.
  // A served set of an older shape (SERVED_VERSION) is written again whole, in the switch.
  const whole = state.served !== String(SERVED_VERSION);
  const around = previous && !whole ? differing(previous, catalog) : undefined;
  const before = previous && !whole ? servedRows(previous, heldRev, around) : emptyRows();
  const after = servedRows(catalog, revOf, around);
  if (whole && previous) {
    for (const table of SERVED_TABLES) statements.push(client.prepare(`DELETE FROM ${table}`));
  }
  // A loop, not a spread: a first publish of 100k articles has 658k served rows.
  for (const statement of servedChanges(client, before, after)) statements.push(statement);
  // How many files are reported, for the Worker's /healthz (reader.rejected()).
  const rejected = String(rejectedFiles(catalog));
  const setMeta = client.prepare('INSERT OR REPLACE INTO meta VALUES (?, ?)');
  if (state.rejected !== rejected) statements.push(setMeta.bind('rejected', rejected));
  const version = Number(state.version ?? 0);
  if (statements.length === 0 && previous) {
    // D1 holds what the index would: kept under the id of the publish that wrote it.
    const id = state.publish_id;
    if (cache && !cached && typeof id === 'string') cache.write({ id, rows: heldRows });
    return { previous, catalog: previous, version, written: 0, removed: 0, reads: read.reads };
  }
  const written = made.size;
  const publishId = randomUUID();
  const madeColumns = new Map<number, SqlValue[]>();
  for (const [path, { row }] of made) madeColumns.set(revs.get(path)!, restoreColumns(row));
  await stageArticles(client, made, revs, progress);
  // The switch: the files, the served set and the version in one batch (one transaction), the
  // version last; a reader sees all of it or none, and a stop before it leaves the version
  // before served whole (its staged rows are dropped by the next publish).
  // The articles this version no longer names stay one publish longer: a Worker still serving
  // the version before may read their bodies meanwhile. The last publish's go now.
  for (const rev of JSON.parse(String(state.retired ?? '[]')) as number[]) {
    statements.push(client.prepare('DELETE FROM articles WHERE rev = ?').bind(rev));
    statements.push(client.prepare('DELETE FROM bodies WHERE rev = ?').bind(rev));
  }
  statements.push(
    setMeta.bind('retired', JSON.stringify(retired)),
    setMeta.bind('started_at', String(read.startedAt)),
    setMeta.bind('settings', settings),
    setMeta.bind('max_rev', String(nextRev - 1)),
    setMeta.bind('served', String(SERVED_VERSION)),
    setMeta.bind('publish_id', publishId),
    setMeta.bind('version', String(version + 1)),
  );
  await client.batch(statements);
  cache?.write({ id: publishId, rows: nextIndex(heldRows, changes, madeColumns) });
  let removed = 0;
  for (const slug of previous?.bySlug.keys() ?? []) if (!catalog.bySlug.has(slug)) removed += 1;
  return {
    previous,
    catalog,
    version: version + 1,
    written,
    removed,
    reads: read.reads,
  };
}

/** The articles in one version and not the other (by identity), of either. */
function differing(a: Catalog, b: Catalog): Set<Article> {
  const inA = new Set(a.site.articles);
  const inB = new Set(b.site.articles);
  const result = new Set<Article>();
  for (const article of inA) if (!inB.has(article)) result.add(article);
  for (const article of inB) if (!inA.has(article)) result.add(article);
  return result;
}
