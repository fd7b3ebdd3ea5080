import { describe, expect, it } from 'vitest';
import { appFromFiles, dispatch, feedJson, filesFrom } from '../support/app.ts';
import {
  readWithFeedparser,
  validateAtom,
  validateJsonFeed,
  xpathString,
} from '../support/validators.ts';

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
    'f.md': [
      '---',
      'title: Olive prices steady',
      'section: ECONOMY',
      'dateline: Sun 31 Dec 2023 9:00 am - Jerusalem Time',
      'author: Lina Haddad',
      'tags:',
      '  - West Bank',
      '---',
      '',
      'Growers in Jenin report a steady season.',
      '',
    ].join('\n'),
  }),
);

async function titles(path: string): Promise<string[]> {
  const response = await get(path);
  expect(response.status, path).toBe(200);
  return (await feedJson(response)).items.map((i) => i.title);
}

/** Each address answers 301 to its site-relative target. */
async function expectRedirects(expectations: Record<string, string>): Promise<void> {
  for (const [from, to] of Object.entries(expectations)) {
    const response = await get(from);
    expect(response.status, from).toBe(301);
    expect(response.headers.get('location'), from).toBe(`http://localhost:8787${to}`);
  }
}

describe('reader-side filters (RSSHub names and meaning)', () => {
  it('filter keeps items whose title, summary, author or a category matches, case-sensitively', async () => {
    // b and c carry the tag Gaza; c's summary says GAZA; nothing else says Gaza.
    expect(await titles('/feed.json?filter=Gaza')).toEqual([
      'Fuel runs low',
      'Rafah crossing shut',
    ]);
    expect(await titles('/feed.json?filter=GAZA')).toEqual(['Fuel runs low']);
    expect(await titles('/feed.json?filter=gaza')).toEqual([]);
    expect(await titles('/feed.json?filter=Haddad')).toEqual(['Olive prices steady']);
    expect(await titles(`/feed.json?filter=${encodeURIComponent('الشاحنات')}`)).toEqual([
      'المساعدات تصل إلى رفح',
    ]);
  });

  it('filter_case_sensitive=false makes every pattern ignore case', async () => {
    expect(await titles('/feed.json?filter=gaza&filter_case_sensitive=false')).toEqual([
      'Fuel runs low',
      'Rafah crossing shut',
    ]);
    expect(await titles('/feed.json?filterout_title=RAFAH&filter_case_sensitive=false')).toEqual([
      'المساعدات تصل إلى رفح',
      'Prices (a+)+$ rise',
      'Fuel runs low',
      'Talks in Cairo',
      'Olive prices steady',
    ]);
  });

  it('takes each value as a pattern: alternatives, anchors and classes', async () => {
    expect(await titles('/feed.json?filter=Cairo%7CNablus')).toEqual([
      'Prices (a+)+$ rise',
      'Talks in Cairo',
    ]);
    expect(await titles('/feed.json?filter_title=%5ERafah')).toEqual(['Rafah crossing shut']);
    expect(await titles(`/feed.json?filter=${encodeURIComponent('\\(a\\+\\)')}`)).toEqual([
      'Prices (a+)+$ rise',
    ]);
    // A pattern a backtracking engine takes exponential time on: RE2 answers in linear time.
    // It matches the categories that end in "a" (Gaza).
    expect(await titles(`/feed.json?filter=${encodeURIComponent('(a+)+$')}`)).toEqual([
      'Fuel runs low',
      'Rafah crossing shut',
    ]);
  });

  it('filter_title, filter_description, filter_author and filter_category each look at one field', async () => {
    expect(await titles('/feed.json?filter_description=power%5C.%24')).toEqual(['Fuel runs low']);
    expect(await titles('/feed.json?filter_author=%5ELina')).toEqual(['Olive prices steady']);
    expect(await titles('/feed.json?filter_category=%5EGaza%24')).toEqual([
      'Fuel runs low',
      'Rafah crossing shut',
    ]);
    expect(await titles('/feed.json?filter_title=Olive&filter_category=Economy')).toEqual([
      'Olive prices steady',
    ]);
  });

  it('filterout drops items whose title or summary matches, not their categories', async () => {
    expect(await titles('/feed.json?filterout=Rafah')).toEqual([
      'المساعدات تصل إلى رفح',
      'Prices (a+)+$ rise',
      'Fuel runs low',
      'Talks in Cairo',
      'Olive prices steady',
    ]);
    // a is tagged Egypt: filterout does not look at tags, filterout_category does.
    expect(await titles('/feed.json?filterout=Egypt')).toHaveLength(6);
    expect(await titles('/feed.json?filterout_category=Egypt%7CGaza%7C%D8%BA%D8%B2%D8%A9')).toEqual(
      ['Prices (a+)+$ rise', 'Olive prices steady'],
    );
    expect(await titles('/feed.json?filterout_description=GAZA&filterout_author=Lina')).toEqual([
      'المساعدات تصل إلى رفح',
      'Prices (a+)+$ rise',
      'Rafah crossing shut',
      'Talks in Cairo',
    ]);
  });

  it('filter_time counts back from the newest article, not from the clock', async () => {
    // The newest is 5 Jan 09:00; two days back reaches 3 Jan 09:00.
    expect(await titles('/feed.json?filter_time=172800')).toEqual([
      'المساعدات تصل إلى رفح',
      'Prices (a+)+$ rise',
      'Fuel runs low',
    ]);
  });

  it('combine, and take part in the self link, the paging links, the Atom id and the ETag', async () => {
    const path = '/tags/gaza/atom.xml?limit=1&filter=Gaza&filterout=Rafah';
    const atom = await (await get(path)).text();
    expect(atom).toContain(
      `<link rel="self" type="application/atom+xml" href="http://localhost:8787${path.replace(/&/g, '&amp;')}"/>`,
    );
    expect(atom).toContain(
      '<id>http://localhost:8787/tags/gaza/atom.xml?filter=Gaza&amp;filterout=Rafah</id>',
    );
    expect(atom.match(/<entry>/g)).toHaveLength(1);
    const unfiltered = await get('/tags/gaza/atom.xml?limit=1');
    expect(unfiltered.headers.get('etag')).not.toBe((await get(path)).headers.get('etag'));
    const json = await feedJson(await get('/feed.json?limit=1&filter=Gaza'));
    expect(json.next_url).toBe('http://localhost:8787/page/2/feed.json?limit=1&filter=Gaza');
    expect(json.title).toBe('Dateline (filtered)');
  });

  it('redirect other orders, blank fields and RSSHub defaults to the one canonical address', async () => {
    const expectations = {
      '/rss.xml?filter_title=&filterout=x&filter=y&filter_time=': '/rss.xml?filter=y&filterout=x',
      '/rss.xml?filter_case_sensitive=false&filter_author=A&filterout=x':
        '/rss.xml?filterout=x&filter_author=A&filter_case_sensitive=false',
      '/rss.xml?filter=y&filter_case_sensitive=true': '/rss.xml?filter=y',
      '/rss.xml?sorted=false&limit=5': '/rss.xml?limit=5',
      '/rss.xml?sorted=true': '/rss.xml',
      '/rss.xml?utm_source=newsletter&filter=y': '/rss.xml?filter=y',
    };
    await expectRedirects(expectations);
  });

  it('answer ?format= with the same feed in that format, filters and limit kept', async () => {
    const expectations = {
      '/rss.xml?format=atom&limit=5&filter=Gaza': '/atom.xml?limit=5&filter=Gaza',
      '/tags/gaza/feed.json?format=rss': '/tags/gaza/rss.xml',
      '/page/2/atom.xml?limit=2&format=json': '/page/2/feed.json?limit=2',
      '/atom.xml?format=atom': '/atom.xml',
    };
    await expectRedirects(expectations);
  });

  it.each([
    'filter=a&filter=b',
    `filter=${'x'.repeat(101)}`,
    'filter=%01',
    'filter=(a',
    'filter_title=%5B',
    'filter=a&filter_title=b',
    'filter_time=abc',
    'filter_time=0',
    'filter_time=-5',
    'filter_case_sensitive=no',
    'filter_foo=1',
    'filterout_everything=1',
    'format=xml',
    'format=rss&format=atom',
    'sorted=maybe',
    'brief=99',
  ])('answer the malformed or unknown ?%s with 400 and one line', async (query) => {
    const response = await get(`/rss.xml?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect((await response.text()).trimEnd().split('\n')).toHaveLength(1);
  });

  it('keep the 400 for an unknown name one line, whatever characters the name holds', async () => {
    const response = await get('/rss.xml?filter%0A%E2%80%A8x=1');
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(
      /^unknown parameter filter\\u000a\\u2028x; supported: [^\n]+\n$/,
    );
  });

  it('name the supported parameters when one is unknown', async () => {
    const text = await (await get('/rss.xml?filter_foo=1')).text();
    for (const name of ['filter_author', 'filterout_category', 'filter_case_sensitive', 'format'])
      expect(text).toContain(name);
  });

  it('quote a filter in the RSS channel description as text, which a reader showing HTML shows', async () => {
    const rss = await (await get(`/rss.xml?filter=${encodeURIComponent('"><script>')}`)).text();
    expect(rss).not.toContain('<script>');
    expect(xpathString(rss, '/rss/channel/description')).toContain('/&quot;&gt;&lt;script&gt;/');
  });
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
    expect(await titles('/sections/economy+palestine/feed.json')).toHaveLength(6);
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
    for (const name of [
      'filter',
      'filterout',
      'filter_title',
      'filter_category',
      'filter_case_sensitive',
      'filter_time',
    ])
      expect(page).toContain(`name="${name}"`);
    // What a browser submits with two fields filled, the rest blank and "ignore case" checked.
    const submitted = await get(
      '/tags/gaza/rss.xml?filter=fuel&filterout=&filter_title=&filter_category=&filter_case_sensitive=false&filter_time=604800',
    );
    const canonical = submitted.headers.get('location') ?? '';
    expect(canonical).toBe(
      'http://localhost:8787/tags/gaza/rss.xml?filter=fuel&filter_time=604800&filter_case_sensitive=false',
    );
    // "fuel" finds "Fuel runs low" only because case is ignored.
    const feed = await (await get(canonical.replace('http://localhost:8787', ''))).text();
    expect(feed).toContain('<title>Fuel runs low</title>');
    expect((await get('/')).status).toBe(200);
  });
});
