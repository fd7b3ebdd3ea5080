import { Marked, type Token } from 'marked';
import { describe, expect, it } from 'vitest';
import { syntheticStore } from '../../bench/synthetic-store.ts';
import { scanBody } from '../../src/store/parse-markdown.ts';

// The reference: what loading did before it scanned bodies, a full lex and render by marked.
const reference = new Marked({ gfm: true, async: false });

function fullScan(body: string): { empty: boolean; paragraph: Token | undefined } {
  const tokens = reference.lexer(body);
  return {
    empty: !(reference.parser(tokens) as string).trim(),
    paragraph: tokens.find((token) => token.type === 'paragraph'),
  };
}

/** Blocks that make a body's first paragraph or emptiness hard to tell without a full lex. */
const BLOCKS = [
  'Plain paragraph with *em*, **strong**, `code` and ~~strike~~.',
  'Text with [a ref][r], [r], [R] and ![an image][r].',
  '[r]: https://example.org/r "Title"',
  '[R]: <https://example.org/upper>',
  '[x]: <>',
  '# Heading',
  'Setext heading\n===',
  '- list item\n- another',
  '1. one\n2. two',
  '> a quote\n> on two lines',
  '```\nfenced\n\ncode\n```',
  '    indented code',
  '<div>\n\nhtml block\n\n</div>',
  '<!-- a comment\n\nstill the comment -->',
  '| a | b |\n| - | - |\n| 1 | 2 |',
  '---',
  'Line one  \nline two after a hard break',
  'Entities &amp; &#x41; &nbsp; &bogus; and &lt;tag&gt;',
  'Autolinks https://example.org, www.example.com and <mailto:x@example.org>',
  'Escapes \\*not em\\* and \\[not a link\\]',
  '<span>inline html</span> then text',
  'Arabic نص عربي with [رابط][r]',
  'A paragraph\nwith lazy\ncontinuation lines',
  '',
  '   ',
];

function* bodies(): Generator<string> {
  const n = BLOCKS.length;
  for (let i = 0; i < n; i += 1) {
    yield BLOCKS[i]!;
    for (let j = 0; j < n; j += 1) {
      yield `${BLOCKS[i]}\n\n${BLOCKS[j]}`;
      yield `${BLOCKS[i]}\n${BLOCKS[j]}`;
      yield `${BLOCKS[i]}\n\n${BLOCKS[j]}\n\n${BLOCKS[(i * 7 + j * 3) % n]}`;
    }
  }
}

describe('scanning a Markdown body at load', () => {
  it('tells an empty body and finds the first paragraph exactly as a full lex and render do', () => {
    let empty = 0;
    let paragraphs = 0;
    for (const body of bodies()) {
      const scanned = scanBody(body, true);
      const full = fullScan(body);
      expect({ body, empty: scanned.empty }).toEqual({ body, empty: full.empty });
      expect({ body, paragraph: scanned.paragraph }).toEqual({ body, paragraph: full.paragraph });
      if (full.empty) empty += 1;
      if (full.paragraph) paragraphs += 1;
    }
    // Both kinds are in the corpus, or the comparison would prove little.
    expect(empty).toBeGreaterThan(5);
    expect(paragraphs).toBeGreaterThan(1000);
  });

  it('agrees with a full lex on every Markdown body of the benchmark store', () => {
    const decoder = new TextDecoder();
    const files = syntheticStore(2000).filter((file) => file.path.endsWith('.md'));
    for (const file of files) {
      const text = decoder.decode(file.bytes);
      const body = text.slice(text.indexOf('\n---\n') + 5);
      const full = fullScan(body);
      const scanned = scanBody(body, true);
      expect(scanned.empty).toBe(full.empty);
      expect(scanned.paragraph).toEqual(full.paragraph);
    }
  });
});
