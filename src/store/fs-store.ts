import { constants, watch, type FSWatcher, type Stats } from 'node:fs';
import { lstat, open, readdir, readlink, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isArticlePath, type StoreEntry } from './load-article.ts';
import { MAX_ARTICLE_BYTES, tooBigMessage } from './text.ts';

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

/** What one read of the store saw: its files, and the fingerprint and folders of listStore. */
export interface StoreRead {
  files: StoreEntry[];
  /** listStore's fingerprint, from the very lstat calls that decided what to read. */
  listing: string;
  /** Every folder of the store, '' for the store itself. */
  folders: string[];
}

/** readStoreFiles, with the fingerprint of what it read, for watchStore. */
export async function readStore(dir: string): Promise<StoreRead> {
  const files: StoreEntry[] = [];
  let root: Promise<string> | undefined;
  const rootOf = () => (root ??= realpath(dir).catch(() => resolve(dir)));
  const report = (path: string, message: string) =>
    files.push({ path, bytes: new Uint8Array(0), problem: { line: 1, message } });
  const limit = limiter(32); // open files at once

  const scan = await walk(dir, async (path, entry) => {
    const full = join(dir, path);
    if (entry.kind === 'unreadable-folder') {
      report(path, `the folder cannot be read (${entry.code}); check its permissions`);
      return;
    }
    if (entry.kind === 'link') {
      const message = await describeLink(full, await rootOf(), isArticlePath(path));
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
    const read = await limit(() => readBounded(full));
    if ('bytes' in read) files.push({ path, bytes: read.bytes });
    else if (read.problem) report(path, read.problem);
  });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, ...scan };
}

/**
 * A cheap fingerprint of the store for change detection: path, type, size, ctime, mtime and
 * inode of everything readStoreFiles looks at, read with lstat only. Times detect changes
 * here; they never date an article.
 */
export async function listStore(dir: string): Promise<string> {
  return (await walk(dir, async () => {})).listing;
}

export interface StoreWatcher {
  close(): void;
}

export interface WatchOptions {
  /** Reloads the store (with readStore). Calls may overlap; the store serializes them. */
  onChange: () => Promise<unknown>;
  /** What the latest read of the store saw (readStore's listing and folders). */
  lastRead: () => Pick<StoreRead, 'listing' | 'folders'> | undefined;
  /** Quiet time after a file-system event before reloading. Default 100 ms. */
  debounceMs?: number;
  /** Longest wait after the first event of a burst. Default 500 ms. */
  maxWaitMs?: number;
  /** Interval of the fallback comparison of listStore(dir). Default 1000 ms. */
  pollMs?: number;
  /** Use file-system events (default true); false leaves the poll alone, as on a network mount. */
  events?: boolean;
  log?: (message: string) => void;
}

/**
 * Calls `onChange` soon after anything under `dir` changes: one fs.watch per folder (inotify
 * on Linux) with a debounce, and, in case an event is missed (a network file system, a
 * watcher that failed, a file written into a new folder before it was watched), a poll that
 * compares listStore with what the latest read saw, every `pollMs`. Edits show within about
 * 0.1 s by events, `pollMs` by the poll.
 *
 * Not `fs.watch(dir, { recursive: true })`: on Linux, Node 20 builds it from one watcher per
 * file and misses the deletion of a file that an editor saved by renaming a new file over it.
 * A watcher on each folder sees every entry of it created, changed, renamed or deleted.
 */
