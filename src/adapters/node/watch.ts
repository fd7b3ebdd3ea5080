// The Node adapter of the article store, its second half: telling the store when its files
// change. (read-store.ts reads them.)
import { realpathSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { listStore, type StoreRead } from './read-store.ts';
import { errorCode } from './walk.ts';

export interface StoreWatcher {
  close(): void;
}

export interface WatchOptions {
  /**
   * Reloads the store (with readStore). Given the folders whose watchers saw a change since
   * the last call (new folders included), only they need a look (readStore's `only`);
   * undefined means anything may have changed (the poll saw it, or a folder is not watched).
   * Calls may overlap; the store serializes them.
   */
  onChange: (folders?: ReadonlySet<string>) => Promise<unknown>;
  /** What the latest read of the store saw (readStore's fingerprint and folders). */
  lastRead: () => Pick<StoreRead, 'fingerprint' | 'folders'> | undefined;
  /** Quiet time after a file-system event before reloading. Default 100 ms. */
  debounceMs?: number;
  /** Longest wait after the first event of a burst. Default 500 ms. */
  maxWaitMs?: number;
  /**
   * Interval of the fallback comparison of the store's fingerprint (listStore). Default
   * 1000 ms; longer for a store so large that a pass takes long (see nextPollDelay).
   */
  pollMs?: number;
  /** Use file-system events (default true); false leaves the poll alone, as on a network mount. */
  events?: boolean;
  log?: (message: string) => void;
}

/**
 * How long the next poll waits, given how long the last pass took. While every folder has a
 * watcher the poll only backs them up (inotify can drop events when its queue overflows): at
 * least ten times `pollMs`, and 50 times the pass, so it takes at most 2 % of a core
 * (polling every second, or four times the pass, kept much of a core busy on an idle server
 * with a large store: docs/performance.md).
 * Without events it is the only way edits are seen: every `pollMs`, or four times the pass, a
 * fifth of a core.
 */
export function nextPollDelay(pollMs: number, passMs: number, watchingAll: boolean): number {
  return watchingAll ? Math.max(10 * pollMs, 50 * passMs) : Math.max(pollMs, 4 * passMs);
}

/**
 * Calls `onChange` soon after anything under `dir` changes: one fs.watch per folder (inotify
 * on Linux) with a debounce, telling which folders changed, and, in case an event is missed
 * (a network file system, a watcher that failed or could not be made, a full inotify queue),
 * a poll that compares the store's fingerprint (listStore) with what the latest read saw (how
 * often: nextPollDelay).
 * Edits show within about 0.1 s by events; by the poll alone, within `pollMs` on a small
 * store.
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
  let started = false;
  /** Whether the latest sync gave every folder a watcher: then events see every change. */
  let watchingAll = false;
  /** Folders whose watchers saw a change since the last onChange, or everything. */
  let dirty = new Set<string>();
  let everything = false;

  /** Watches exactly the folders that exist now. */
  function sync(folders: readonly string[]): void {
    if (closed || options.events === false) return;
    const wanted = new Set(folders);
    let added = false;
    for (const [folder, watcher] of watchers) {
      if (!wanted.has(folder)) {
        watcher.close();
        watchers.delete(folder);
      }
    }
    for (const folder of wanted) {
      if (watchers.has(folder)) continue;
      try {
        const watcher = watch(join(dir, folder), { persistent: false }, (event, name) => {
          // Hidden files (editor swap files, .git) never hold articles.
          if (typeof name === 'string' && name.startsWith('.')) return;
          dirty.add(folder);
          // A subfolder made, removed or renamed: a watcher on the old one watches nothing
          // now, and sync makes a new one.
          const child = typeof name === 'string' ? (folder ? `${folder}/${name}` : name) : '';
          if (event === 'rename' && watchers.has(child)) {
            watchers.get(child)?.close();
            watchers.delete(child);
          }
          schedule();
        });
        watcher.on('error', () => {
          watcher.close();
          if (watchers.get(folder) === watcher) watchers.delete(folder);
          watchingAll = false;
          everything = true;
          schedule(); // the folder went away or changed: look again
        });
        watchers.set(folder, watcher);
        if (started) dirty.add(folder);
        added = true;
      } catch (error) {
        if (!warned) {
          warned = true;
          log(
            `dateline: cannot watch ${join(dir, folder)} (${errorCode(error)}); checking the store every ${pollMs} ms`,
          );
        }
      }
    }
    watchingAll = watchers.size === wanted.size;
    // A file written into a new folder after the read that found the folder, but before its
    // watcher began, gave no event: one more reload (which reads only what changed) sees it.
    if (added && started) schedule();
  }

  async function changed(all: boolean): Promise<void> {
    if (closed) return;
    const folders = all || everything || !watchingAll ? undefined : dirty;
    dirty = new Set();
    everything = false;
    try {
      await options.onChange(folders);
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
      void changed(false);
    }, wait);
    timer.unref?.();
  }

  function poll(): void {
    if (polling || closed) return;
    polling = true;
    const begun = performance.now();
    listStore(dir)
      .then(
        (scan) => {
          unreadable = false;
          sync(scan.folders);
          // A change after the latest read's lstat calls shows here as a different fingerprint.
          return scan.fingerprint !== options.lastRead()?.fingerprint ? changed(true) : undefined;
        },
        () => {
          // The store cannot be read: the reload reports it, once, until it can be again.
          if (unreadable) return;
          unreadable = true;
          return changed(true);
        },
      )
      .catch(() => {})
      .finally(() => {
        polling = false;
        // A pass over a large store takes a while (100k files: about two seconds of lstat
        // calls, on the event loop between requests).
        schedulePoll(nextPollDelay(pollMs, performance.now() - begun, watchingAll));
      });
  }

  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  function schedulePoll(wait: number): void {
    if (closed) return;
    pollTimer = setTimeout(poll, wait);
    pollTimer.unref?.();
  }

  /**
   * CONTENT_DIR may be a link swapped in place (`ln -sfn new cur.tmp && mv -T cur.tmp cur`, the
   * usual atomic deploy). A watcher follows the link once, when made, and would go on watching
   * the old tree; a watcher on the folder holding the link sees the swap (a rename of the
   * link's name), and then every watcher is let go and made anew on the tree it names now.
   */
  function watchLink(): FSWatcher | undefined {
    if (options.events === false) return undefined;
    const path = resolve(dir);
    let tree = realPath(path);
    try {
      return watch(dirname(path), { persistent: false }, (_event, name) => {
        if (closed || name !== basename(path)) return;
        // Gone (renamed away, or a link to nowhere): the reload of the poll reports it, and a
        // folder renamed back is the very tree the watchers still watch.
        const now = realPath(path);
        if (now === undefined || now === tree) return;
        tree = now;
        for (const watcher of watchers.values()) watcher.close();
        watchers.clear();
        watchingAll = false;
        everything = true;
        schedule(); // the reload reads the new tree, and its end watches that tree's folders
      }).on('error', () => {});
    } catch {
      return undefined; // the poll still sees the new tree, later
    }
  }

  sync(options.lastRead()?.folders ?? ['']);
  const linkWatcher = watchLink();
  started = true;
  schedulePoll(pollMs);

  return {
    close() {
      closed = true;
      linkWatcher?.close();
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
      if (pollTimer !== undefined) clearTimeout(pollTimer);
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}

/** Where a path leads, links followed; undefined when it leads nowhere now. */
function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
