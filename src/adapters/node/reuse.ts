// The Node adapter's reloads of a few folders: what the last read saw of every other folder
// is taken as it is, so a reload after an edit does not look at every file of a large store.
import type { Kept, StoreRead } from './read-store.ts';
import type { KeptFolder } from './walk.ts';
import type { StoreEntry } from '../../content/load-article.ts';

interface FolderSeen extends KeptFolder {
  lines: string[];
  folders: string[];
  files: StoreEntry[];
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/**
 * For walk's `keep`: every folder of `previous` but those in `changed` and everything under
 * them (a folder deleted and made again under a changed one is a new folder, whatever its
 * name), and but those that could not be read then (read again, in case they can be now). A
 * kept folder's entries, article or report, are handed to `take` as the previous read had
 * them, the very objects.
 */
export function keepUnchanged(
  previous: StoreRead,
  changed: ReadonlySet<string>,
  take: (entry: StoreEntry, kept: Kept | undefined) => void,
): (folder: string) => KeptFolder | undefined {
  const seen = new Map<string, FolderSeen>();
  const at = (folder: string) => {
    let entry = seen.get(folder);
    if (!entry) seen.set(folder, (entry = { lines: [], folders: [], files: [] }));
    return entry;
  };
  for (const folder of previous.folders) at(folder);
  for (const folder of previous.folders)
    if (folder) seen.get(folderOf(folder))?.folders.push(folder);
  // A folder that could not be read is a line of its own (`path\0unreadable`), and a report.
  const unreadable = new Set<string>();
  for (const line of previous.listing ? previous.listing.split('\n') : []) {
    const end = line.indexOf('\0');
    // A name with a line break in it splits its line: no telling which folder is whose.
    if (end < 0) return () => undefined;
    const path = line.slice(0, end);
    if (line.endsWith('\0unreadable')) unreadable.add(path);
    else seen.get(folderOf(path))?.lines.push(line);
  }
  for (const file of previous.files) {
    if (!unreadable.has(file.path)) seen.get(folderOf(file.path))?.files.push(file);
  }
  const underChanged = (folder: string): boolean => {
    for (let f = folder; ; f = folderOf(f)) {
      if (changed.has(f)) return true;
      if (f === '') return false;
    }
  };
  return (folder) => {
    const entry = seen.get(folder);
    if (!entry || unreadable.has(folder) || underChanged(folder)) return undefined;
    for (const file of entry.files) take(file, previous.stamps.get(file.path));
    return entry;
  };
}
