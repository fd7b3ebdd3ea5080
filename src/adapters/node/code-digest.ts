// The Node adapter's digest of the code: the database's rows were made by the code with the
// same digest, else every file is read again (database.ts).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Computed once a process: the digest of the code this process runs. */
let digest: string | undefined | null = null;

/**
 * A digest of the code (every file of src/: which of them the loader uses is not a folder
 * layout's to say), the packages (their versions are in the lock file) and the runtime (Node,
 * V8, ICU, the time-zone data and Unicode versions). Any deploy that changes code makes a
 * restart read every file again, in the background, while it serves the database's version.
 * Undefined when not run from the sources.
 */
export function loaderDigest(): string | undefined {
  if (digest === null) digest = digestSources();
  return digest;
}

function digestSources(): string | undefined {
  const hash = createHash('sha256');
  const { node, v8, icu, tz, unicode } = process.versions;
  hash.update(JSON.stringify([node, v8, icu, tz, unicode]));
  try {
    const src = new URL('../', import.meta.url).pathname;
    for (const path of sourceFiles(src))
      hash.update(relative(src, path)).update(readFileSync(path));
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
