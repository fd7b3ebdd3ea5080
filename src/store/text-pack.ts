// Texts every article keeps for its whole life (its summary), as UTF-8 in blocks shared by the
// articles of one read of the store, outside the JavaScript heap.

const encoder = new TextEncoder();
// ignoreBOM: a text may begin with U+FEFF, which must come back as it went in.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Blocks of UTF-8 that articles keep their summaries in, handed out in turn.
 *
 * Why: a summary is an article's longest string (its first paragraph, mostly two-byte since
 * most hold Arabic or curly quotes). Made while the store loads, each was copied twice by the
 * young-generation collector before it settled, and the old generation grew by them. At the
 * first start of the benchmark's 100k store, packing them cut the server thread's
 * young-generation collection time markedly and made the loaded store smaller; packing and
 * unpacking cost little a summary, so the read and index as a whole moved by less than the
 * machine's noise (the figures: docs/performance.md). A block is one allocation for a few
 * hundred summaries, which the collector never copies.
 *
 * A block lives while any article keeps it. So one pack serves one read that loads
 * many files at once (a first read, a restore from the saved index); a reload, which loads
 * the few files that changed, leaves them strings, or a block would stay for each article
 * edited once.
 */
export class TextPack {
  static readonly BLOCK = 256 * 1024;
  /**
   * The block the last text packed went to, and where in it: fields the caller copies into
   * its own (an article keeps three fields, not one more object for the collector).
   */
  block = new Uint8Array(0);
  start = 0;
  end = 0;

  /**
   * Packs `text` as UTF-8 in the current block (a new one when it may not fit). False when it
   * is not well-formed (a lone surrogate, which UTF-8 cannot give back): keep the string.
   * An article's text always is well-formed, XML 1.0 forbidding lone surrogates.
   */
  pack(text: string): boolean {
    if (!text.isWellFormed()) return false;
    // UTF-8 takes at most 3 bytes per UTF-16 code unit (a pair: 4 bytes for 2 units).
    const most = text.length * 3;
    if (this.block.length - this.end < most) {
      this.block = new Uint8Array(Math.max(TextPack.BLOCK, most));
      this.end = 0;
    }
    this.start = this.end;
    this.end += encoder.encodeInto(text, this.block.subarray(this.start)).written;
    return true;
  }
}

/** A text as kept: a string, or a block holding it as UTF-8 from `start` to `end`. */
export function keptText(text: string | Uint8Array, start: number, end: number): string {
  return typeof text === 'string' ? text : decoder.decode(text.subarray(start, end));
}
