import { describe, expect, it } from 'vitest';
import { keptText, TextPack } from '../../src/store/text-pack.ts';

const TEXTS = [
  '',
  'Plain ASCII.',
  'وقف إطلاق النار في رفح',
  '“Curly quotes” and an apostrophe’s tail',
  '\uFEFFopens with a zero-width no-break space',
  'an emoji pair 🙂 and U+10FFFF \u{10ffff}',
  'x'.repeat(TextPack.BLOCK + 10),
];

/** What an article keeps of a text: a string, or the pack's block and where in it. */
function keep(pack: TextPack, text: string): [string | Uint8Array, number, number] {
  return pack.pack(text) ? [pack.block, pack.start, pack.end] : [text, 0, 0];
}

describe('keeping texts in a pack', () => {
  it('gives back exactly every text it packed', () => {
    const pack = new TextPack();
    const kept = TEXTS.map((text) => keep(pack, text));
    expect(kept.map((k) => typeof k[0])).not.toContain('string');
    // Read after every text is packed: a later text did not overwrite an earlier one.
    expect(kept.map((k) => keptText(...k))).toEqual(TEXTS);
  });

  it('declines a text UTF-8 cannot carry (a lone surrogate), which is then kept as it is', () => {
    const lone = 'a\ud800b';
    const kept = keep(new TextPack(), lone);
    expect(kept).toEqual([lone, 0, 0]);
    expect(keptText(...kept)).toBe(lone);
  });

  it('puts the texts of one read in shared blocks, and a text longer than a block in one of its own', () => {
    const pack = new TextPack();
    const summaries = Array.from({ length: 300 }, (_, i) => `Summary ${i}: وقف إطلاق النار`);
    const kept = summaries.map((text) => keep(pack, text));
    // 300 short summaries: one or two blocks, not an allocation each.
    expect(new Set(kept.map(([block]) => block)).size).toBeLessThanOrEqual(2);
    const long = keep(pack, 'y'.repeat(TextPack.BLOCK * 2));
    expect(long[2] - long[1]).toBe(TextPack.BLOCK * 2);
    expect(kept.map((k) => keptText(...k))).toEqual(summaries);
  });
});
