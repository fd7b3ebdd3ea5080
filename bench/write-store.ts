// Part of `npm run bench` (bench/run.ts): the synthetic store, written to disk.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DEFAULT_SEED, syntheticArticle } from './synthetic-store.ts';

export interface Written {
  dir: string;
  generateMs: number;
  writeMs: number;
  /** The files' sizes, summed. */
  bytes: number;
  /** What they take on disk, in whole blocks, folders included (`du`); NaN without du. */
  diskBytes: number;
  /** Date.now() after the last file was written. */
  finishedAt: number;
}

/** Generates the store one article at a time (constant memory) into a new temporary folder. */
export function writeStore(size: number): Written {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-bench-'));
  const folders = new Set<string>();
  let generateMs = 0;
  let writeMs = 0;
  let bytes = 0;
  for (let i = 0; i < size; i += 1) {
    let start = performance.now();
    const { path, text } = syntheticArticle(i, DEFAULT_SEED);
    generateMs += performance.now() - start;
    start = performance.now();
    const full = join(dir, path);
    const folder = dirname(full);
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    const encoded = Buffer.from(text, 'utf8');
    writeFileSync(full, encoded);
    bytes += encoded.length;
    writeMs += performance.now() - start;
  }
  const finishedAt = Date.now();
  const du = spawnSync('du', ['-s', '-B1', dir], { encoding: 'utf8' });
  const diskBytes = Number(/^(\d+)/.exec(du.stdout ?? '')?.[1] ?? NaN);
  return { dir, generateMs, writeMs, bytes, diskBytes, finishedAt };
}
