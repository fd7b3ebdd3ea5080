import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { LOADER_FOLDERS } from '../src/store/fs-loader-digest.ts';

const SRC = new URL('../src/', import.meta.url).pathname;
// Only the Node entries and the Node store adapter may use Node's own modules; the
// rest must run unchanged on Workers (Web APIs only).
const NODE_ONLY = new Set([
  'node.ts',
  'node-tick-shape.ts',
  'check.ts',
  'store/fs-store.ts',
  'store/fs-read.ts',
  'store/fs-walk.ts',
  'store/fs-watch.ts',
  'store/fs-index-cache.ts',
  'store/fs-loader-digest.ts',
  'store/fs-load-script.ts',
  'store/fs-load-pool.ts',
  'store/fs-load-worker.ts',
]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

it('keeps node:* imports and process to the Node entry files and the file-store adapter', () => {
  const offenders = sources(SRC)
    .map((file) => relative(SRC, file))
    .filter((file) => !NODE_ONLY.has(file))
    .filter((file) =>
      /from ['"](node:|fs|path|os|child_process)|\bprocess\.|@hono\/node-server/.test(
        readFileSync(join(SRC, file), 'utf8'),
      ),
    );
  expect(offenders).toEqual([]);
});

it('keeps the loader (src/store, src/time) free of imports from the rest of src/, as the saved index assumes', () => {
  // The saved index's key digests only these folders (src/store/fs-index-cache.ts): code
  // they imported from elsewhere could change articles without invalidating the index.
  const offenders = LOADER_FOLDERS.flatMap((folder) => sources(join(SRC, folder)))
    .map((file) => relative(SRC, file))
    .filter((file) =>
      [...readFileSync(join(SRC, file), 'utf8').matchAll(/from '(\.\.?\/[^']+)'/g)].some(
        ([, target]) => {
          const folder = relative(SRC, join(SRC, file, '..', target ?? '')).split('/')[0];
          return !LOADER_FOLDERS.includes(folder ?? '');
        },
      ),
    );
  expect(offenders).toEqual([]);
});
