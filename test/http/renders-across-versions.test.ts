// A new store version re-renders only what it changed: a feed or page whose items, dates and
// names are the same keeps its rendered bytes, its compressed copies and its ETag, so an edit in
// one section costs the other sections nothing and their pollers get a 304.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { gzipWithCompressionStream } from '../../src/http/representation.ts';
import { createReloadingStore } from '../../src/store/store.ts';
import { dispatch, filesFrom, TEST_CLOCK } from '../support/app.ts';

const SITE = 'https://news.example.org';
const texts = (economyTitle: string) => ({
  'a.txt': dispatch({ title: 'Talks in Rafah', tags: ['Gaza'] }),
  'b.txt': dispatch({
    section: 'ECONOMY',
    dateline: 'Sat 20 Apr 2024 9:00 am - Jerusalem Time',
    title: economyTitle,
    tags: ['Budget'],
  }),
});

describe('renders across store versions', () => {
  it('keeps the bytes, compressed copies and ETag of every feed and page an edit did not touch', async () => {
    let current = texts('Budget announced');
    const store = await createReloadingStore(
      () => Promise.resolve(filesFrom(current)),
      parseConfig({ SITE_URL: SITE }),
    );
    /** Every body compressed: a representation rendered again is compressed again. */
    const compressed: number[] = [];
    const app = createApp({
      store,
      config: parseConfig({ SITE_URL: SITE }),
      clock: TEST_CLOCK,
      encoders: {
        gzip: (bytes) => {
          compressed.push(bytes.length);
          return gzipWithCompressionStream(bytes);
        },
      },
    });
    const untouched = [
      '/sections/palestine/rss.xml',
      '/sections/palestine/atom.xml',
      '/tags/gaza/feed.json',
      '/sections/palestine/',
      '/articles/a',
    ];
    const touched = ['/rss.xml', '/sections/economy/feed.json', '/tags/budget/rss.xml', '/'];
    const etags = async (paths: string[]) =>
      Promise.all(
        paths.map(async (path) => {
          const response = await app.request(path, { headers: { 'Accept-Encoding': 'gzip' } });
          await response.arrayBuffer();
          return response.headers.get('etag');
        }),
      );
    const before = await etags([...untouched, ...touched]);
    expect(compressed).toHaveLength(untouched.length + touched.length);

    current = texts('Budget announced, with cuts');
    expect((await store.reload()).changed).toBe(true);
    compressed.length = 0;
    const after = await etags(untouched);
    expect(after).toEqual(before.slice(0, untouched.length));
    expect(compressed).toEqual([]); // not rendered, not compressed again
    const changed = await etags(touched);
    expect(compressed).toHaveLength(touched.length);
    changed.forEach((etag, i) => expect(etag).not.toBe(before[untouched.length + i]));

    // An aggregator polling an untouched feed with its ETag gets a 304.
    const poll = await app.request('/sections/palestine/rss.xml', {
      headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': before[0]! },
    });
    expect(poll.status).toBe(304);
  });
});
