// The Node adapter of the article store, its listing half: what is in the store folder, seen
// with lstat only. read-store.ts reads the files it finds; watch.ts compares listings.
import { lstatSync, readdirSync, type Dirent, type Stats } from 'node:fs';
import { join } from 'node:path';
import { isArticlePath } from '../../content/load-article.ts';

export type WalkEntry =
  | { kind: 'entry'; stats: Stats }
  | { kind: 'link'; stats: Stats }
  | { kind: 'unreadable-folder'; code: string };

export interface Walked {
  /**
   * One line per article file and link (path and stamp), sorted; '' when the walk was asked
   * for the fingerprint only. A reload of a few folders takes the others' lines from it.
   */
  listing: string;
  /** A digest of the same lines in any order, what the poll compares (see Fingerprint). */
  fingerprint: string;
  /** Every folder of the store, '' for the store itself, sorted. */
  folders: string[];
}

/**
 * An order-free digest of listing lines: their count and, per line, two 32-bit FNV-1a
 * hashes (offset bases apart), each summed modulo 2^32. A line that changes, comes or goes
 * changes the sums but for odds of about 2^-64. The poll of a store compares this instead
 * of the listing: a pass over 100k files then keeps no line past its hashing, where a
 * listing is 100k lines kept, sorted and joined into megabytes, all promoted to the old
 * generation of a serving process before the pass ends.
 */
export class Fingerprint {
  #count = 0;
  #a = 0;
  #b = 0;

  add(line: string): void {
    let a = 0x811c9dc5;
    let b = 0x01000193;
    for (let i = 0; i < line.length; i += 1) {
      const unit = line.charCodeAt(i);
      a = Math.imul(a ^ unit, 0x01000193);
      b = Math.imul(b ^ unit, 0x5bd1e995);
    }
    this.#count += 1;
    this.#a = (this.#a + a) >>> 0;
    this.#b = (this.#b + b) >>> 0;
  }

  toString(): string {
    return `${this.#count}:${this.#a.toString(16)}:${this.#b.toString(16)}`;
  }
}

/**
 * Longest stretch of file-system calls between two turns of the event loop. The calls are
 * synchronous: on a local disk, with the page cache warm, one costs a few microseconds, and
 * the same work through libuv's thread pool costs several times more wall time (measured by
 * `npm run bench`: docs/performance.md). Yielding every few milliseconds keeps a server
 * answering while the store is walked.
 */
const SLICE_MS = 4;

/** Gives the event loop a turn when the current slice of synchronous work is spent. */
function createYielder(): () => Promise<void> | undefined {
  let sliceStart = performance.now();
  return () => {
    if (performance.now() - sliceStart < SLICE_MS) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        sliceStart = performance.now();
        resolve();
      }),
    );
  };
}

/**
 * What an earlier walk saw of one folder, for `walk` to take as it is: the listing lines of
 * its entries, and its subfolders (each walked, or kept, in turn).
 */
export interface KeptFolder {
  lines: readonly string[];
  folders: readonly string[];
}

/**
 * Visits every non-hidden entry under `dir` (lstat: links are entries, never followed), in
 * path order, and returns the listing of what it saw and every folder. A folder that cannot
 * be read is an entry of its own; only the store folder itself being unreadable rejects.
 *
 * With `readFile`, an article file the folder listing already shows to be a regular file
 * is handed to it instead of being visited, without an lstat: it opens the file anyway, and
 * returns the stamp fstat gave it for the listing. One system call less a file.
 *
 * With `keep`, a folder it returns something for is neither read nor visited (see KeptFolder).
 *
 * With `fingerprintOnly`, the lines are hashed and dropped: the listing comes back empty.
 */
