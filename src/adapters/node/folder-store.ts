// The Node server's store: the folder read by read-store.ts, what loading made of it kept in the
// database of database.ts, and versions swapped whole by store.ts.
import type { Catalog } from '../../store/catalog.ts';
import { openStoreDatabase } from './database.ts';
import { readStore, type StoreRead } from './read-store.ts';
import type { LoadOptions } from '../../content/load-article.ts';
import { createReloadingStore, type ReloadingStore } from '../../store/store.ts';

export interface FolderStore {
  store: ReloadingStore;
  /** Where the first version came from: the database (then `reconcile` it) or the folder. */
  from: 'database' | 'folder';
  /** Set when the database file could not be used and was made anew: why, in one line. */
  notice: string | undefined;
  /** What the latest read of the folder saw (watchStore's fingerprint and folders). */
  lastRead(this: void): StoreRead | undefined;
  /**
   * Reloads; given the folders a watcher saw change, only they are looked at again. A store
   * served from its database reconciles the folder with its first reload.
   */
  reload(folders?: ReadonlySet<string>): ReturnType<ReloadingStore['reload']>;
  close(): void;
}

/**
 * Opens the store of the folder `dir` with its database `file`. A database holding a version
 * serves it at once, without reading a file; else the folder is read (a first start), written
 * to the database in one transaction, and served. Rejects when the folder cannot be read and
 * the database holds nothing.
 */
export async function openFolderStore(
  dir: string,
  file: string,
  options: LoadOptions,
): Promise<FolderStore> {
  let db = openStoreDatabase(file, dir, options);
  let restored = db.restore();
  let fromDatabase = restored !== undefined;
  let lastRead: StoreRead | undefined;
  let reading: StoreRead | undefined;
  // Folders the watchers saw change since the last read began ('all': look at everything).
  let changed: Set<string> | 'all' = 'all';

  async function readFiles() {
    if (fromDatabase) {
      fromDatabase = false;
      return restored!.files;
    }
    if (db.moved()) {
      // Deleted or replaced while serving: made anew, with every file read again. The old one
      // stays open, for the bodies of the articles served until this read is (a file deleted
      // stays readable while open); the last good version of a file broken now is served on,
      // but a restart will not find it.
      console.error(`dateline: ${file} was deleted or replaced; writing it anew from ${dir}`);
      db = openStoreDatabase(file, dir, options);
      lastRead = undefined;
      restored = undefined;
      changed = 'all';
    }
    db.begin();
    const only = lastRead && changed !== 'all' ? changed : undefined;
    changed = new Set();
    reading = await readStore(dir, lastRead ?? restored?.previous, db.load, { only });
    return reading.files;
  }

  const store = await createReloadingStore(readFiles, options, {
    clock: options.clock,
    lastGood: restored?.lastGood,
    persistence: {
      commit(catalog: Catalog) {
        if (!reading) return; // the database's own version: nothing to write
        db.commit(reading, lastRead ?? restored?.previous, catalog);
        lastRead = reading;
        reading = undefined;
        restored = undefined;
      },
      rollback() {
        db.rollback();
        reading = undefined;
        changed = 'all'; // what that read was told changed is not lost: the next looks at all
      },
    },
  }).catch((error: unknown) => {
    db.close();
    throw error;
  });

  return {
    store,
    from: lastRead ? 'folder' : 'database',
    notice: db.notice,
    lastRead: () => lastRead,
    reload(folders) {
      if (!folders) changed = 'all';
      else if (changed !== 'all') for (const folder of folders) changed.add(folder);
      return store.reload();
    },
    close: () => db.close(),
  };
}
