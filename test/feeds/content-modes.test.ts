// Items without the article's body: site-wide with FEED_CONTENT=summary (WordPress's
// "summary" setting), per request with RSSHub's ?brief=N (the summary cut to N characters).
import { describe, expect, it } from 'vitest';
import { allFeedPaths, appFromFiles, contentApp, dispatch, filesFrom } from '../support/app.ts';
import { feedparserOnce, validateAtom, validateJsonFeed } from '../support/validators.ts';
import { fetchDocs, jsonOf, type Doc } from './feed-docs.ts';

/** Every body-free feed stays valid: feedparser, RFC 4287's grammar, the JSON Feed schema. */
function expectValid(docs: Doc[]): void {
  expect(docs.filter((d) => d.status !== 200).map((d) => d.path)).toEqual([]);
  const xml = docs.filter((d) => d.format !== 'json');
  const read = feedparserOnce(xml.map((d) => ({ name: d.path, body: d.body })));
  expect([...read().values()].filter((r) => r.bozo).map((r) => r.name)).toEqual([]);
  const atom = docs.filter((d) => d.format === 'atom');
  expect(validateAtom(atom.map((d) => d.body))).toEqual(atom.map(() => ''));
  for (const doc of docs.filter((d) => d.format === 'json'))
    expect(validateJsonFeed(jsonOf(doc)), doc.path).toEqual([]);
}

function expectNoBody(docs: Doc[]): void {
  for (const doc of docs) {
    expect(doc.body, doc.path).not.toContain('<content:encoded>');
    expect(doc.body, doc.path).not.toContain('<content type="html">');
    if (doc.format === 'json') {
      for (const item of jsonOf(doc).items) {
        expect(item.content_html, doc.path).toBeUndefined();
        expect(item.content_text, doc.path).toBe(item.summary);
      }
    }
  }
}

describe('FEED_CONTENT=summary', async () => {
  const app = await contentApp({ FEED_CONTENT: 'summary' });
  const docs = await fetchDocs(app, allFeedPaths(app.catalog));

  it('leaves the body out of every item of every feed, which keeps its summary', async () => {
    expectNoBody(docs);
    const full = await contentApp();
    const [withBody] = await fetchDocs(full, ['/feed.json']);
    expect(jsonOf(withBody!).items.map((i) => i.summary)).toEqual(
      jsonOf(docs.find((d) => d.path === '/feed.json')!).items.map((i) => i.summary),
    );
  });

  it('keeps every feed valid', () => expectValid(docs));
});

describe('?brief=N', async () => {
  const app = await contentApp();
  const briefPaths = allFeedPaths(app.catalog).map((p) => `${p}?brief=100`);
  const docs = await fetchDocs(app, briefPaths);

  it('cuts each summary to N characters with an ellipsis, and leaves the body out', async () => {
    expectNoBody(docs);
    const [full] = await fetchDocs(app, ['/feed.json']);
    const [brief] = await fetchDocs(app, ['/feed.json?brief=100']);
    const summaries = jsonOf(full!).items.map((i) => i.summary ?? '');
    const cut = (s: string) =>
      Array.from(s).length > 100 ? `${Array.from(s).slice(0, 100).join('')}…` : s;
    expect(jsonOf(brief!).items.map((i) => i.summary)).toEqual(summaries.map(cut));
    expect(summaries.some((s) => Array.from(s).length > 100)).toBe(true);
  });

  it('keeps every feed valid, with brief in its self link', () => {
    expectValid(docs);
    const rss = docs.find((d) => d.path === '/rss.xml?brief=100')!;
    expect(rss.body).toContain(
      '<atom:link rel="self" type="application/rss+xml" href="http://localhost:8787/rss.xml?brief=100"/>',
    );
  });

  it('never cuts a character in two', async () => {
    // 99 letters, then U+1F4F0 (two UTF-16 units): the 100th character is kept whole.
    const summary = `${'a'.repeat(99)}\u{1F4F0} and more`;
    const { get } = appFromFiles(filesFrom({ 'x.txt': dispatch({ body: [summary] }) }));
    const feed = (await (await get('/feed.json?brief=100')).json()) as {
      items: { summary: string }[];
    };
    expect(feed.items[0]?.summary).toBe(`${'a'.repeat(99)}\u{1F4F0}…`);
  });

  it.each(['99', '0100', '1e3', 'abc', '100&brief=200'])('answers brief=%s with 400', async (n) => {
    expect((await app.get(`/rss.xml?brief=${n}`)).status).toBe(400);
  });
});
