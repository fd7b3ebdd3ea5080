import { describe, expect, it } from 'vitest';
import { allFeedPaths, appFromFiles, filesFrom } from '../support/app.ts';
import {
  checkWellFormed,
  decodeHtmlOnce,
  feedparserOnce,
  parseWithRowan,
  readWithFeedparser,
  validateAtom,
  validateJsonFeed,
  xpathString,
} from '../support/validators.ts';
import { fetchDocs, jsonOf, type Doc, type JsonFeed } from './feed-docs.ts';
import { clean, EXPECTED, FILES, TITLE, type Expected } from './torture-articles.ts';

/** What a reader shows for HTML text: tags are markup, character references are decoded once. */
function htmlText(html: string): string {
  return decodeHtmlOnce(html.replace(/<[^>]*>/g, ''));
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return value && typeof value === 'object' ? Object.values(value).flatMap(stringsIn) : [];
}

/** Content HTML that carries text safely: no markup but `<p>`, every `&` starts a reference. */
function markupProblems(html: string): string[] {
  const problems: string[] = [];
  const tags = html.match(/<[^>]*>/g) ?? [];
  const stray = tags.filter((tag) => !/^<\/?p>$/.test(tag));
  if (stray.length) problems.push(`markup other than <p>: ${stray.join(' ')}`);
  if (/&(?!(?:[a-z]+|#\d+|#x[0-9a-f]+);)/i.test(html)) problems.push('a bare &');
  if (html.includes(']]>')) problems.push('a raw ]]>');
  return problems;
}

describe('a torture dispatch and two torture Markdown articles', async () => {
  const app = appFromFiles(filesFrom(FILES));
  const docs = await fetchDocs(app, allFeedPaths(app.catalog));
  const doc = (path: string): Doc => docs.find((d) => d.path === path)!;
  const xml = docs.filter((d) => d.format !== 'json');
  const read = feedparserOnce(xml.map((d) => ({ name: d.path, body: d.body })));

  it('are all published, in every feed of their section and tags, with 200', () => {
    expect(app.catalog.problems).toEqual([]);
    expect(app.catalog.bySlug.size).toBe(3);
    expect(app.catalog.tags.size).toBe(7);
    expect(docs.filter((d) => d.status !== 200).map((d) => d.path)).toEqual([]);
  });

  it('make well-formed XML that feedparser reads without bozo, Atom valid and JSON Feed valid', () => {
    const wellFormed = checkWellFormed(xml.map((d) => d.body));
    expect(xml.map((d, i) => `${d.path} ${wellFormed[i]}`)).toEqual(xml.map((d) => `${d.path} `));
    expect(
      xml.map((d) => [d.path, read().get(d.path)?.bozo, read().get(d.path)?.bozo_exception]),
    ).toEqual(xml.map((d) => [d.path, false, '']));
    const atom = docs.filter((d) => d.format === 'atom');
    expect(validateAtom(atom.map((d) => d.body))).toEqual(atom.map(() => ''));
    const json = docs.filter((d) => d.format === 'json');
    expect(json.map((d) => validateJsonFeed(jsonOf(d)))).toEqual(json.map(() => []));
  });

  it('keep title, summary, author and tags exactly in JSON Feed, less the illegal characters', () => {
    const feed = jsonOf(doc('/feed.json'));
    // As JSON text, so that the report shows a forbidden character: "\u0001".
    const forbidden = stringsIn(feed)
      .filter((s) => clean(s) !== s)
      .map((s) => JSON.stringify(s));
    expect(forbidden).toEqual([]);
    const items = feed.items.map((item) => ({
      id: item.id,
      title: item.title,
      summary: item.summary,
      author: item.authors?.map((a) => a.name).join() ?? null,
      categories: item.tags,
    }));
    expect(items).toEqual(EXPECTED.map(({ paragraphs: _, ...fields }) => fields));
  });

  it('keep them exactly in Atom as feedparser reads them: type html, decoded once', () => {
    const text = (value: string | null, type: string | null) =>
      type === 'text/html' ? decodeHtmlOnce(value ?? '') : value;
    const entries = read()
      .get('/atom.xml')!
      .entries.map((entry) => ({
        id: entry.id,
        types: [entry.title_type, entry.summary_type],
        title: text(entry.title, entry.title_type),
        summary: text(entry.summary, entry.summary_type),
        author: entry.author,
        categories: entry.tags.map((t) => t.label),
      }));
    // RFC 4287 section 3.1.1: text with & or < goes as type="html" so that no reader loses it.
    const typeOf = (text: string) => (/[&<]/.test(text) ? 'text/html' : 'text/plain');
    const expected = EXPECTED.map(({ paragraphs: _, ...fields }) => ({
      ...fields,
      types: [typeOf(fields.title), typeOf(fields.summary)],
    }));
    expect(entries).toEqual(expected);
  });

  it('keep them exactly in Atom as @rowanmanning/feed-parser reads them', () => {
    const items = parseWithRowan(doc('/atom.xml').body).items.map((item) => ({
      id: item.id,
      title: item.title,
      summary: item.description,
      author: item.authors.map((a) => a.name).join(),
      categories: item.categories.map((c) => c.label),
    }));
    // RFC 4287 section 4.2.1: an entry without an author has the feed's (the site title).
    const expected = EXPECTED.map(({ paragraphs: _, author, ...fields }) => ({
      ...fields,
      author: author ?? 'Dateline',
    }));
    expect(items).toEqual(expected);
  });

  it('keep them exactly in RSS as XML text, with the summary HTML-escaped once in description', () => {
    const body = doc('/rss.xml').body;
    for (const want of EXPECTED) {
      const item = `//item[guid='${want.id}']`;
      expect(xpathString(body, `${item}/title`)).toBe(want.title);
      expect(decodeHtmlOnce(xpathString(body, `${item}/description`))).toBe(want.summary);
      const creator = `${item}/*[local-name()='creator' and namespace-uri()='http://purl.org/dc/elements/1.1/']`;
      expect(xpathString(body, `count(${creator})`)).toBe(want.author === null ? '0' : '1');
      if (want.author !== null) expect(xpathString(body, creator)).toBe(want.author);
      const count = Number(xpathString(body, `count(${item}/category)`));
      const categories = Array.from({ length: count }, (_, n) =>
        xpathString(body, `${item}/category[${n + 1}]`),
      );
      expect(categories).toEqual(want.categories);
    }
  });

  it('carry every body paragraph as HTML text in every format', () => {
    const contents: [string, Expected, string | null | undefined][] = EXPECTED.flatMap(
      (want, i) => [
        ['JSON', want, jsonOf(doc('/feed.json')).items[i]?.content_html],
        ['Atom, feedparser', want, read().get('/atom.xml')?.entries[i]?.content],
        ['RSS, feedparser', want, read().get('/rss.xml')?.entries[i]?.content],
        [
          'RSS, xmllint',
          want,
          xpathString(doc('/rss.xml').body, `//item[guid='${want.id}']/*[local-name()='encoded']`),
        ],
      ],
    );
    for (const [where, want, html] of contents) {
      expect(markupProblems(html ?? ''), `${where} ${want.id}`).toEqual([]);
      const text = htmlText(html ?? '');
      for (const paragraph of want.paragraphs)
        expect(text, `${where} ${want.id}`).toContain(paragraph);
    }
  });

  it('never let ]]> in the input end anything early: it comes out twice in the title everywhere', () => {
    const title = EXPECTED[1]!.title;
    expect(TITLE.split(']]>')).toHaveLength(3);
    expect(jsonOf(doc('/feed.json')).items[1]?.title).toBe(title);
    expect(decodeHtmlOnce(read().get('/atom.xml')?.entries[1]?.title ?? '')).toBe(title);
    expect(xpathString(doc('/rss.xml').body, '//item[2]/title')).toBe(title);
    // XML 1.0 section 2.4: `]]>` may not appear in character data; a CDATA section (2.7)
    // ends at its first `]]>`. So once every section is cut out, none may be left.
    for (const d of xml) {
      const outsideCdata = d.body.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
      expect(outsideCdata.includes(']]>'), d.path).toBe(false);
    }
  });
});

describe('the summary of a Markdown article that gives none', () => {
  const { get } = appFromFiles(
    filesFrom({
      '2024/code.md': [
        '---',
        'title: Code spans',
        'section: Palestine',
        'dateline: Fri 19 Apr 2024 6:22 pm - Jerusalem Time',
        '---',
        'Run `a &amp; b` and `x < y` to compare &amp; <b>decide</b>.',
        '',
      ].join('\n'),
    }),
  );
  // What the article's HTML shows: a code span is literal text, `&amp;` outside one is `&`.
  const shown = 'Run a &amp; b and x < y to compare & decide.';

  it('is the text its first paragraph shows, code spans included, in every format', async () => {
    const json = (await (await get('/feed.json')).json()) as JsonFeed;
    expect(htmlText(json.items[0]?.content_html ?? '')).toBe(shown);
    const rss = await (await get('/rss.xml')).text();
    const atom = await (await get('/atom.xml')).text();
    const [atomEntry] = readWithFeedparser([{ name: 'atom', body: atom }])[0]!.entries;
    expect({
      json: json.items[0]?.summary,
      atom: decodeHtmlOnce(atomEntry?.summary ?? ''),
      rss: decodeHtmlOnce(xpathString(rss, '//item[1]/description')),
    }).toEqual({ json: shown, atom: shown, rss: shown });
  });
});
