// Mutates valid articles thousands of times (seeded, so a failure can be replayed): the
// loader never throws, and every feed of what it accepts stays well-formed XML (xmllint, in
// one batch) and valid JSON Feed.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../bench/synthetic-store.ts';
import type { StoreFile } from '../../src/content/article.ts';
import { loadArticle, type LoadResult } from '../../src/content/load-article.ts';
import { sanitizeHtml } from '../../src/sanitize/sanitize-html.ts';
import { FILES as TORTURE } from '../feeds/torture-articles.ts';
import { appFromFiles, CONTENT_DIR } from '../support/app.ts';
import { checkWellFormed, validateJsonFeed } from '../support/validators.ts';

const SEED = 20240419;
const MUTATIONS = 4000;
const PER_CATALOG = 500;
const OPTIONS = { siteUrl: 'https://news.example.org', timeZone: 'Asia/Jerusalem' };

function contentFiles(dir: string): StoreFile[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(txt|md)$/.test(entry.name))
    .map((entry) => {
      const full = join(entry.parentPath, entry.name);
      return { path: relative(dir, full), bytes: new Uint8Array(readFileSync(full)) };
    });
}

const HOSTILE_HTML = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<iframe src="https://evil.example/"></iframe>',
  '<style>*{display:none}</style>',
  '<div style="x" onclick="y">d</div>',
  '<svg><script>1</script></svg>',
  '[x](javascript:alert(1))',
  '![i](data:image/svg+xml,<svg onload=alert(1)>)',
  '<a href="rel/path">r</a>',
  '<b><i>unclosed',
  '</div></main></body>',
  '<!-- c',
  ']]>',
  '&#0; &#xD800; &#99999999; &bogus; & <',
];
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun', 'Xyz', ''];
const MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
  'Foo',
];

function mutate(bytes: Uint8Array, next: () => number): Uint8Array {
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const decoder = new TextDecoder();
  let data = bytes;
  const asLines = () => decoder.decode(data).split('\n');
  const fromLines = (lines: string[]) => new TextEncoder().encode(lines.join('\n'));
  const operations = 1 + int(3);
  for (let n = 0; n < operations; n += 1) {
    switch (int(7)) {
      case 0: {
        // random bytes, replaced or inserted
        const copy = [...data];
        for (let k = 1 + int(8); k > 0; k -= 1) {
          const at = int(copy.length + 1);
          if (next() < 0.5) copy[at] = int(256);
          else copy.splice(at, 0, int(256));
        }
        data = new Uint8Array(copy);
        break;
      }
      case 1:
        data = data.subarray(0, int(data.length + 1));
        break;
      case 2: {
        const lines = asLines();
        for (let k = 1 + int(5); k > 0; k -= 1) {
          const at = int(lines.length);
          lines.splice(int(lines.length + 1), 0, lines[at] ?? '');
        }
        data = fromLines(lines);
        break;
      }
      case 3: {
        const lines = asLines();
        const from = int(lines.length);
        const to = Math.min(lines.length, from + 2 + int(10));
        const part = lines.slice(from, to);
        for (let i = part.length - 1; i > 0; i -= 1) {
          const j = int(i + 1);
          [part[i], part[j]] = [part[j]!, part[i]!];
        }
        lines.splice(from, part.length, ...part);
        data = fromLines(lines);
        break;
      }
      case 4: {
        const dash = pick(['-', '–', '—', '', '--']);
        const hour = int(14);
        const dateline =
          `${pick(WEEKDAYS)} ${int(33)} ${pick(MONTHS)} ${1990 + int(60)} ${hour}:${String(int(61)).padStart(2, '0')} ` +
          `${pick(['am', 'pm', 'AM', ''])} ${dash} ${pick(['Jerusalem Time', 'jerusalem time', 'GMT'])}`;
        const lines = asLines().map((line) =>
          /Jerusalem Time/.test(line)
            ? line.startsWith('dateline:') || line.startsWith('updated:')
              ? `${line.split(':')[0]}: ${dateline}`
              : dateline
            : line,
        );
        data = fromLines(lines);
        break;
      }
      case 5: {
        const lines = asLines();
        lines.splice(int(lines.length + 1), 0, pick(HOSTILE_HTML));
        data = fromLines(lines);
        break;
      }
      default: {
        const lines = asLines();
        const extra = pick([
          '\u202E',
          '\u0007',
          '\r',
          '\t',
          '😀',
          'غزة',
          '\uFEFF',
          '---',
          'Tags',
          'Share your opinion',
          '',
        ]);
        lines.splice(int(lines.length + 1), 0, extra.repeat(1 + int(3)));
        data = fromLines(lines);
      }
    }
  }
  return data;
}

