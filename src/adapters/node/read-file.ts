// The Node adapter of the article store: reading one file, bounded, into shared blocks.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  type Stats,
} from 'node:fs';
import { attempt, changedAtOf, errorCode, kindOf, stampOf } from './walk.ts';
import { MAX_ARTICLE_BYTES, tooBigMessage } from '../../content/text.ts';

/**
 * Where read bytes go.
 * - 'blocks': blocks of 64 KiB, doubling up to 4 MiB, each file a view of one. Allocating an
 *   ArrayBuffer a file cost more than the read itself (docs/performance.md); a block costs
 *   that for a thousand files. A block lives while any view of it does.
 * - 'exact': a buffer of its own size per file, for reads that keep a few files (a reload),
 *   so that one kept file never pins a block of others.
 * - 'batch': one block of BATCH bytes, reused: the reader loads what it holds and calls
 *   `rewind()` when it has less than a file's worth of room left. For a reader that keeps
 *   nothing of the bytes it loads (see readStore): memory the kernel has faulted in already,
 *   where fresh blocks for a large store cost seconds of page faults on the benchmark's
 *   virtual machine. Reading a batch, then loading it, also beats loading each file as it is
 *   read: system calls made between parsing ran far slower there (docs/performance.md).
 */
export class Slabs {
  static readonly FIRST = 64 * 1024;
  static readonly LARGEST = 4 * 1024 * 1024;
  static readonly BATCH = 8 * 1024 * 1024;
  #block = new Uint8Array(0);
  #used = 0;
  #next = Slabs.FIRST;

  constructor(private readonly mode: 'blocks' | 'exact' | 'batch' = 'blocks') {
    if (mode === 'batch') this.#block = new Uint8Array(Slabs.BATCH);
  }

  /** Bytes left in the current block. */
  get left(): number {
    return this.#block.length - this.#used;
  }

  /** Starts the current block over: every view taken of it so far is to be overwritten. */
  rewind(): void {
    this.#used = 0;
  }

  /** Free space for at least `size` bytes, at the next free byte of a block. */
  room(size: number): Uint8Array {
    if (this.#block.length - this.#used < size) {
      this.#block = new Uint8Array(this.mode === 'exact' ? size : Math.max(this.#next, size));
      this.#used = 0;
      this.#next = Math.min(this.#next * 2, Slabs.LARGEST);
    }
    return this.#block.subarray(this.#used);
  }

  /** Keeps the first `length` bytes of the last room. */
  take(length: number): Uint8Array {
    const bytes = this.#block.subarray(this.#used, this.#used + length);
    this.#used += length;
    return bytes;
  }
}

/**
 * Files read into a 'batch' Slabs, each handed to `loadOne` before the buffer is used again:
 * when less than a file's worth of room is left (and at `flush()`). The one rule a first read
 * depends on: a file's bytes are loaded (and written to the database) before they are
 * overwritten.
 */
export class LoadBatch<T> {
  #waiting: T[] = [];
  constructor(
    private readonly slabs: Slabs,
    private readonly loadOne: (entry: T) => void,
  ) {}

  add(entry: T): void {
    this.#waiting.push(entry);
    if (this.slabs.left <= MAX_ARTICLE_BYTES) this.flush();
  }

  flush(): void {
    for (const entry of this.#waiting) this.loadOne(entry);
    this.#waiting.length = 0;
    this.slabs.rewind();
  }
}

/** A file's bytes, with the stamp of the open file and when it last changed (ms). */
export interface FileRead {
  bytes: Uint8Array;
  stamp: string;
  changedAt: number;
}

function stampsOf(stats: Stats): { stamp: string; changedAt: number } {
  return { stamp: stampOf(stats), changedAt: changedAtOf(stats) };
}

/**
 * Reads at most MAX_ARTICLE_BYTES + 1 bytes, without following a link (O_NOFOLLOW) and
 * without blocking on a FIFO (O_NONBLOCK), with the stamp of the open file. `{}` when the
 * file vanished meanwhile.
 */
export function readBounded(full: string, slabs: Slabs): FileRead | { problem?: string } {
  let fd: number;
  try {
    fd = openSync(full, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return {};
    if (code === 'ELOOP') return { problem: 'a symbolic link; links are never followed' };
    return { problem: `the file cannot be read (${code}); check its permissions` };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      return { problem: `not a regular file (${kindOf(stats)}); an article is a plain text file` };
    }
    // Too big by fstat: reported unread (a first read of the store comes here without an lstat).
    if (stats.size > MAX_ARTICLE_BYTES) return { problem: tooBigMessage(stats.size) };
    // Room for the size fstat gave and one byte more, to see the file grow meanwhile.
    const want = Math.min(stats.size, MAX_ARTICLE_BYTES) + 1;
    const room = slabs.room(want);
    let length = 0;
    for (;;) {
      const bytesRead = readSync(fd, room, length, want - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === want) return readGrown(fd, room.subarray(0, length), stats.size);
      // All fstat promised, and the read asked for one byte more: the file ends here. No
      // second read to hear it from a zero.
      if (length >= stats.size) break;
    }
    return { bytes: slabs.take(length), ...stampsOf(stats) };
  } catch (error) {
    return { problem: `the file cannot be read (${errorCode(error)}); check its permissions` };
  } finally {
    attempt(() => closeSync(fd));
  }
}

/**
 * readBounded for an article file: a file not read (gone meanwhile, or reported) comes with
 * the stamp lstat gives it now, for the store's listing ('' when it is gone).
 */
export function readArticleFile(
  full: string,
  slabs: Slabs,
): FileRead | { problem?: string; stamp: string } {
  const read = readBounded(full, slabs);
  return 'bytes' in read ? read : { ...read, stamp: attempt(() => stampOf(lstatSync(full))) ?? '' };
}

/** The rest of a file that grew while it was read, up to the limit and one byte more. */
function readGrown(fd: number, start: Uint8Array, size: number): FileRead | { problem: string } {
  let buffer = new Uint8Array(Math.min(start.length * 2, MAX_ARTICLE_BYTES + 1));
  buffer.set(start);
  let length = start.length;
  while (length <= MAX_ARTICLE_BYTES) {
    if (length === buffer.length) {
      const bigger = new Uint8Array(Math.min(length * 2, MAX_ARTICLE_BYTES + 1));
      bigger.set(buffer);
      buffer = bigger;
    }
    const bytesRead = readSync(fd, buffer, length, buffer.length - length, length);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  if (length > MAX_ARTICLE_BYTES) return { problem: tooBigMessage(Math.max(length, size)) };
  return { bytes: buffer.subarray(0, length), ...stampsOf(fstatSync(fd)) };
}