export async function walk(
  dir: string,
  visit: (path: string, entry: WalkEntry) => void | Promise<void>,
  readFile?: (path: string) => string,
  keep?: (folder: string) => KeptFolder | undefined,
  fingerprintOnly = false,
): Promise<Walked> {
  const yieldNow = createYielder();
  const lines: string[] = [];
  const fingerprint = new Fingerprint();
  const see = (line: string): void => {
    fingerprint.add(line);
    if (!fingerprintOnly) lines.push(line);
  };
  const folders = [''];
  async function walkFolder(relativePath: string): Promise<void> {
    // A folder known not to have changed is not read again: what was seen of it stands.
    const kept = keep?.(relativePath);
    if (kept) {
      for (const line of kept.lines) see(line);
      for (const folder of kept.folders) {
        folders.push(folder);
        await walkFolder(folder);
      }
      return;
    }
    let entries: Dirent[];
    try {
      entries = readdirSync(join(dir, relativePath), { withFileTypes: true });
    } catch (error) {
      if (!relativePath) throw error; // the store itself: the caller decides
      const code = errorCode(error);
      if (code === 'ENOENT') return; // removed meanwhile
      see(`${relativePath}\0unreadable`);
      await visit(relativePath, { kind: 'unreadable-folder', code });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const dirent of entries) {
      const turn = yieldNow(); // awaited only when due: an await a file slowed a large walk
      if (turn) await turn;
      const name = dirent.name;
      if (name.startsWith('.')) continue;
      // Joined, as are the listing's lines: one flat string where a template literal keeps
      // its pieces (V8 cons strings), for every file of a large store to carry through a load.
      const path = relativePath ? [relativePath, name].join('/') : name;
      // The folder listing's type, when the file system gives one (else all three are false).
      if (dirent.isDirectory()) {
        folders.push(path);
        await walkFolder(path);
        continue;
      }
      if (dirent.isFile()) {
        if (!isArticlePath(path)) continue;
        if (readFile) {
          see([path, readFile(path)].join('\0'));
          continue;
        }
      }
      let stats: Stats;
      try {
        stats = lstatSync(join(dir, path));
      } catch {
        continue; // removed meanwhile
      }
      if (stats.isDirectory()) {
        folders.push(path);
        await walkFolder(path);
        continue;
      }
      const link = stats.isSymbolicLink();
      if (link || isArticlePath(path)) see([path, stampOf(stats)].join('\0'));
      await visit(path, { kind: link ? 'link' : 'entry', stats });
    }
  }
  await walkFolder('');
  return {
    listing: lines.sort().join('\n'),
    fingerprint: fingerprint.toString(),
    folders: folders.sort(),
  };
}

/**
 * What says a file changed: type, size, ctime, mtime and inode. Times detect changes
 * here; they never date an article.
 */
export function stampOf(stats: Stats): string {
  // Joined, not a template: the same text as one flat string, where a template literal keeps
  // its pieces (V8 cons strings): 12 objects and 350 bytes a file, kept by every article.
  return [kindOf(stats), stats.size, stats.ctimeMs, stats.mtimeMs, stats.ino].join('\0');
}

/** When a file last changed, by its own times (ms): what the racy-timestamp rule looks at. */
export function changedAtOf(stats: Stats): number {
  return Math.max(stats.mtimeMs, stats.ctimeMs);
}

/**
 * Timestamps of some file systems count whole seconds (two on FAT). A file changed less than
 * this long before a read may change again with the same stamp, so it is read again next
 * time whatever its stamp says (git's "racy timestamp" rule).
 */
const TIMESTAMP_SLACK_MS = 2_000;

/** Whether a file that changed at `changedAt` was settled when read at `readAt`: its stamp then vouches for its bytes. */
export function settled(changedAt: number, readAt: number): boolean {
  return readAt - changedAt > TIMESTAMP_SLACK_MS;
}

export function kindOf(stats: Stats): string {
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

/** The value of `call`, or undefined if it throws (a file gone, a link to nowhere). */
export function attempt<T>(call: () => T): T | undefined {
  try {
    return call();
  } catch {
    return undefined;
  }
}
