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

/** How many articles of about 1.5 MB the soak's section `huge` holds. */
export const HUGE_ARTICLES = 3;

/**
 * Writes `count` (at most 40) dispatches of `paragraphs` paragraphs of about 1.5 KB each into
 * `dir/huge/`, section HUGE, tag huge, each at its own minute: one article a page of the
 * section's feeds. Shared with `npm run bench:stall`.
 */
export function writeHugeArticles(dir: string, count = HUGE_ARTICLES, paragraphs = 1000): void {
  mkdirSync(join(dir, 'huge'), { recursive: true });
  const paragraph = 'The talks went on into the night, with <b>no</b> agreement & "more" to come. ';
  for (let i = 0; i < count; i += 1) {
    const body = Array.from({ length: paragraphs }, (_, n) => `${paragraph.repeat(20)}${n}`);
    const title = `Huge dispatch ${i}`;
    const dateline = `Fri 19 Apr 2024 ${1 + (i % 11)}:${10 + i} pm - Jerusalem Time`;
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
