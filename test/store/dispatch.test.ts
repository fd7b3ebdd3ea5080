import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadArticle } from '../../src/content/load-article.ts';
import { dispatch } from '../support/app.ts';

const options = { siteUrl: 'https://news.example.org', timeZone: 'Asia/Jerusalem' };
const seedBytes = readFileSync(new URL('../../content/2024/rafah-talks.txt', import.meta.url));
const seedText = seedBytes.toString('utf8');

function load(path: string, text: string) {
  const result = loadArticle({ path, bytes: new TextEncoder().encode(text) }, options);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('; '));
  return result.article;
}

describe('the seed dispatch', () => {
  const article = loadArticle({ path: '2024/rafah-talks.txt', bytes: seedBytes }, options);
  if (!article.ok) throw new Error('the seed must load');
  const seed = article.article;

  // The newsroom's export of 19 April 2024, byte for byte: its SHA-256 was taken from the file
  // the newsroom sent, so an edit of content/2024/rafah-talks.txt cannot pass for the original.
  it('is byte for byte the newsroom export it was imported from', () => {
    const digest = createHash('sha256').update(seedBytes).digest('hex');
    expect(seedBytes.length).toBe(5003);
    expect(digest).toBe('b493ad7d567bf88efc50d01c1e8b148139e6a33d300864567090c7f3ff32a3e2');
  });

  it('is published at 2024-04-19T15:22:00Z, 6:22 pm Jerusalem summer time', () => {
    expect(new Date(seed.published).toISOString()).toBe('2024-04-19T15:22:00.000Z');
    expect(seed.updated).toBeUndefined();
  });

  it('takes its section from the first line and its title from the third', () => {
    expect(seed.section).toEqual({ name: 'Palestine', slug: 'palestine' });
    expect(seed.title).toBe(
      'The ambiguity of the American position regarding Israel’s invasion of the city of Rafah',
    );
  });

  it('keeps every body paragraph and nothing of the page furniture', () => {
    const paragraphs = seedText
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean);
    const body = paragraphs.slice(3, paragraphs.indexOf('Tags'));
    expect(seed.contentHtml.match(/<p>/g)).toHaveLength(body.length);
    expect(seed.contentHtml).not.toContain('Share your opinion');
    expect(
      seed.contentHtml.endsWith(
        'maintain the credibility of its means of deterrence in the region.</p>',
      ),
    ).toBe(true);
    expect(seed.tags).toEqual([]);
  });

  it('summarises with the first paragraph as plain text and passes curly quotes through', () => {
    expect(seed.summary.startsWith('Senior US officials raised concerns')).toBe(true);
    expect(seed.summary.endsWith('from the House. the White.')).toBe(true);
    expect(seed.contentHtml).toContain('“We have been absolutely clear');
  });

  it('gets its slug from its path and its id and URL from the site URL and slug', () => {
    expect(seed.slug).toBe('2024/rafah-talks');
    expect(seed.url).toBe('https://news.example.org/articles/2024/rafah-talks');
    expect(seed.id).toBe(seed.url);
  });
});

describe('raw dispatches', () => {
  it('read one tag a line after the Tags line, with blank lines between ignored', () => {
    const article = load('a.txt', dispatch({ tags: ['Gaza', '', 'Benjamin Netanyahu', 'غزة'] }));
    expect(article.tags).toEqual([
      { name: 'Gaza', slug: 'gaza' },
      { name: 'Benjamin Netanyahu', slug: 'benjamin-netanyahu' },
      { name: 'غزة', slug: 'غزة' },
    ]);
  });

  it('keep a tag once when two spellings have the same slug', () => {
    expect(load('a.txt', dispatch({ tags: ['West Bank', 'west  bank'] })).tags).toHaveLength(1);
  });

  it('end the body at the end of the file when there is no Tags line and no footer', () => {
    const text =
      'ECONOMY\nMon 6 May 2024 9:15 am - Jerusalem Time\nPrices rise\n\nOne.\n\nTwo & three.\n';
    const article = load('b.txt', text);
    expect(article.contentHtml).toBe('<p>One.</p>\n<p>Two &amp; three.</p>');
    expect(article.section.name).toBe('Economy');
  });

  it('title capitalised section names but keep small words lower case', () => {
    expect(load('c.txt', dispatch({ section: 'ARAB AND WORLD' })).section).toEqual({
      name: 'Arab and World',
      slug: 'arab-and-world',
    });
  });

  it('are marked Arabic when most letters of the title and first paragraph are Arabic', () => {
    const arabic = ['وصلت المساعدات إلى غزة صباح اليوم.'];
    expect(load('d.txt', dispatch({ title: 'المساعدات تصل إلى غزة', body: arabic })).lang).toBe(
      'ar',
    );
    expect(load('e.txt', dispatch({ title: 'Aid reaches Gaza' })).lang).toBeUndefined();
    // One Latin brand or acronym in an Arabic headline: still Arabic (the old rule said no).
    const brand = dispatch({ title: 'اجتماع OPEC في الرياض', body: arabic });
    expect(load('f.txt', brand).lang).toBe('ar');
    // An English report quoting an Arabic name: English.
    const quote = dispatch({
      title: 'Residents of Rafah say «رفح» is their home',
      body: ['Families who fled to the city said they had nowhere else to go.'],
    });
    expect(load('g.txt', quote).lang).toBeUndefined();
  });

  it('let front matter lang win over the letters, and read Markdown by the same rule', () => {
    const md = (front: string[]) =>
      [
        '---',
        'title: المساعدات تصل إلى غزة',
        'section: PALESTINE',
        'dateline: Fri 19 Apr 2024 6:22 pm - Jerusalem Time',
        ...front,
        '---',
        '',
        'وصلت المساعدات إلى غزة صباح اليوم.',
      ].join('\n');
    expect(load('h.md', md([])).lang).toBe('ar');
    expect(load('i.md', md(['lang: en'])).lang).toBe('en');
  });

  it('read CRLF line endings and a byte order mark the same as LF', () => {
    const lf = load('f.txt', dispatch({ tags: ['Gaza'] }));
    const text = dispatch({ tags: ['Gaza'] });
    const crlf = load('f.txt', '\uFEFF' + text.replace(/\n/g, '\r\n'));
    // The same article, but for the size of its file: the mark and a CR a line are bytes of it.
    const extra = 3 + text.split('\n').length - 1;
    expect({ ...crlf, size: crlf.size - extra }).toEqual(lf);
  });
});
