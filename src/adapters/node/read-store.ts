import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { byPath } from '../../store/catalog.ts';
import { LoadBatch, readArticleFile, Slabs } from './read-file.ts';
import { keepUnchanged } from './reuse.ts';
import {
  attempt,
  changedAtOf,
  kindOf,
  settled,
  stampOf,
  walk,
  type Walked,
  type WalkEntry,
} from './walk.ts';
import { isArticlePath, type LoadResult, type StoreEntry } from '../../content/load-article.ts';
import { MAX_ARTICLE_BYTES, tooBigMessage } from '../../content/text.ts';

/**
 * The Node adapter of the article store: every `.txt` and `.md` file under `dir`,
 * recursively, with store-relative `/` paths, sorted by path. Hidden files and folders
 * (editor swap files, `.git`) are not read.
 *
 * Hostile files are reported (an entry with `problem` and no bytes), never read whole:
 * - a file over MAX_ARTICLE_BYTES (its size is known from lstat, and the read itself stops
 *   one byte past the limit should the file grow meanwhile);
 * - a symbolic link, wherever it points: links are never followed, not even inside the
 *   store (the report says whether the link leads outside it). Links named like articles
 *   and links to folders are reported; other links are left alone like any other non-article
 *   file. Files are opened with O_NOFOLLOW, so a file swapped for a link between the listing
 *   and the read is not followed either;
 * - an article name that is not a regular file (a FIFO, a socket, a device);
 * - a file or a folder that cannot be read (permissions).
 * A file that vanishes between the listing and the read is simply not there.
 * Only a store folder that cannot be read at all rejects.
 */
export async function readStoreFiles(dir: string): Promise<StoreEntry[]> {
  return (await readStore(dir)).files;
}

/** What one read of the store saw: its files, and the listing, fingerprint and folders of its walk. */
export interface StoreRead extends Walked {
  files: StoreEntry[];
  /** Per article file read, its stamp (see stampOf) and what the next read may reuse. */
  stamps: ReadonlyMap<string, Kept>;
  /** Date.now() when this read started. */
  startedAt: number;
  /** How many files this read opened (the rest were unchanged since the previous read). */
  reads: number;
}

/** What a read keeps of one file: its bytes, or (with `load`) what loading it gave. */
export interface Kept {
  stamp: string;
  bytes?: Uint8Array;
  loaded?: LoadResult;
}

/**
 * readStoreFiles, with the fingerprint of what it read, for watchStore. Given the previous
 * read, a file whose stamp (size, times, inode) is unchanged, and was already old when it
 * was read, is not read again: the same bytes (the very object) are handed over, so the
 * reloading store knows without comparing that the file did not change. A reload of a large
 * store then costs one lstat a file, not a read.
 *
 * With `load`, files are read in batches into one reused buffer and each batch loaded at
 * once, and the entries carry what loading gave (`loaded`), not bytes: the store then holds
 * no file in memory (the Node server's `load` writes each article, bytes and all, to its
 * database, database.ts). A file unchanged since `previous` hands over the very result (the
 * same Article object).
 */
