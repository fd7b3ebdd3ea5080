// Drafts are published nowhere; an article dated ahead is embargoed until its dateline and
// goes live by itself, by the injected clock; a dateline years ahead is reported as a typo.
// Instants are worked by hand: Jerusalem keeps summer time (UTC+3) in July, winter time
// (UTC+2) in December.
import { getRequestListener } from '@hono/node-server';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { formatProblem } from '../../src/content/article.ts';
import { buildCatalog } from '../../src/store/catalog.ts';
import { watchGoLive } from '../../src/store/go-live.ts';
import { createFastListener } from '../../src/http/fast-listener.ts';
import { edgeVersion } from '../../src/http/edge-cache.ts';
import { nextChange, publishedAt, publishedNow } from '../../src/store/published-view.ts';
import { createReloadingStore, fixedStore } from '../../src/store/store.ts';
import { changedTopics } from '../../src/websub/topics.ts';
import { appFromFiles, dispatch, feedJson, filesFrom } from '../support/app.ts';

const SITE = 'https://news.example.org';
const VARS = { SITE_URL: SITE };
/** Thu 1 Jul 2027 9:00 am in Jerusalem (IDT, UTC+3). */
const GO_LIVE = Date.UTC(2027, 6, 1, 6, 0);
/** Wed 1 Dec 2027 9:00 am in Jerusalem (IST, UTC+2). */
const LATER = Date.UTC(2027, 11, 1, 7, 0);
const BEFORE = Date.UTC(2027, 5, 30, 12, 0);

const seed = dispatch({ title: 'Talks in Rafah', tags: ['Gaza'] });
const embargoed = dispatch({
  section: 'ECONOMY',
  dateline: 'Thu 1 Jul 2027 9:00 am - Jerusalem Time',
  title: 'Budget to be announced',
  tags: ['Budget'],
});
const markdown = (front: string[]) =>
  ['---', ...front, '---', '', 'The body of the article.'].join('\n');
const draft = markdown([
  'title: Not ready yet',
  'section: CULTURE',
  'dateline: Wed 1 Dec 2027 9:00 am - Jerusalem Time',
  'author: Lina Haddad',
  'tags: [Secret]',
  'draft: true',
]);

/** Every page, feed and list a reader or crawler reaches, as text. */
async function everything(get: (path: string) => Promise<Response>): Promise<string> {
  const paths = ['/', '/feeds.opml', '/sitemap.xml', '/news-sitemap.xml', '/healthz'];
  for (const base of ['/', '/sections/palestine/', '/tags/gaza/'])
    for (const file of ['rss.xml', 'atom.xml', 'feed.json']) paths.push(base + file);
  const bodies = await Promise.all(paths.map(async (p) => (await get(p)).text()));
  return bodies.join('\n');
}

describe('drafts', () => {
  it('never publishes a draft: no feed, page, sitemap, OPML or count shows it, and nothing is reported', async () => {
    const { catalog, get } = appFromFiles(filesFrom({ 'a.txt': seed, 'draft.md': draft }), VARS);
    expect(catalog.problems).toEqual([]);
    expect(catalog.drafts).toEqual(['draft.md']);
    const text = await everything(get);
    expect(text).toContain('Talks in Rafah');
    for (const word of ['Not ready yet', 'Secret', 'CULTURE', 'Lina Haddad', 'draft'])
      expect(text).not.toContain(word);
    expect(await (await get('/healthz')).json()).toMatchObject({ articles: 1, rejected: 0 });
    for (const path of ['/articles/draft', '/sections/culture/', '/tags/secret/rss.xml'])
      expect((await get(path)).status).toBe(404);
  });

  it('leaves a draft unchecked, so work in progress without a title or dateline is no error', () => {
    const files = filesFrom({ 'wip.md': markdown(['section: CULTURE', 'draft: true']) });
    const catalog = buildCatalog(files, parseConfig(VARS));
    expect(catalog.problems).toEqual([]);
    expect(catalog.drafts).toEqual(['wip.md']);
  });

  it('publishes a file whose draft is false, and reports a draft that is neither true nor false', () => {
    const front = ['title: T', 'section: S', 'dateline: Fri 19 Apr 2024 6:22 pm - Jerusalem Time'];
    const catalog = buildCatalog(
      filesFrom({
        'no.md': markdown([...front, 'draft: false']),
        'maybe.md': markdown([...front, 'draft: maybe']),
      }),
      parseConfig(VARS),
    );
    expect([...catalog.bySlug.keys()]).toEqual(['no']);
    expect(catalog.problems.map((p) => formatProblem(p))).toEqual([
      "maybe.md:5: draft must be true or false, not 'maybe'",
    ]);
  });

  it('takes a published article down when its file becomes a draft, instead of keeping its last good version', async () => {
    const published = markdown([
      'title: Published once',
      'section: CULTURE',
      'dateline: Fri 19 Apr 2024 6:22 pm - Jerusalem Time',
    ]);
    let texts: Record<string, string> = { 'a.txt': seed, 'b.md': published };
    const store = await createReloadingStore(
      () => Promise.resolve(filesFrom(texts)),
      parseConfig(VARS),
    );
    expect(store.current().bySlug.has('b')).toBe(true);
    texts = { 'a.txt': seed, 'b.md': published.replace('---\n\n', 'draft: true\n---\n\n') };
    const result = await store.reload();
    expect(result.changed).toBe(true);
    expect(result.catalog.bySlug.has('b')).toBe(false);
    expect(result.catalog.kept).toEqual([]);
    expect(result.catalog.drafts).toEqual(['b.md']);
    expect(result.newProblems).toEqual([]);
  });
});

