// cleanLines against the path it stands in for: TextDecoder's fatal UTF-8, the characters
// XML 1.0 forbids, and splitting on line feeds. Every verdict and every line is checked
// against those, on real, generated, hand-made and random bytes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEED, mulberry32, syntheticArticle } from '../../bench/synthetic-store.ts';
import { parseConfig } from '../../src/config.ts';
import { cleanLines } from '../../src/content/clean-lines.ts';
import { loadArticle, type LoadResult } from '../../src/content/load-article.ts';
import { MAX_LINE_CHARS } from '../../src/content/text.ts';
import { FILES } from '../feeds/torture-articles.ts';
import { dispatch } from '../support/app.ts';
import { everyField } from '../../src/content/article-body.ts';

const encoder = new TextEncoder();
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** What the general path makes of the bytes: their lines, or undefined when it must judge them. */
function oracle(bytes: Uint8Array): string[] | undefined {
  let text: string;
  try {
    text = strict.decode(bytes);
  } catch {
    return undefined;
  }
  if (text.startsWith('\uFEFF') || text.includes('\r')) return undefined;
  // NUL and the other characters XML 1.0 forbids (lone surrogates cannot come out of UTF-8).
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(text)) return undefined;
  const lines = text.split('\n');
  // cleanLines counts a line's bytes, not its characters: no line can have more characters.
  if (lines.some((line) => encoder.encode(line).length > MAX_LINE_CHARS)) return undefined;
  return lines;
}

function linesOf(bytes: Uint8Array): string[] | undefined {
  const lines = cleanLines(bytes);
  return lines && Array.from({ length: lines.length }, (_, i) => lines.at(i) ?? '<missing>');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const real = [
  ...filesUnder('content').map((path) => readFileSync(path)),
  ...Object.values(FILES).map((text) => encoder.encode(text)),
  ...Array.from({ length: 300 }, (_, i) => encoder.encode(syntheticArticle(i, DEFAULT_SEED).text)),
];

describe('cleanLines', () => {
  it('gives exactly the lines of decoding and splitting, for the content folder (the seed dispatch among it), the torture articles and 300 synthetic ones', () => {
    let clean = 0;
    for (const bytes of real) {
      const expected = oracle(bytes);
      expect(linesOf(bytes)).toEqual(expected);
      if (expected) clean += 1;
    }
    // The torture articles hold control characters: they must take the general path.
    expect(clean).toBeGreaterThan(300);
    expect(clean).toBeLessThan(real.length);
  });

  it.each([
    ['an overlong two-byte NUL', [0x41, 0xc0, 0x80]],
    ['an overlong three-byte slash', [0xe0, 0x80, 0xaf]],
    ['a high surrogate, U+D800', [0xed, 0xa0, 0x80]],
    ['a low surrogate, U+DFFF', [0xed, 0xbf, 0xbf]],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a lead byte no sequence starts with', [0xf5, 0x80, 0x80, 0x80]],
    ['a lone continuation byte', [0x41, 0x80, 0x42]],
    ['a sequence cut short by the end', [0x41, 0xe2, 0x82]],
    ['a sequence cut short by a line feed', [0xe2, 0x0a, 0xac]],
    ['a byte-order mark', [0xef, 0xbb, 0xbf, 0x41]],
    ['a carriage return', [0x41, 0x0d, 0x0a, 0x42]],
    ['a NUL', [0x41, 0x00, 0x42]],
    ['an escape', [0x41, 0x1b, 0x42]],
    ['U+FFFE', [0x41, 0xef, 0xbf, 0xbe]],
    ['U+FFFF', [0x41, 0xef, 0xbf, 0xbf]],
  ])('leaves %s to the general path', (_name, bytes) => {
    expect(cleanLines(new Uint8Array(bytes))).toBeUndefined();
    expect(oracle(new Uint8Array(bytes))).toBeUndefined();
  });

  it.each([
    ['the euro sign', [0xe2, 0x82, 0xac], ['€']],
    ['the last code point before the surrogates, U+D7FF', [0xed, 0x9f, 0xbf], ['\ud7ff']],
    ['the first after them, U+E000', [0xee, 0x80, 0x80], ['\ue000']],
    ['U+FFFD', [0xef, 0xbf, 0xbd], ['\ufffd']],
    ['the last code point, U+10FFFF', [0xf4, 0x8f, 0xbf, 0xbf], ['\u{10ffff}']],
    ['an emoji across a tab', [0xf0, 0x9f, 0x99, 0x82, 0x09, 0x41], ['🙂\tA']],
    ['an empty file', [], ['']],
    ['a file of line feeds', [0x0a, 0x0a], ['', '', '']],
    [
      'U+FEFF opening the ninth line, the first of a decoded run after the first run',
      [...Array<number[]>(8).fill([0x61, 0x0a]).flat(), 0xef, 0xbb, 0xbf, 0x62],
      [...Array<string>(8).fill('a'), '\ufeffb'],
    ],
  ])('reads %s', (_name, bytes, lines) => {
    expect(linesOf(new Uint8Array(bytes))).toEqual(lines);
  });

  it('leaves a line over the limit to the general path, counting bytes', () => {
    const long = encoder.encode(`a\n${'é'.repeat(MAX_LINE_CHARS / 2 + 1)}\nb`);
    expect(cleanLines(long)).toBeUndefined();
    const fits = encoder.encode(`a\n${'x'.repeat(MAX_LINE_CHARS)}\nb`);
    expect(linesOf(fits)).toEqual(['a', 'x'.repeat(MAX_LINE_CHARS), 'b']);
  });

  it('agrees with the general path on 20,000 random byte strings near UTF-8 and its edges', () => {
    const random = mulberry32(0xc1ea);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    // Whole sequences, their parts and their near misses, as random bytes rarely make them.
    const pieces = [
      [0x41], [0x20], [0x0a], [0x09], [0x0d], [0x00], [0x1f], [0x7f], [0xc2, 0xa0], [0xc3, 0xa9],
      [0xd8, 0xb1], [0xe2, 0x80, 0x99], [0xef, 0xbf, 0xbd], [0xef, 0xbf, 0xbe], [0xef, 0xbb, 0xbf],
      [0xed, 0x9f, 0xbf], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x99, 0x82], [0xf4, 0x8f, 0xbf, 0xbf],
      [0xf4, 0x90, 0x80, 0x80], [0xe0, 0xa0, 0x80], [0xe0, 0x9f, 0xbf], [0xf0, 0x90, 0x80, 0x80],
      [0xf0, 0x8f, 0xbf, 0xbf], [0xc1, 0xbf], [0xc2], [0xe2, 0x82], [0x80], [0xbf], [0xf8], [0xff],
    ]; // prettier-ignore
    // Runs of printable ASCII, which cleanLines reads four bytes at a time where aligned.
    const text = [
      [0x41, 0x42, 0x43, 0x44, 0x45],
      [0x20, 0x7e, 0x30, 0x7f, 0x61, 0x7a, 0x2e],
    ];
    let clean = 0;
    for (let n = 0; n < 20_000; n += 1) {
      const bytes: number[] = [];
      const length = Math.floor(random() * (n % 2 ? 12 : 40));
      for (let k = 0; k < length; k += 1) {
        const r = random();
        bytes.push(
          ...(r < 0.15 ? [Math.floor(r * 1706) % 256] : r < 0.4 ? pick(text) : pick(pieces)),
        );
      }
      // At every offset from a word boundary, between bytes that must not be read.
      const offset = n % 8;
      const buffer = new Uint8Array(offset + bytes.length + 8).fill(0x00);
      buffer.set(bytes, offset);
      const array = buffer.subarray(offset, offset + bytes.length);
      const expected = oracle(array);
      expect(linesOf(array), `${offset}: ${bytes.join(' ')}`).toEqual(expected);
      if (expected) clean += 1;
    }
    // Both verdicts are well represented.
    expect(clean).toBeGreaterThan(2_000);
    expect(clean).toBeLessThan(18_000);
  });
});

