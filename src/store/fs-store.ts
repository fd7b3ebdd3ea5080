import { constants, type Stats } from 'node:fs';
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
export async function walk(
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

export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'error';
}
