// Ids name one article each (RFC 4287 section 4.2.6, RSS guid), and only harmless schemes.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { buildCatalog } from '../../src/store/catalog.ts';
import { dispatch, filesFrom } from '../support/app.ts';

const config = parseConfig({ SITE_URL: 'https://news.example.org' });
const md = (title: string, id?: string) =>
  `---\ntitle: ${title}\nsection: Palestine\ndateline: Fri 19 Apr 2024 6:22 pm - Jerusalem Time\n${id ? `id: ${id}\n` : ''}---\nText.\n`;
const build = (files: Record<string, string>, previous?: ReturnType<typeof buildCatalog>) =>
  buildCatalog(filesFrom(files), config, { previous });
const sources = (catalog: ReturnType<typeof buildCatalog>) =>
  [...catalog.bySlug.values()].map((a) => a.source).sort();

describe('article ids', () => {
  it('leave out the second of two front-matter ids that are the same, naming both files', () => {
    const catalog = build({
      'a.md': md('A', 'tag:news.example.org,2024:x'),
      'b.md': md('B', 'tag:news.example.org,2024:x'),
    });
    expect(sources(catalog)).toEqual(['a.md']);
    expect(catalog.problems).toEqual([
      {
        path: 'b.md',
        line: 1,
        message: expect.stringMatching(
          /^id 'tag:news\.example\.org,2024:x' is already the id of a\.md; /,
        ) as string,
      },
    ]);
  });

  it('never let a front-matter id take an article’s own address from it, whatever the path order', () => {
    // 0-claim.md sorts first, but the id it claims is the address of 2024/rafah.txt.
    const catalog = build({
      '0-claim.md': md('Claim', 'https://news.example.org/articles/2024/rafah'),
      '2024/rafah.txt': dispatch({ title: 'Rafah' }),
    });
    expect(sources(catalog)).toEqual(['2024/rafah.txt']);
    expect(catalog.problems.map((p) => [p.path, p.message.split(';')[0]])).toEqual([
      [
        '0-claim.md',
        "id 'https://news.example.org/articles/2024/rafah' is already the id of 2024/rafah.txt",
      ],
    ]);
  });

  it('keep a published article at its last good version when an edit claims another’s id', () => {
    const before = build({ 'a.md': md('A', 'urn:uuid:1'), 'b.md': md('B', 'urn:uuid:2') });
    const after = build(
      { 'a.md': md('A', 'urn:uuid:1'), 'b.md': md('B edited', 'urn:uuid:1') },
      before,
    );
    expect([...after.bySlug.values()].map((a) => [a.source, a.title, a.id]).sort()).toEqual([
      ['a.md', 'A', 'urn:uuid:1'],
      ['b.md', 'B', 'urn:uuid:2'],
    ]);
    expect(after.kept).toEqual(['b.md']);
    expect(after.problems.map((p) => p.path)).toEqual(['b.md']);
  });

  it.each(['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'vbscript:x'])(
    'refuse the id %s, saying which schemes are allowed',
    (id) => {
      const catalog = build({ 'a.md': md('A', id) });
      expect(catalog.bySlug.size).toBe(0);
      expect(catalog.problems[0]?.message).toMatch(/use an http\(s\), urn: or tag: URI$/);
      expect(catalog.problems[0]?.line).toBe(5);
    },
  );

  it.each([
    'https://example.org/a',
    'HTTP://example.org/b',
    'urn:isbn:0451450523',
    'tag:example.org,2024:c',
  ])('accept the id %s', (id) =>
    expect(build({ 'a.md': md('A', id) }).bySlug.get('a')?.id).toBe(id),
  );
});
