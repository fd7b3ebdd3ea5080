import { describe, expect, it } from 'vitest';
import { appFromFiles, dispatch, feedJson, filesFrom } from '../support/app.ts';
import { readWithFeedparser, validateAtom, validateJsonFeed } from '../support/validators.ts';

const day = (d: number) =>
  `${['Mon', 'Tue', 'Wed', 'Thu', 'Fri'][d - 1]} ${d} Jan 2024 9:00 am - Jerusalem Time`;
const { get } = appFromFiles(
  filesFrom({
    'a.txt': dispatch({
      dateline: day(1),
      title: 'Talks in Cairo',
      body: ['Ceasefire talks resumed.'],
      tags: ['Egypt', 'Ceasefire'],
    }),
    'b.txt': dispatch({
      dateline: day(2),
      title: 'Rafah crossing shut',
      body: ['Aid waits at the border.'],
      tags: ['Rafah', 'Gaza'],
    }),
    'c.txt': dispatch({
      dateline: day(3),
      title: 'Fuel runs low',
      body: ['Hospitals in GAZA ration power.'],
      tags: ['Gaza'],
    }),
    'd.txt': dispatch({
      section: 'ECONOMY',
      dateline: day(4),
      title: 'Prices (a+)+$ rise',
      body: ['Markets in Nablus.'],
      tags: ['West Bank'],
    }),
    'e.txt': dispatch({
      dateline: day(5),
      title: 'المساعدات تصل إلى رفح',
      body: ['وصلت الشاحنات.'],
      tags: ['غزة'],
    }),
  }),
);

async function titles(path: string): Promise<string[]> {
  const response = await get(path);
  expect(response.status, path).toBe(200);
  return (await feedJson(response)).items.map((i) => i.title);
}

describe('reader-side filters (RSSHub names)', () => {
  it('filter keeps items whose title, summary or tags contain the text, in any case', async () => {
    expect(await titles('/feed.json?filter=gaza')).toEqual([
      'Fuel runs low',
      'Rafah crossing shut',
    ]);
    expect(await titles('/feed.json?filter=CEASEFIRE')).toEqual(['Talks in Cairo']);
    expect(await titles(`/feed.json?filter=${encodeURIComponent('الشاحنات')}`)).toEqual([
      'المساعدات تصل إلى رفح',
    ]);
  });

  it('filterout drops them, filter_title looks at titles only', async () => {
    expect(await titles('/feed.json?filterout=gaza')).toEqual([
      'المساعدات تصل إلى رفح',
      'Prices (a+)+$ rise',
      'Talks in Cairo',
    ]);
    expect(await titles('/feed.json?filter_title=rafah')).toEqual(['Rafah crossing shut']);
  });

  it('filter_category keeps items in a tag or section, named in any spelling', async () => {
    expect(await titles('/feed.json?filter_category=West%20bank')).toEqual(['Prices (a+)+$ rise']);
    expect(await titles('/feed.json?filter_category=economy')).toEqual(['Prices (a+)+$ rise']);
  });

  it('filter_time counts back from the newest article, not from the clock', async () => {
    // The newest is 5 Jan 09:00; two days back reaches 3 Jan 09:00.
    expect(await titles('/feed.json?filter_time=172800')).toEqual([
      'المساعدات تصل إلى رفح',
      'Prices (a+)+$ rise',
      'Fuel runs low',
    ]);
  });

  it('match plain text, never a pattern: a regular expression is just characters', async () => {
    expect(await titles(`/feed.json?filter=${encodeURIComponent('(a+)+$')}`)).toEqual([
      'Prices (a+)+$ rise',
    ]);
    expect(await titles('/feed.json?filter=.*')).toEqual([]);
  });

  it('combine, and take part in the self link, the paging links, the Atom id and the ETag', async () => {
    const path = '/tags/gaza/atom.xml?limit=1&filter=gaza&filterout=rafah';
    const atom = await (await get(path)).text();
    expect(atom).toContain(
      `<link rel="self" type="application/atom+xml" href="http://localhost:8787${path.replace(/&/g, '&amp;')}"/>`,
    );
    expect(atom).toContain(
      '<id>http://localhost:8787/tags/gaza/atom.xml?filter=gaza&amp;filterout=rafah</id>',
    );
    expect(atom.match(/<entry>/g)).toHaveLength(1);
    const unfiltered = await get('/tags/gaza/atom.xml?limit=1');
    expect(unfiltered.headers.get('etag')).not.toBe((await get(path)).headers.get('etag'));
    const json = await feedJson(await get('/feed.json?limit=1&filter=gaza'));
    expect(json.next_url).toBe('http://localhost:8787/page/2/feed.json?limit=1&filter=gaza');
    expect(json.title).toBe('Dateline (filtered)');
  });

  it('redirect other orders and blank fields to the one canonical address', async () => {
    const response = await get('/rss.xml?filter_title=&filterout=x&filter=y&filter_time=');
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe(
      'http://localhost:8787/rss.xml?filter=y&filterout=x',
    );
  });

  it.each([
    'filter=a&filter=b',
    `filter=${'x'.repeat(101)}`,
    'filter=%01',
    'filter_time=abc',
    'filter_time=0',
    'filter_time=-5',
  ])('answer the invalid ?%s with 400', async (query) =>
    expect((await get(`/rss.xml?${query}`)).status).toBe(400),
  );
});