describe('embargoes', () => {
  it('publishes an article dated ahead at its dateline, by the clock alone', async () => {
    let now = BEFORE;
    const { get } = appFromFiles(filesFrom({ 'a.txt': seed, 'b.txt': embargoed }), VARS, () => now);
    const before = await get('/feed.json');
    expect((await feedJson(before)).items.map((i) => i.title)).toEqual(['Talks in Rafah']);
    expect((await get('/articles/b')).status).toBe(404);
    expect((await get('/sections/economy/rss.xml')).status).toBe(404);
    expect(await everything(get)).not.toContain('Budget');
    // Nothing changes before the instant the content names…
    now = GO_LIVE - 1;
    const still = await get('/feed.json');
    expect(still.headers.get('etag')).toBe(before.headers.get('etag'));
    // …and at it, the article is everywhere, with new validators.
    now = GO_LIVE;
    const after = await get('/feed.json');
    const items = (await feedJson(after)).items;
    expect(items.map((i) => [i.title, i.date_published])).toEqual([
      ['Budget to be announced', '2027-07-01T06:00:00Z'],
      ['Talks in Rafah', '2024-04-19T15:22:00Z'],
    ]);
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect(after.headers.get('last-modified')).toBe('Thu, 01 Jul 2027 06:00:00 GMT');
    expect((await get('/articles/b')).status).toBe(200);
    expect((await get('/sections/economy/rss.xml')).status).toBe(200);
    expect((await get('/tags/budget/atom.xml')).status).toBe(200);
  });

  it("is not held back by the Node server's stored answers: the go-live reaches a repeated poll", async () => {
    let now = BEFORE;
    const clock = () => now;
    const { app, catalog } = appFromFiles(
      filesFrom({ 'a.txt': seed, 'b.txt': embargoed }),
      VARS,
      clock,
    );
    const server = createServer(
      createFastListener<IncomingMessage, ServerResponse>({
        fetch: app.fetch,
        version: publishedNow(fixedStore(catalog), clock),
        encodings: [],
        toListener: (fetch) => getRequestListener(fetch),
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rss.xml`;
    try {
      const polls: string[] = [];
      for (const at of [BEFORE, BEFORE + 1, GO_LIVE, GO_LIVE + 1]) {
        now = at;
        polls.push(await (await fetch(url)).text());
      }
      expect(polls.map((rss) => rss.includes('Budget to be announced'))).toEqual([
        false,
        false,
        true,
        true,
      ]);
    } finally {
      server.close();
    }
  });

  it('never sends a Last-Modified later than the time of the response, whatever updated date an article holds', async () => {
    let now = BEFORE;
    const updatedAhead = markdown([
      'title: Updated ahead',
      'section: PALESTINE',
      'dateline: Fri 19 Apr 2024 6:22 pm - Jerusalem Time',
      'updated: Wed 1 Dec 2027 9:00 am - Jerusalem Time',
    ]);
    const { get } = appFromFiles(filesFrom({ 'a.md': updatedAhead }), VARS, () => now);
    for (const at of [BEFORE, LATER - 1, LATER, LATER + 86_400_000]) {
      now = at;
      for (const path of ['/rss.xml', '/', '/sitemap.xml', '/articles/a']) {
        const modified = Date.parse((await get(path)).headers.get('last-modified') ?? '');
        expect(modified, `${path} at ${new Date(at).toISOString()}`).toBeLessThanOrEqual(now);
      }
    }
    now = BEFORE;
    expect((await get('/rss.xml')).headers.get('last-modified')).toBe(
      'Fri, 19 Apr 2024 15:22:00 GMT',
    );
    now = LATER;
    expect((await get('/rss.xml')).headers.get('last-modified')).toBe(
      'Wed, 01 Dec 2027 07:00:00 GMT',
    );
  });

  it('wakes at the go-live to tell the hub about exactly the feeds it changed, and not before', () => {
    const config = parseConfig(VARS);
    const catalog = buildCatalog(filesFrom({ 'a.txt': seed, 'b.txt': embargoed }), config);
    let now = BEFORE;
    const timers: { run: () => void; ms: number }[] = [];
    const pings: string[][] = [];
    watchGoLive({
      current: () => catalog,
      clock: () => now,
      onChange: (previous, next) => pings.push(changedTopics(config, previous, next)),
      setTimer: (run, ms) => {
        timers.push({ run, ms });
        return { cancel: () => {} };
      },
    });
    expect(timers.map((t) => t.ms)).toEqual([GO_LIVE - BEFORE]);
    now = GO_LIVE;
    timers[0]!.run();
    const feeds = (base: string) =>
      ['rss.xml', 'atom.xml', 'feed.json'].map((f) => SITE + base + f);
    expect(pings).toEqual([
      [...feeds('/'), ...feeds('/sections/economy/'), ...feeds('/tags/budget/')],
    ]);
    expect(timers).toHaveLength(1); // nothing else lies ahead: no more waking
  });

  it('keeps one published view for the whole span between two instants the content names', () => {
    const catalog = buildCatalog(
      filesFrom({ 'a.txt': seed, 'b.txt': embargoed }),
      parseConfig(VARS),
    );
    const early = publishedAt(catalog, BEFORE);
    expect(publishedAt(catalog, GO_LIVE - 1)).toBe(early);
    expect(early.bySlug.size).toBe(1);
    expect(publishedAt(catalog, GO_LIVE)).toBe(catalog);
  });
});

describe('embargoes at the edge', () => {
  it('let no copy in the Workers edge cache outlive a go-live: its key changes at the instant', () => {
    const catalog = buildCatalog(
      filesFrom({ 'a.txt': seed, 'b.txt': embargoed }),
      parseConfig(VARS),
    );
    const key = (name: string, now: number) => edgeVersion(name, nextChange(catalog, now));
    const before = key('v1', BEFORE);
    expect(key('v1', GO_LIVE - 1)).toBe(before);
    const after = key('v1', GO_LIVE);
    expect(after).not.toBe(before);
    expect(key('v1', GO_LIVE + 86_400_000)).toBe(after);
    expect(key('v2', GO_LIVE)).not.toBe(after);
  });
});

describe('datelines far ahead', () => {
  it('reports a dateline more than two years ahead as a likely typo and leaves the article out', () => {
    const now = Date.UTC(2026, 11, 7, 12, 0);
    const typo = dispatch({ dateline: 'Fri 31 Dec 9999 6:22 pm - Jerusalem Time', title: 'Typo' });
    const inTwoYears = dispatch({
      dateline: 'Wed 1 Mar 2028 9:00 am - Jerusalem Time',
      title: 'Far',
    });
    const catalog = buildCatalog(filesFrom({ 'a.txt': seed, 'b.txt': typo, 'c.txt': inTwoYears }), {
      ...parseConfig(VARS),
      clock: () => now,
    });
    expect(catalog.problems.map((p) => formatProblem(p))).toEqual([
      'b.txt:3: the dateline 9999-12-31T16:22:00.000Z is more than two years ahead, likely a typo; check the year (an article dated ahead goes live by itself at its dateline)',
    ]);
    // Within two years: embargoed, not reported.
    expect([...catalog.bySlug.keys()].sort()).toEqual(['a', 'c']);
    expect([...publishedAt(catalog, now).bySlug.keys()]).toEqual(['a']);
  });

  it('keeps the last good version of a published article whose year is mistyped far ahead', async () => {
    let texts: Record<string, string> = { 'a.txt': seed };
    const options = { ...parseConfig(VARS), clock: () => Date.UTC(2026, 11, 7) };
    const store = await createReloadingStore(() => Promise.resolve(filesFrom(texts)), options);
    texts = { 'a.txt': seed.replace('2024', '2042').replace('Fri', 'Sat') };
    const result = await store.reload();
    expect(result.catalog.bySlug.get('a')?.published).toBe(Date.UTC(2024, 3, 19, 15, 22));
    expect(result.catalog.kept).toEqual(['a.txt']);
    expect(result.newProblems.map((p) => p.line)).toEqual([3]);
  });
});
