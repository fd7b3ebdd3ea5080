import { Marked, type Token, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { syntheticStore } from '../../bench/synthetic-store.ts';
import { paragraphText, plainParagraphText, scanBody } from '../../src/content/parse-markdown.ts';
import { plainParagraph } from '../../src/content/plain-paragraph.ts';

// The reference: what loading did before it scanned bodies, a full lex and render by marked.
const reference = new Marked({ gfm: true, async: false });

function fullScan(body: string): { empty: boolean; paragraph: Token | undefined } {
  const tokens = reference.lexer(body);
  return {
    empty: !reference.parser(tokens).trim(),
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
  'Plain prose: “quoted”, Q&A, AT&T, it’s 2,000 people! (Really?) 50% + 1 = more | less',
  'Entities alone &amp;lt; &#39;x&#39; &nbsp; &copy; and Fish &amp; chips',
  'Tab\tinside, no\u00a0break space, and two trailing spaces  \nbefore this line',
  '\u00a0Starts with a no-break space',
  'a | b\n--- | ---\n1 | 2',
  '1) item\n10. item',
  'Text\n=',
  'Text\n-',
  'Mail me at x@example.org, visit www.example.org. Or https://example.org/a_b?c=d!',
  'Only *emphasis* here',
  'Only _emphasis_ here',
  'Only **strong** here',
  'Only `code` here',
  'Only ~~struck~~ here',
  'Only \\*escaped\\* here',
  'Only \\# and \\& escaped here',
  'Only <b>html</b> here',
  'Only [a link](https://example.org) here',
  'Only ![an image](https://example.org/a.png) here',
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

  it('reads a body that opens with a plain paragraph without marked, to the same summary', () => {
    const decoder = new TextDecoder();
    const synthetic = syntheticStore(2000)
      .filter((file) => file.path.endsWith('.md'))
      .map((file) => {
        const text = decoder.decode(file.bytes);
        return text.slice(text.indexOf('\n---\n') + 5);
      });
    let declined = 0;
    for (const body of [...bodies(), ...synthetic]) {
      const text = plainParagraph(body.split('\n'), 0);
      if (text === undefined) {
        declined += 1;
        continue;
      }
      const full = fullScan(body);
      expect({ body, empty: full.empty }).toEqual({ body, empty: false });
      expect({ body, summary: plainParagraphText(text) }).toEqual({
        body,
        summary: paragraphText(full.paragraph as Tokens.Paragraph),
      });
    }
    // Markup is left to marked, and plain prose is not: 163 of the benchmark's 194 bodies here
    // (the others open with an emphasized paragraph).
    expect(declined).toBeGreaterThan(1000);
    const plainSynthetic = synthetic.filter((body) => plainParagraph(body.split('\n'), 0));
    expect(plainSynthetic.length).toBeGreaterThan(synthetic.length * 0.8);
  });
});