describe('combined scopes', () => {
  it('hold the items of any of the tags, each once, newest first', async () => {
    expect(await titles('/tags/egypt+rafah/feed.json')).toEqual([
      'Rafah crossing shut',
      'Talks in Cairo',
    ]);
    expect(await titles('/tags/gaza+rafah/feed.json')).toEqual([
      'Fuel runs low',
      'Rafah crossing shut',
    ]);
    expect(await titles('/sections/economy+palestine/feed.json')).toHaveLength(5);
  });

  it('have one address: names in slug order, each once', async () => {
    const response = await get('/tags/Rafah+egypt+rafah/rss.xml?filter=x');
    expect(response.headers.get('location')).toBe(
      'http://localhost:8787/tags/egypt+rafah/rss.xml?filter=x',
    );
    const json = await feedJson(await get('/tags/egypt+rafah/feed.json'));
    expect(json.feed_url).toBe('http://localhost:8787/tags/egypt+rafah/feed.json');
    expect(json.title).toBe('Egypt + Rafah — Dateline');
  });

  it('answer an unknown part with 404 and too many parts with 400', async () => {
    expect(await (await get('/tags/egypt+nowhere/rss.xml')).text()).toBe("no tag 'nowhere'\n");
    expect(
      (await get(`/tags/${Array.from({ length: 11 }, () => 'gaza').join('+')}/rss.xml`)).status,
    ).toBe(400);
  });
});

describe('filtered and combined feeds', () => {
  it('stay valid: feedparser, the Atom grammar and the JSON Feed schema', async () => {
    const paths = ['/tags/gaza+rafah/', '/sections/economy+palestine/', '/'].map(
      (base) => `${base}%F?filter=a&filter_time=172800`,
    );
    const docs = await Promise.all(
      paths
        .flatMap((p) => ['rss.xml', 'atom.xml', 'feed.json'].map((f) => p.replace('%F', f)))
        .map(async (path) => ({ name: path, body: await (await get(path)).text() })),
    );
    const xml = docs.filter((d) => !d.name.includes('feed.json'));
    expect(readWithFeedparser(xml).map((r) => r.bozo)).toEqual(xml.map(() => false));
    expect(validateAtom(xml.filter((d) => d.name.includes('atom')).map((d) => d.body))).toEqual([
      '',
      '',
      '',
    ]);
    for (const doc of docs.filter((d) => d.name.includes('feed.json')))
      expect(validateJsonFeed(JSON.parse(doc.body))).toEqual([]);
  });

  it('can be built from the form on the HTML pages', async () => {
    const page = await (await get('/tags/gaza/')).text();
    expect(page).toContain('<form method="get" action="http://localhost:8787/tags/gaza/rss.xml">');
    for (const name of ['filter', 'filterout', 'filter_title', 'filter_category', 'filter_time'])
      expect(page).toContain(`name="${name}"`);
    // What a browser submits with two fields filled and the rest blank.
    const submitted = await get(
      '/tags/gaza/rss.xml?filter=fuel&filterout=&filter_title=&filter_category=&filter_time=604800',
    );
    expect(submitted.headers.get('location')).toBe(
      'http://localhost:8787/tags/gaza/rss.xml?filter=fuel&filter_time=604800',
    );
    expect((await get('/')).status).toBe(200);
  });
});