describe('the loader under fuzzing', () => {
  const seeds: StoreFile[] = [
    ...contentFiles(CONTENT_DIR),
    ...Object.entries(TORTURE).map(([path, text]) => ({
      path,
      bytes: new TextEncoder().encode(text),
    })),
  ];
  const next = mulberry32(SEED);
  const mutated: StoreFile[] = [];
  const results: LoadResult[] = [];
  const thrown: string[] = [];
  for (let i = 0; i < MUTATIONS; i += 1) {
    const seed = seeds[i % seeds.length]!;
    const extension = seed.path.endsWith('.md') ? 'md' : 'txt';
    const file = {
      path: `fuzz/${Math.floor(i / PER_CATALOG)}/${i}.${extension}`,
      bytes: mutate(seed.bytes, next),
    };
    mutated.push(file);
    try {
      results.push(loadArticle(file, OPTIONS));
    } catch (error) {
      thrown.push(`${file.path} (seed ${SEED}): ${String(error)}`);
    }
  }

  it(`never throws on ${MUTATIONS} mutated articles, and still accepts some of them`, () => {
    expect(thrown).toEqual([]);
    const accepted = results.filter((r) => r.ok).length;
    expect(accepted).toBeGreaterThan(MUTATIONS * 0.2);
    expect(accepted).toBeLessThan(MUTATIONS);
    for (const result of results) {
      if (!result.ok) {
        for (const problem of result.problems) {
          expect(problem.line).toBeGreaterThanOrEqual(1);
          expect(problem.message).not.toMatch(/internal error|undefined|NaN|\[object/);
        }
      }
    }
  });

  it('lets no script, frame, style, handler or javascript: URL through', () => {
    for (const result of results) {
      if (!result.ok) continue;
      const html = result.article.contentHtml;
      expect(html).not.toMatch(/<(script|iframe|style|svg|object|embed)\b/i);
      expect(html).not.toMatch(/<[^>]*\s(on[a-z]+|style)\s*=/i);
      expect(html).not.toMatch(/(href|src)="(?!https?:|mailto:|tel:)/i);
      // Sanitizing what is already safe changes nothing.
      expect(sanitizeHtml(html, result.article.url)).toBe(html);
    }
  });

  it('keeps every feed of what it accepts valid XML and valid JSON Feed', async () => {
    const END_OF_TIME = 8.64e15; // the latest instant a Date holds (ECMA-262 21.4.1.1)
    const xml: { path: string; body: string }[] = [];
    const jsonProblems: string[] = [];
    let items = 0;
    for (let start = 0; start < mutated.length; start += PER_CATALOG) {
      // At the end of time, so that no dateline the fuzzing makes is embargoed or too far ahead.
      const { app, catalog } = appFromFiles(
        mutated.slice(start, start + PER_CATALOG),
        { SITE_URL: OPTIONS.siteUrl },
        () => END_OF_TIME,
      );
      const bases = [
        '/',
        ...[...catalog.sections.keys()]
          .slice(0, 8)
          .map((s) => `/sections/${encodeURIComponent(s)}/`),
        ...[...catalog.tags.keys()].slice(0, 8).map((t) => `/tags/${encodeURIComponent(t)}/`),
      ];
      for (const base of bases) {
        for (const file of ['rss.xml', 'atom.xml', 'feed.json']) {
          const path = `${base}${file}${base === '/' ? '?limit=500' : ''}`;
          const response = await app.request(path);
          expect(response.status, path).toBe(200);
          const body = await response.text();
          if (file !== 'feed.json') {
            xml.push({ path, body });
            continue;
          }
          try {
            const feed = JSON.parse(body) as { items: unknown[] };
            if (base === '/') items += feed.items.length;
            jsonProblems.push(...validateJsonFeed(feed).map((e) => `${path}: ${e}`));
          } catch (error) {
            jsonProblems.push(`${path}: ${String(error)}`);
          }
        }
      }
    }
    expect(items).toBe(results.filter((r) => r.ok).length);
    expect(jsonProblems).toEqual([]);
    const errors = checkWellFormed(xml.map((d) => d.body));
    expect(xml.map((d, i) => [d.path, errors[i]]).filter(([, e]) => e)).toEqual([]);
  });
});
