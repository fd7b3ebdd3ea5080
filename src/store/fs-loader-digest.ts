// The Node adapter's digest of the loader: what turns files into articles. Whatever is kept
// between runs and made by the loader (the saved index, the helper thread's script) is used
// only under the same digest.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The folders of src/ whose code turns files into articles: the digest covers them. */
export const LOADER_FOLDERS = ['store', 'time'];

/** Computed once a process: the digest of the code this process runs. */
let digest: string | undefined | null = null;

/**
 * A digest of the loader's code (src/store and src/time, which import nothing else of src/:
 * a test holds them to it), the packages it uses (their versions are in the lock file) and
 * the runtime (Node, V8, ICU, the time-zone data and Unicode versions). A deploy that changes
 * rendering or HTTP code keeps it; one that touches the loader does not. Undefined when not
 * run from the sources: a parser change could not be told.
 */
export function loaderDigest(): string | undefined {
  // Asked for by the saved index and by the helper's script at start-up: read and hashed once.
  if (digest === null) digest = digestSources();
  return digest;
}

function digestSources(): string | undefined {
  const hash = createHash('sha256');
  const { node, v8, icu, tz, unicode } = process.versions;
  hash.update(JSON.stringify([node, v8, icu, tz, unicode]));
  try {
    const src = new URL('../', import.meta.url).pathname;
    for (const folder of LOADER_FOLDERS) {
      for (const path of sourceFiles(join(src, folder))) {
        hash.update(relative(src, path)).update(readFileSync(path));
      }
    }
    hash.update(readFileSync(join(src, '../package-lock.json')));
  } catch {
    return undefined;
  }
  return hash.digest('hex');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? sourceFiles(path) : entry.isFile() ? [path] : [];
    });
}