describe('loading a dispatch through cleanLines', () => {
  const options = parseConfig({ SITE_URL: 'https://news.example' });
  /** Own fields, the body and the reports: what a store keeps of a load. */
  const outcome = (result: LoadResult) => (result.ok ? everyField(result.article) : result);

  it('makes the article or the reports the general path makes of the same text with a byte-order mark', () => {
    const bom = [0xef, 0xbb, 0xbf];
    const broken = [
      dispatch({ dateline: 'Fri 20 Apr 2024 6:22 pm - Jerusalem Time' }),
      dispatch({ title: '' }).replace('A test dispatch', ''),
      dispatch({ body: [] }),
      dispatch({ tags: ['!!!', 'Gaza'] }),
      'Fri 19 Apr 2024 6:22 pm - Jerusalem Time\nPALESTINE\n',
      '',
    ].map((text) => encoder.encode(text));
    let compared = 0;
    for (const bytes of [...real, ...broken]) {
      if (!cleanLines(bytes)) continue;
      const withMark = new Uint8Array([...bom, ...bytes]);
      expect(cleanLines(withMark)).toBeUndefined();
      const fast = loadArticle({ path: '2024/a.txt', bytes }, options);
      const general = loadArticle({ path: '2024/a.txt', bytes: withMark }, options);
      // The same article, but for the size of its file: the mark is three bytes of it.
      const sized = general.ok ? { ...outcome(general), size: general.article.size - 3 } : general;
      expect(outcome(fast)).toEqual(sized);
      compared += 1;
    }
    expect(compared).toBeGreaterThan(300);
  });
});