export function watchStore(dir: string, options: WatchOptions): StoreWatcher {
  const debounceMs = options.debounceMs ?? 100;
  const maxWaitMs = options.maxWaitMs ?? 500;
  const pollMs = options.pollMs ?? 1000;
  const log = options.log ?? ((message: string) => console.error(message));
  const watchers = new Map<string, FSWatcher>();
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstEvent = 0;
  let polling = false;
  let warned = false;
  let unreadable = false;

  /** Watches exactly the folders that exist now. */
  function sync(folders: readonly string[]): void {
    if (closed || options.events === false) return;
    const wanted = new Set(folders);
    for (const [folder, watcher] of watchers) {
      if (!wanted.has(folder)) {
        watcher.close();
        watchers.delete(folder);
      }
    }
    for (const folder of wanted) {
      if (watchers.has(folder)) continue;
      try {
        const watcher = watch(join(dir, folder), { persistent: false }, (_event, name) => {
          // Hidden files (editor swap files, .git) never hold articles.
          if (typeof name === 'string' && name.startsWith('.')) return;
          schedule();
        });
        watcher.on('error', () => {
          watcher.close();
          if (watchers.get(folder) === watcher) watchers.delete(folder);
          schedule(); // the folder went away or changed: look again
        });
        watchers.set(folder, watcher);
      } catch (error) {
        if (!warned) {
          warned = true;
          log(
            `dateline: cannot watch ${join(dir, folder)} (${errorCode(error)}); checking the store every ${pollMs} ms`,
          );
        }
      }
    }
  }

  async function changed(): Promise<void> {
    if (closed) return;
    try {
      await options.onChange();
    } catch (error) {
      log(`dateline: reload failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const read = options.lastRead();
    if (read) sync(read.folders);
  }

  function schedule(): void {
    if (closed) return;
    const now = Date.now();
    if (timer === undefined) firstEvent = now;
    else clearTimeout(timer);
    const wait = Math.max(0, Math.min(debounceMs, firstEvent + maxWaitMs - now));
    timer = setTimeout(() => {
      timer = undefined;
      void changed();
    }, wait);
    timer.unref?.();
  }

  function poll(): void {
    if (polling || closed) return;
    polling = true;
    walk(dir, async () => {})
      .then(
        (scan) => {
          unreadable = false;
          sync(scan.folders);
          // A change after the latest read's lstat calls shows here as a different listing.
          return scan.listing !== options.lastRead()?.listing ? changed() : undefined;
        },
        () => {
          // The store cannot be read: the reload reports it, once, until it can be again.
          if (unreadable) return;
          unreadable = true;
          return changed();
        },
      )
      .catch(() => {})
      .finally(() => (polling = false));
  }

  sync(options.lastRead()?.folders ?? ['']);
  const interval = setInterval(poll, pollMs);
  interval.unref?.();

  return {
    close() {
      closed = true;
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
      clearInterval(interval);
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}

type WalkEntry =
  | { kind: 'entry'; stats: Stats }
  | { kind: 'link'; stats: Stats }
  | { kind: 'unreadable-folder'; code: string };

/**
 * Visits every non-hidden entry under `dir` (lstat: links are entries, never followed), the
 * entries of a folder all at once: under load the file-system calls wait in libuv's thread
 * pool behind compression work, and one wait for many calls beats many waits in a row.
 * Returns the listing of what it saw (see listStore) and every folder.
 */
async function walk(
  dir: string,
  visit: (path: string, entry: WalkEntry) => Promise<void>,
): Promise<{ listing: string; folders: string[] }> {
  const lines: string[] = [];
  const folders = [''];
  async function walkFolder(relativePath: string): Promise<void> {
    let names: string[];
    try {
      names = await readdir(join(dir, relativePath));
    } catch (error) {
      if (!relativePath) throw error; // the store itself: the caller decides
      const code = errorCode(error);
      if (code === 'ENOENT') return; // removed meanwhile
      lines.push(`${relativePath}\0unreadable`);
      await visit(relativePath, { kind: 'unreadable-folder', code });
      return;
    }
    await Promise.all(
      names.map(async (name) => {
        if (name.startsWith('.')) return;
        const path = relativePath ? `${relativePath}/${name}` : name;
        let stats: Stats;
        try {
          stats = await lstat(join(dir, path));
        } catch {
          return; // removed meanwhile
        }
        if (stats.isDirectory()) {
          folders.push(path);
          return walkFolder(path);
        }
        const link = stats.isSymbolicLink();
        if (link || isArticlePath(path)) {
          const s = stats;
          lines.push(`${path}\0${kindOf(s)}\0${s.size}\0${s.ctimeMs}\0${s.mtimeMs}\0${s.ino}`);
        }
        return visit(path, { kind: link ? 'link' : 'entry', stats });
      }),
    );
  }
  await walkFolder('');
  return { listing: lines.sort().join('\n'), folders: folders.sort() };
}

/** Runs at most `size` of the given tasks at once. */
function limiter(size: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await task();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

/** The report for a symbolic link, or undefined for a link that is no concern of the store. */
async function describeLink(
  full: string,
  root: string,
  namedLikeArticle: boolean,
): Promise<string | undefined> {
  const target = await readlink(full).catch(() => '?');
  const resolved = await realpath(full).catch(() => undefined);
  if (resolved === undefined) {
    return namedLikeArticle
      ? `a symbolic link to nothing ('${target}'); links are never followed: remove it`
      : undefined;
  }
  const isFolder = await lstat(resolved).then(
    (s) => s.isDirectory(),
    () => false,
  );
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

/**
 * Reads at most MAX_ARTICLE_BYTES + 1 bytes, without following a link (O_NOFOLLOW) and
 * without blocking on a FIFO (O_NONBLOCK). `{}` when the file vanished meanwhile.
 */
async function readBounded(full: string): Promise<{ bytes: Uint8Array } | { problem?: string }> {
  let handle;
  try {
    handle = await open(full, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return {};
    if (code === 'ELOOP') return { problem: 'a symbolic link; links are never followed' };
    return { problem: `the file cannot be read (${code}); check its permissions` };
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      return { problem: `not a regular file (${kindOf(stats)}); an article is a plain text file` };
    }
    // Sized by fstat, grown (up to the limit and one byte more) if the file grows meanwhile.
    let buffer = new Uint8Array(Math.min(stats.size, MAX_ARTICLE_BYTES) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > MAX_ARTICLE_BYTES) break;
        const bigger = new Uint8Array(Math.min(length * 2, MAX_ARTICLE_BYTES + 1));
        bigger.set(buffer);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > MAX_ARTICLE_BYTES) return { problem: tooBigMessage(Math.max(length, stats.size)) };
    return { bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { problem: `the file cannot be read (${errorCode(error)}); check its permissions` };
  } finally {
    await handle.close().catch(() => {});
  }
}

function kindOf(stats: Stats): string {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'folder';
  if (stats.isSymbolicLink()) return 'symbolic link';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'unknown type';
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'error';
}
