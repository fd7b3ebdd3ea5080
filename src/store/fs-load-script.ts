// The Node adapter's helper thread as one plain JavaScript script: fs-load-worker.ts and all
// it imports, bundled by esbuild and kept in a cache folder under the loader's digest.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loaderDigest } from './fs-loader-digest.ts';

/**
 * The helper's script for the loader as it is now. Why: a helper thread that runs the
 * TypeScript sources registers tsx's module hooks in the thread and loads each source through
 * them, which takes it far more time and CPU before it loads a file than one script does; at
 * the first start of the benchmark's 100k store, on two cores, the read and index took less
 * time and less CPU with the script in every one of the alternating pairs measured
 * (docs/performance.md).
 */
export interface HelperScript {
  /** The script, if one was made for this very loader; else undefined (the sources are run). */
  cached(): string | undefined;
  /**
   * Makes the script and keeps it for the next reads (once a process: again, the same
   * promise). Never rejects: a script that cannot be made or kept is simply not there.
   */
  prepare(): Promise<void>;
}

/** The default cache folder, beside tsx's and the saved index's: node_modules/.cache/dateline. */
export const SCRIPT_FOLDER = fileURLToPath(
  new URL('../../node_modules/.cache/dateline/', import.meta.url),
);
const PREFIX = 'load-helper-';
const ENTRY = fileURLToPath(new URL('./fs-load-worker.ts', import.meta.url));

/**
 * The helper script kept in `folder` under `key` (default: the loader's digest, so that a
 * script made from other sources, packages or runtime is never run; none when there is no
 * digest).
 */
export function helperScript(
  folder = SCRIPT_FOLDER,
  key: string | undefined = loaderDigest(),
): HelperScript {
  const file = key && join(folder, `${PREFIX}${key.slice(0, 32)}.cjs`);
  let preparing: Promise<void> | undefined;
  return {
    cached() {
      if (!file) return undefined;
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
    prepare() {
      preparing ??= file ? make(folder, file).catch(() => {}) : Promise.resolve();
      return preparing;
    },
  };
}

async function make(folder: string, file: string): Promise<void> {
  // Loaded only here: a server that has its script never starts esbuild.
  const esbuild = await import('esbuild');
  try {
    const result = await esbuild.build({
      entryPoints: [ENTRY],
      bundle: true,
      // CommonJS: run with `eval` in the thread, where the packages' own require() calls work.
      format: 'cjs',
      platform: 'node',
      target: `node${process.versions.node}`,
      write: false,
      logLevel: 'silent',
    });
    const text = result.outputFiles[0]?.text;
    if (!text) return;
    mkdirSync(folder, { recursive: true });
    // Written whole, then renamed: a reader sees no script or all of it.
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, file);
    // Scripts of other loaders (an earlier deploy) go, and what a process stopped while
    // writing left (one writing now then fails to rename: no harm, this script is there).
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (name.startsWith(PREFIX) && path !== file) rmSync(path, { force: true });
    }
  } finally {
    // esbuild's service process is not needed any more.
    await esbuild.stop();
  }
}
