// The lines of an article file whose bytes are plainly clean text, read without decoding the
// file whole: a dispatch's parse reads its first lines and its last ones, and the body between
// them is made into HTML only when first needed (article-body.ts).
import { MAX_LINE_CHARS } from './text.ts';

/** Lines by index, as `text.split('\n')` gives them: an array, or lines decoded on demand. */
export interface Lines {
  readonly length: number;
  at(index: number): string | undefined;
}

/** Lines decoded at a time, on demand: a dispatch's parse reads one or two runs at each end. */
const CHUNK = 8;

// ignoreBOM: a run of lines after the first may start with U+FEFF (a zero-width no-break space
// in the middle of the file), which must stay, where text.ts's decoder drops a file's mark.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The lines of `bytes` when they are plainly clean text: strict UTF-8 (as TextDecoder's fatal
 * mode reads it), with no byte-order mark, no carriage return, no character XML 1.0 forbids
 * (NUL and the other C0 controls but tab and line feed; U+FFFE and U+FFFF; UTF-8 cannot write
 * a lone surrogate) and no line of more than MAX_LINE_CHARS bytes. Decoding such bytes whole,
 * cleaning and splitting them, as loadArticle does any other file, gives exactly these lines;
 * here a line is decoded only when asked for, with its neighbours. Undefined for anything
 * else: the general path then decides, and reports what is wrong.
 *
 * Why: decoding a file whole (a two-byte string: most hold Arabic), scanning it for forbidden
 * characters and splitting it takes far longer than this scan, and a dispatch loads
 * markedly faster without the garbage that made (measured on the benchmark's store:
 * docs/performance.md).
 */
export function cleanLines(bytes: Uint8Array): Lines | undefined {
  const n = bytes.length;
  if (n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return undefined;
  // The same bytes four at a time, from the first one aligned to four in their buffer: a run
  // of printable ASCII (English text, markup, digits) is checked a word at a time.
  const head = -bytes.byteOffset & 3;
  const words =
    n > head ? new Uint32Array(bytes.buffer, bytes.byteOffset + head, (n - head) >> 2) : NO_WORDS;
  const breaks: number[] = [];
  let lineStart = 0;
  let i = 0;
  while (i < n) {
    let c = bytes[i]!;
    // Printable ASCII, most bytes of most files: a word at a time where aligned.
    while (c >= 0x20 && c < 0x80) {
      if (((i - head) & 3) === 0 && i >= head) {
        i = head + 4 * printableWords(words, (i - head) >> 2);
        if (i >= n) break;
        c = bytes[i]!;
        if (c < 0x20 || c >= 0x80) break;
      }
      if (++i === n) break;
      c = bytes[i]!;
    }
    if (i >= n) break;
    if (c < 0x80) {
      if (c === 0x0a) {
        if (i - lineStart > MAX_LINE_CHARS) return undefined;
        breaks.push(i);
        lineStart = i + 1;
      } else if (c !== 0x09) return undefined;
      i += 1;
      continue;
    }
    // Two-byte sequences (Arabic, and the rest of U+0080 to U+07FF) come in runs.
    while (c >= 0xc2 && c <= 0xdf) {
      const second = bytes[i + 1];
      if (second === undefined || second < 0x80 || second > 0xbf) return undefined;
      i += 2;
      if (i === n) break;
      c = bytes[i]!;
    }
    if (i === n || c < 0x80) continue;
    // A longer sequence's length by its first byte, and the range its second byte must fall
    // in: what keeps out overlong forms, surrogates and code points past U+10FFFF (the Unicode
    // Standard's table 3-7, which the Encoding Standard's decoder follows).
    let size: number;
    let low = 0x80;
    let high = 0xbf;
    if (c >= 0xe0 && c <= 0xef) {
      size = 3;
      if (c === 0xe0) low = 0xa0;
      else if (c === 0xed) high = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      size = 4;
      if (c === 0xf0) low = 0x90;
      else if (c === 0xf4) high = 0x8f;
    } else return undefined;
    if (i + size > n) return undefined;
    const second = bytes[i + 1]!;
    if (second < low || second > high) return undefined;
    for (let k = 2; k < size; k += 1) {
      const next = bytes[i + k]!;
      if (next < 0x80 || next > 0xbf) return undefined;
    }
    // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not XML characters.
    if (c === 0xef && second === 0xbf && bytes[i + 2]! >= 0xbe) return undefined;
    i += size;
  }
  if (n - lineStart > MAX_LINE_CHARS) return undefined;
  return new ChunkedLines(bytes, breaks);
}

const NO_WORDS = new Uint32Array(0);

/**
 * The index of the first word from `w` with a byte outside printable ASCII (0x20 to 0x7F),
 * or the number of words. Per byte, `(b - 0x20) | b` has its top bit set when b < 0x20 or
 * b >= 0x80; a borrow from a lower byte can only set more top bits, so a word that passes
 * holds printable bytes only (a word that fails may not hold any other: the caller looks
 * byte by byte). Faster than going byte by byte throughout, on the benchmark's store
 * (docs/performance.md).
 */
function printableWords(words: Uint32Array, w: number): number {
  const count = words.length;
  while (w < count) {
    const x = words[w]!;
    if (((x - 0x20202020) | x) & 0x80808080) return w;
    w += 1;
  }
  return count;
}

/** Lines of clean bytes, decoded CHUNK at a time when first asked for. */
class ChunkedLines implements Lines {
  readonly length: number;
  readonly #chunks: (string[] | undefined)[] = [];

  /** `breaks`: the offset of every line feed, in order. */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly breaks: readonly number[],
  ) {
    this.length = breaks.length + 1;
  }

  at(index: number): string | undefined {
    if (index < 0 || index >= this.length) return undefined;
    const chunk = Math.floor(index / CHUNK);
    let lines = this.#chunks[chunk];
    if (!lines) {
      const first = chunk * CHUNK;
      const last = Math.min(first + CHUNK, this.length) - 1;
      const start = first === 0 ? 0 : this.breaks[first - 1]! + 1;
      const end = last < this.breaks.length ? this.breaks[last]! : this.bytes.length;
      // Line feeds end UTF-8 sequences, so the run decodes on its own as it would in the whole.
      lines = strictUtf8.decode(this.bytes.subarray(start, end)).split('\n');
      this.#chunks[chunk] = lines;
    }
    return lines[index - chunk * CHUNK];
  }
}
