import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoreFile } from './article.ts';
import { isArticlePath } from './load-article.ts';

/**
 * The Node adapter of the article store: every `.txt` and `.md` file under `dir`,
 * recursively, with store-relative `/` paths. Hidden files and folders (editor swap
 * files, `.git`) and symbolic links are not read.
 */
export async function readStoreFiles(dir: string): Promise<StoreFile[]> {
  const files: StoreFile[] = [];
  async function walk(relative: string): Promise<void> {
    const entries = await readdir(join(dir, relative), { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && isArticlePath(path)) {
        files.push({ path, bytes: new Uint8Array(await readFile(join(dir, path))) });
      }
    }
  }
  await walk('');
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
