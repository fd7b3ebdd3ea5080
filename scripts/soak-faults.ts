// The faults `npm run soak` adds (issue 25): a section of huge articles, swaps of the content
// folder behind its symbolic link (an atomic deploy), and a restart by SIGTERM in the middle.
import {
  cpSync,
  mkdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/** How many articles of about 1.5 MB the section `huge` holds. */
export const HUGE_ARTICLES = 3;

/** Writes the huge articles into `dir/huge/`: one per page of the section's feeds. */
export function writeHugeArticles(dir: string): void {
  mkdirSync(join(dir, 'huge'), { recursive: true });
  const paragraph = 'The crossing stayed shut for a third day & trucks <queued> at "the gate". ';
  for (let i = 0; i < HUGE_ARTICLES; i += 1) {
    const body = Array.from({ length: 1000 }, (_, n) => `${paragraph.repeat(20)}${n}`);
    const title = `Huge dispatch ${i}`;
    const dateline = `Fri 19 Apr 2024 ${1 + i}:00 pm - Jerusalem Time`;
    const text = ['HUGE', '', dateline, '', title, '', body.join('\n\n'), '', 'Tags', '', 'huge'];
    writeFileSync(join(dir, 'huge', `huge-${i}.txt`), text.join('\n'));
  }
}

/**
 * The content folder as a deploy keeps it: `root/current` a link to `root/tree-0`, which holds
 * a copy of `from`. Returns the link's path, the CONTENT_DIR to serve.
 */
export function linkedStore(root: string, from: string): string {
  cpSync(from, join(root, 'tree-0'), { recursive: true });
  symlinkSync('tree-0', join(root, 'current'));
  return join(root, 'current');
}

/**
 * A deploy: the tree the link names is copied to a new one, the link swapped to it in one
 * rename (`ln -sfn new current.tmp && mv -T current.tmp current`), and the old tree removed.
 */
export function swapLinkedStore(root: string, n: number): void {
  const link = join(root, 'current');
  const old = readlinkSync(link);
  cpSync(join(root, old), join(root, `tree-${n}`), { recursive: true });
  symlinkSync(`tree-${n}`, join(root, 'current.tmp'));
  renameSync(join(root, 'current.tmp'), link);
  rmSync(join(root, old), { recursive: true, force: true });
}
