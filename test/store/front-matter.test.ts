import { describe, expect, it } from 'vitest';
import { syntheticStore } from '../../bench/synthetic-store.ts';
import { readYamlFrontMatter } from '../../src/content/front-matter.ts';
import { readSimpleFrontMatter } from '../../src/content/simple-front-matter.ts';

// The yaml package is the reference: wherever the quick reader answers, its answer must be
// the yaml reading's, field for field and line for line.

/** Values as people (and tools) write them, with every YAML trap near the quick reader's rules. */
const VALUES = [
  'Gaza',
  'Rafah crossing reopens',
  'Fri 19 Apr 2024 6:22 pm - Jerusalem Time',
  'https://news.example.org/a?b=c',
  'https://news.example.org/a#frag',
  'C# and F#',
  'Issue #5',
  'a: b',
  'trailing colon:',
  'ratio 3:1',
  'Israel’s war',
  "it's",
  'say "hi"',
  'back\\slash',
  'a, b, c',
  'brackets [1] {2}',
  'Really? Yes',
  'رفح',
  'غزة: الحرب',
  '🙂 emoji',
  'two  spaces',
  "'single quoted'",
  "'it''s quoted'",
  "'unclosed",
  "'a' # comment",
  '"double quoted"',
  '"with \\"escape\\""',
  '"tab\\there"',
  '""',
  "''",
  '2024',
  '1e3',
  '0x1F',
  '0o17',
  '.5',
  '-1',
  '+1',
  '.inf',
  '.NaN',
  'true',
  'True',
  'TRUE',
  'false',
  'null',
  'Null',
  '~',
  'yes',
  'No',
  'on',
  'y',
  '- item',
  '? key',
  ': colon',
  '[a, b]',
  '{a: b}',
  '&anchor value',
  '*alias',
  '!tag value',
  '!!str 12',
  '| block',
  '> folded',
  '%directive',
  '@at',
  '`tick',
  'tab\there',
  'del\u007fchar',
  'nel\u0085char',
  'ls\u2028char',
  'bom\ufeffchar',
  'nbsp\u00a0char',
  '',
  '   ',
];
const KEYS = ['title', 'section', 'dateline', 'author', 'summary', 'lang', 'notes', 'Title', 'id'];

/** The tags written every way the quick reader knows, and some it must leave alone. */
function tagForms(a: string, b: string): string[][] {
  return [
    ['tags:', `  - ${a}`, `  - ${b}`],
    ['tags:', `- ${a}`, `- ${b}`],
    ['tags:', `  - ${a}`, `    - ${b}`],
    ['tags:', `  - ${a}`, '', `  - ${b}`],
    ['tags:', `  - ${a}`, '# comment', `  - ${b}`],
    ['tags:', `  - ${a}`, `    continued`],
    [`tags: [${a}, ${b}]`],
    [`tags: [${a}]`],
    ['tags: []'],
    [`tags: ${a}`],
    ['tags:'],
    ['tags:', '  -'],
  ];
}

function* frontMatters(): Generator<string[]> {
  const n = VALUES.length;
  for (let i = 0; i < n * KEYS.length; i += 1) {
    const key = KEYS[i % KEYS.length]!;
    const value = VALUES[i % n]!;
    const other = VALUES[(i * 7 + 3) % n]!;
    yield [`${key}: ${value}`];
    yield ['title: A title', `${key}: ${value}`, `section: ${other}`];
    yield [`${key}:  ${value}  `, '', '# a comment', `author: ${other}`];
    yield ['title: A title', `title: ${value}`]; // a repeated key
    yield [`${key}:${value}`];
  }
  for (let i = 0; i < n * 3; i += 1) {
    const a = VALUES[i % n]!;
    const b = VALUES[(i * 5 + 1) % n]!;
    for (const tags of tagForms(a, b)) {
      yield ['title: Tagged', ...tags, `section: ${b}`];
      yield [...tags];
    }
  }
}

function compare(lines: string[]): 'quick' | 'yaml' {
  const quick = readSimpleFrontMatter(lines, 0, lines.length);
  if (quick === undefined) return 'yaml';
  expect({ lines, read: quick }).toEqual({
    lines,
    read: readYamlFrontMatter(lines, 0, lines.length),
  });
  return 'quick';
}

describe('the quick front matter reader', () => {
  it('reads every front matter it answers for exactly as the yaml package does', () => {
    const counts = { quick: 0, yaml: 0 };
    for (const lines of frontMatters()) counts[compare(lines)] += 1;
    // It must answer for a good share (813 of 8,424 cases when this was written), or this
    // test would hold it to nothing.
    expect(counts.quick).toBeGreaterThan(500);
    expect(counts.yaml).toBeGreaterThan(1000);
  });

  it('answers for the front matter of every Markdown article of the benchmark store', () => {
    const decoder = new TextDecoder();
    const markdown = syntheticStore(3000).filter((file) => file.path.endsWith('.md'));
    expect(markdown.length).toBeGreaterThan(200);
    for (const file of markdown) {
      const lines = decoder.decode(file.bytes).split('\n');
      const close = lines.indexOf('---', 1);
      expect(compare(lines.slice(1, close))).toBe('quick');
    }
  });

  it('leaves to the yaml package what YAML reads as something other than text', () => {
    for (const value of ['2024', '1e3', 'true', 'null', '~', 'yes', '.5', '[a]', '&a x', '|']) {
      expect(readSimpleFrontMatter([`title: ${value}`], 0, 1)).toBeUndefined();
    }
  });
});
