// UTF-8 bytes for the render path. `TextEncoder.encodeInto` into one reused buffer and a
// copy of what was written is faster than `encode()` on Node 20 for feed items, most of them
// two-byte strings since bodies hold Arabic (docs/performance.md): `encode()` measures the
// string before it writes and allocates. Web APIs only, so Workers run the same code.

/** Strings, and bytes copied as they are, to be encoded one after the other. */
export type Parts = readonly (string | Uint8Array)[];

/**
 * The texts one after the other in one new buffer, and a view of it for each text. A text's
 * strings are encoded, its bytes copied as they are (an article's body, made once:
 * `contentUtf8`). One allocation for them all: allocating an ArrayBuffer costs far more
 * than filling it on Node 20 (docs/performance.md).
 */
export function encodeJoined(texts: readonly Parts[]): {
  joined: Uint8Array<ArrayBuffer>;
  views: Uint8Array<ArrayBuffer>[];
} {
  // A UTF-16 code unit takes at most 3 bytes in UTF-8 (a surrogate pair, two units, takes 4).
  let room = 0;
  for (const parts of texts) {
    for (const part of parts) room += typeof part === 'string' ? part.length * 3 : part.length;
  }
  if (scratch.length < room && room <= MAX_SCRATCH) {
    scratch = new Uint8Array(Math.max(room, scratch.length * 2));
  }
  // Not worth keeping a buffer that big: one for this time only.
  const into = scratch.length < room ? new Uint8Array(room) : scratch;
  const ends: number[] = [];
  let at = 0;
  for (const parts of texts) {
    for (const part of parts) {
      if (typeof part === 'string') {
        at += encoder.encodeInto(part, into.subarray(at)).written;
      } else {
        into.set(part, at);
        at += part.length;
      }
    }
    ends.push(at);
  }
  const joined = into.slice(0, at);
  return { joined, views: ends.map((end, i) => joined.subarray(ends[i - 1] ?? 0, end)) };
}

/** A page is a few hundred KB; a bigger text is encoded into a buffer of its own. */
const MAX_SCRATCH = 1024 * 1024;

const encoder = new TextEncoder();
let scratch = new Uint8Array(64 * 1024);
