// The Node adapter's saved index: what loading each file of the store gave, kept on disk
// beside the file's stamp, so that a restart loads again only the files changed since.
// Astro's content layer does the same with its data store; a newsroom's archive of 100k
// articles takes seconds to parse, and a deploy or a crash should not cost that.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { loaderDigest } from './fs-loader-digest.ts';
import { rereadIn, type Kept, type StoreRead } from './fs-store.ts';
import type { LoadOptions } from './load-article.ts';
import { IndexReader, IndexWriter } from './saved-index.ts';
import { TextPack } from './text-pack.ts';

/** Bump when the shape of a saved line changes (the code digest covers everything else). */
const FORMAT = 'dateline-index/1';
/** Lines written between two turns of the event loop. */
const LINES_PER_TURN = 1_000;

export interface IndexCache {
  /** The saved read, fit to be readStore's `previous`; undefined when none fits this code and config. */
  restore(): Pick<StoreRead, 'stamps' | 'startedAt'> | undefined;
  /**
   * Saves `read` (unless it read no file and no save is waiting): at once the first time,
   * then at most once every `minIntervalMs` (or 50 times the last write, if longer), the
   * latest read only. Resolves once it is saved; a failure to write is no error (the next
   * start loads in full).
   */
  save(read: StoreRead): Promise<void>;
}

/**
 * A saved index at `file` for the store folder `dir`, loaded with `options`. It is used only
 * by the very same loader, config and runtime: its key digests the loader's code and the lock
 * file (a parser change must not serve old parses), the time-zone data's version (a new
 * rule moves datelines), the options and the folder. A restored file is trusted by the rule
 * readStore applies to any previous read: same stamp, and old already when it was read.
 * Anything wrong with the file (missing, another key, damaged) means no index: a full load.
 */
export function createIndexCache(
  file: string,
  dir: string,
  options: LoadOptions,
  { minIntervalMs = 60_000 } = {},
): IndexCache {
  const key = cacheKey(dir, options);
  let waiting: StoreRead | undefined;
  let saving: Promise<void> | undefined;
  let savedAt = -Infinity;
  let writeMs = 0;
  async function drain(): Promise<void> {
    while (waiting) {
      // Writing a large store's index takes seconds (in slices; docs/performance.md): not
      // after every edit, and at most a fiftieth of the time (2 %), so a newsroom editing all
      // day does not pay a core for it.
      const wait = savedAt + Math.max(minIntervalMs, 50 * writeMs) - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait).unref());
      const read = waiting;
      waiting = undefined;
      const begun = performance.now();
      await write(file, key!, options.siteUrl, read).catch(() => {});
      writeMs = performance.now() - begun;
      savedAt = Date.now();
    }
    saving = undefined;
  }
  return {
    restore: () => (key ? attemptRestore(file, dir, key, options.siteUrl) : undefined),
    save(read) {
      if (key && (read.reads > 0 || waiting)) {
        waiting = read; // a later read supersedes a waiting one: it is the store as it is now
        saving ??= drain();
      }
      return saving ?? Promise.resolve();
    },
  };
}

function cacheKey(dir: string, options: LoadOptions): string | undefined {
  const loader = loaderDigest();
  if (!loader) return undefined; // not run from its sources: no way to tell a parser change
  const { siteUrl, timeZone, bodies = 'on-first-use' } = options;
  return createHash('sha256')
    .update(JSON.stringify([FORMAT, resolve(dir), siteUrl, timeZone, bodies, loader]))
    .digest('hex');
}

async function write(file: string, key: string, siteUrl: string, read: StoreRead): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await removeOrphans(file);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      const writer = new IndexWriter(siteUrl);
      let lines = [JSON.stringify({ format: FORMAT, key, startedAt: read.startedAt })];
      for (const [path, { stamp, loaded }] of read.stamps) {
        lines.push(...writer.lines(path, stamp, loaded));
        if (lines.length >= LINES_PER_TURN) {
          await handle.write(lines.join('\n') + '\n');
          lines = [];
        }
      }
      await handle.write(lines.join('\n') + '\n');
    } finally {
      await handle.close();
    }
    // Atomic on one file system: a reader sees the old index or the new one, never half.
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }); // a full disk leaves no half-written file behind
    throw error;
  }
}

/**
 * Removes the temporary files of writers that died mid-write (killed, or the machine went
 * down): `<file>.<pid>.tmp` whose process is gone. A live writer's file is left alone.
 */
async function removeOrphans(file: string): Promise<void> {
  const prefix = `${basename(file)}.`;
  const names = await readdir(dirname(file)).catch(() => [] as string[]);
  for (const name of names) {
    const pid = name.startsWith(prefix)
      ? /^(\d+)\.tmp$/.exec(name.slice(prefix.length))?.[1]
      : undefined;
    if (pid !== undefined && Number(pid) !== process.pid && !isRunning(Number(pid))) {
      await rm(join(dirname(file), name), { force: true });
    }
  }
}

/** Whether process `pid` exists (signal 0 tests it; EPERM means it exists as someone else's). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

function attemptRestore(
  file: string,
  dir: string,
  key: string,
  siteUrl: string,
): Pick<StoreRead, 'stamps' | 'startedAt'> | undefined {
  // A restore loads every article at once: their summaries share blocks (text-pack.ts).
  const reader = new IndexReader(siteUrl, new TextPack());
  const reread = rereadIn(dir);
  const stamps = new Map<string, Kept>();
  let startedAt: number | undefined;
  try {
    for (const line of linesOf(file)) {
      if (startedAt === undefined) {
        const header = JSON.parse(line) as { format?: string; key?: string; startedAt?: number };
        if (header.format !== FORMAT || header.key !== key) return undefined;
        if (typeof header.startedAt !== 'number') return undefined;
        startedAt = header.startedAt;
        continue;
      }
      const saved = reader.read(line, reread);
      if (saved) stamps.set(saved.path, { stamp: saved.stamp, loaded: saved.loaded });
    }
  } catch {
    return undefined; // missing or damaged: as if there were none
  }
  return startedAt === undefined ? undefined : { stamps, startedAt };
}

/**
 * The lines of a file, read 64 KiB at a time into one buffer. A large index read whole is
 * its size in bytes and twice that as a string, all fresh memory the kernel must fault in,
 * and so are chunks of 256 KiB or more (V8 gives each such string pages of its own); in
 * 64 KiB chunks it decodes several times as fast (docs/performance.md).
 */
function* linesOf(file: string): Generator<string> {
  const fd = openSync(file, 'r');
  try {
    let chunk = new Uint8Array(64 * 1024);
    // Whole lines only are decoded (no streaming decoder: Node's is several times slower).
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let filled = 0;
    for (;;) {
      const length = readSync(fd, chunk, filled, chunk.length - filled, null);
      filled += length;
      const end = length === 0 ? filled : chunk.lastIndexOf(0x0a, filled - 1) + 1;
      if (end === 0 && filled === chunk.length) {
        const bigger = new Uint8Array(chunk.length * 2); // a line longer than a chunk
        bigger.set(chunk);
        chunk = bigger;
        continue;
      }
      for (const line of decoder.decode(chunk.subarray(0, end)).split('\n')) if (line) yield line;
      chunk.copyWithin(0, end, filled);
      filled -= end;
      if (length === 0) return;
    }
  } finally {
    closeSync(fd);
  }
}
