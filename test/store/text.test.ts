import { describe, expect, it } from 'vitest';
import { dropIllegalXmlChars, splitLines } from '../../src/content/text.ts';

// XML 1.0 section 2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
describe('dropping the characters XML 1.0 forbids', () => {
  it.each([
    ['keeps tab, line feed and carriage return', 'a\tb\nc\rd', 'a\tb\nc\rd'],
    ['drops the other C0 controls', 'a\u0000b\u0001c\u001fd', 'abcd'],
    ['drops U+FFFE and U+FFFF, keeps U+FFFD', 'a\ufffeb\uffffc\ufffd', 'abc\ufffd'],
    ['keeps emoji, which are surrogate pairs', 'ok 🙂 𝄞', 'ok 🙂 𝄞'],
    ['drops a high surrogate with no low one after it', 'a\ud83d b', 'a b'],
    ['drops a low surrogate with no high one before it', 'a\ude42 b', 'a b'],
    ['drops a pair written the wrong way round', 'a\ude42\ud83d b', 'a b'],
    ['keeps a pair and drops the stray half beside it', '\ud83d\ud83d\ude42', '🙂'],
    ['keeps Arabic, direction marks and private use', 'رفح\u200f\ue000', 'رفح\u200f\ue000'],
  ])('%s', (_name, text, expected) => {
    expect(dropIllegalXmlChars(text)).toBe(expected);
  });
});

describe('splitting a file into lines', () => {
  it('splits on LF, CRLF and CR alike, so line n is the editor line n', () => {
    expect(splitLines('a\nb')).toEqual(['a', 'b']);
    expect(splitLines('a\r\nb\rc\n')).toEqual(['a', 'b', 'c', '']);
  });
});