export async function readStore(
  dir: string,
  previous?: Pick<StoreRead, 'stamps' | 'startedAt'>,
  load?: (entry: StoreEntry) => LoadResult,
  { only }: ReadOptions = {},
): Promise<StoreRead> {
  const startedAt = Date.now();
  const files: StoreEntry[] = [];
  const stamps = new Map<string, Kept>();
  let reads = 0;
  // A first read fills blocks (one reused block when loading); a reload, which reads few
  // files, gives each its own buffer (a batch for every reload made a soak's memory grow:
  // docs/performance.md).
  const slabs = new Slabs(previous ? 'exact' : load ? 'batch' : 'blocks');
  let root: string | undefined;
  const rootOf = () => (root ??= attempt(() => realpathSync(dir)) ?? resolve(dir));
  const report = (path: string, message: string) =>
    files.push({ path, bytes: NO_BYTES, problem: { line: 1, message } });

  const visit = (path: string, entry: WalkEntry): void => {
    const full = join(dir, path);
    if (entry.kind === 'unreadable-folder') {
      report(path, `the folder cannot be read (${entry.code}); check its permissions`);
      return;
    }
    if (entry.kind === 'link') {
      const message = describeLink(full, rootOf(), isArticlePath(path));
      if (message) report(path, message);
      return;
    }
    if (!isArticlePath(path)) return;
    if (!entry.stats.isFile()) {
      report(path, `not a regular file (${kindOf(entry.stats)}); an article is a plain text file`);
      return;
    }
    if (entry.stats.size > MAX_ARTICLE_BYTES) {
      report(path, tooBigMessage(entry.stats.size));
      return;
    }
    const stamp = stampOf(entry.stats);
    const before = previous?.stamps.get(path);
    const trusted =
      before?.stamp === stamp && settled(changedAtOf(entry.stats), previous!.startedAt);
    if (trusted && (load ? before.loaded : before.bytes)) {
      files.push({ path, bytes: before.bytes ?? NO_BYTES, loaded: before.loaded });
      stamps.set(path, before);
      return;
    }
    readFile(path);
  };
  /** Reads one article file; returns its stamp for the listing ('' when it is gone). */
  const readFile = (path: string): string => {
    reads += 1;
    const full = join(dir, path);
    const read = readArticleFile(full, slabs);
    if (!('bytes' in read)) {
      if (read.problem) report(path, read.problem);
      return read.stamp;
    }
    // The stamp of the open file itself: the one lstat saw may predate a change.
    const { stamp } = read;
    if (!load) {
      files.push({ path, bytes: read.bytes });
      stamps.set(path, { stamp, bytes: read.bytes });
      return stamp;
    }
    batch.add({ path, bytes: read.bytes, stamp });
    return stamp;
  };
  // Loaded a batch at a time.
  const batch = new LoadBatch<StoreEntry & { stamp: string }>(slabs, (entry) => {
    const loaded = load!(entry);
    files.push({ path: entry.path, bytes: NO_BYTES, loaded });
    stamps.set(entry.path, { stamp: entry.stamp, loaded });
  });

  // A first read opens every article file straight away; a later one looks (lstat) first,
  // to hand over the bytes of the files that did not change without reading them, and
  // looks only at the folders `only` names when told the others did not change.
  const keep =
    only && previous && 'listing' in previous
      ? keepUnchanged(previous as StoreRead, only, (entry, kept) => {
          files.push(entry);
          if (kept) stamps.set(entry.path, kept);
        })
      : undefined;
  const scan = await walk(dir, visit, previous ? undefined : readFile, keep);
  batch.flush();
  files.sort(byPath); // as buildCatalog wants them: it then only checks the order
  return { files, stamps, startedAt, reads, ...scan };
}

/** How to read: only some folders again (a reload). */
export interface ReadOptions {
  /**
   * For a reload given the full previous read: the folders to look at again (and any folder
   * new since), every other folder being taken as it was. For a caller that knows what changed
   * (watchStore's events); a change it missed stays unseen until a read without `only`.
   */
  only?: ReadonlySet<string>;
}

const NO_BYTES = new Uint8Array(0);

/**
 * A cheap fingerprint of the store for change detection (the watcher's poll): a digest of
 * the path and stamp (type, size, ctime, mtime, inode) of everything readStoreFiles looks
 * at, read with lstat only, equal to the `fingerprint` of a read that saw the same files;
 * and the folders it found.
 */
export async function listStore(dir: string): Promise<Pick<Walked, 'fingerprint' | 'folders'>> {
  const { fingerprint, folders } = await walk(dir, () => {}, undefined, undefined, true);
  return { fingerprint, folders };
}

/** The report for a symbolic link, or undefined for a link that is no concern of the store. */
function describeLink(full: string, root: string, namedLikeArticle: boolean): string | undefined {
  const target = attempt(() => readlinkSync(full)) ?? '?';
  const resolved = attempt(() => realpathSync(full));
  if (resolved === undefined) {
    return namedLikeArticle
      ? `a symbolic link to nothing ('${target}'); links are never followed: remove it`
      : undefined;
  }
  const isFolder = attempt(() => lstatSync(resolved).isDirectory()) ?? false;
  if (!namedLikeArticle && !isFolder) return undefined;
  const what = isFolder ? 'folder' : 'file';
  const inside = isInside(root, resolved);
  const where = inside
    ? `to the ${what} '${relative(root, resolved).split(sep).join('/')}' in the store`
    : `to the ${what} '${isAbsolute(target) ? target : resolve(dirname(full), target)}' outside the store`;
  const fix = inside
    ? `move or copy the ${what} here instead`
    : `copy the ${what} into the store instead`;
  return `a symbolic link ${where}; links are never followed: ${fix}`;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
