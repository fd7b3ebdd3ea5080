import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/store/catalog.ts';
import { changedTopics, feedTopics } from '../../src/websub/topics.ts';
import { allFeedPaths, appFromFiles, dispatch, filesFrom } from '../support/app.ts';

const SITE = 'https://news.example.org';
const VARS = { SITE_URL: SITE };

/** The store: two sections, three tags, datelines a day apart (newest first by name). */
function store(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const texts: Record<string, string | undefined> = {
    'a.txt': dispatch({
      dateline: 'Sat 20 Apr 2024 9:00 am - Jerusalem Time',
      title: 'Talks in Rafah',
      tags: ['Gaza', 'Ceasefire'],
    }),
    'b.txt': dispatch({
      dateline: 'Fri 19 Apr 2024 9:00 am - Jerusalem Time',
      title: 'Aid convoys',
      tags: ['Gaza'],
    }),
    'c.txt': dispatch({
      section: 'ARAB AND WORLD',
      dateline: 'Thu 18 Apr 2024 9:00 am - Jerusalem Time',
      title: 'Summit in Cairo',
      tags: ['Egypt'],
    }),
    ...overrides,
  };
  const result: Record<string, string> = {};
  for (const [path, text] of Object.entries(texts)) if (text !== undefined) result[path] = text;
  return result;
}

function catalogOf(texts: Record<string, string>): Catalog {
  const { catalog } = appFromFiles(filesFrom(texts), VARS);
  expect(catalog.problems).toEqual([]);
  return catalog;
}

const { config } = appFromFiles([], VARS);

/** The three topic URLs of a feed directory: `/`, `/sections/palestine/`. */
const feeds = (...bases: string[]) =>
  bases.flatMap((base) => ['rss.xml', 'atom.xml', 'feed.json'].map((f) => SITE + base + f));

describe('feedTopics and changedTopics', () => {
  it('a new deploy publishes every feed of every scope in the three formats', () => {
    const catalog = catalogOf(store());
    const topics = changedTopics(config, undefined, catalog);
    expect(topics).toEqual(feedTopics(config, catalog));
    expect(topics).toEqual(allFeedPaths(catalog).map((path) => SITE + path));
    expect(topics).toEqual(
      feeds(
        '/',
        '/sections/arab-and-world/',
        '/sections/palestine/',
        '/tags/ceasefire/',
        '/tags/egypt/',
        '/tags/gaza/',
      ),
    );
  });

  it('gives topics as percent-encoded URLs, as the feeds link to themselves', () => {
    const catalog = catalogOf(
      store({ 'd.txt': dispatch({ title: 'Night raids', tags: ['غزة'] }) }),
    );
    expect(feedTopics(config, catalog)).toContain(
      `${SITE}/tags/${encodeURIComponent('غزة')}/feed.json`,
    );
  });

  it("editing one article's text changes the topics of its section, its tags and the site and no others", () => {
    const before = catalogOf(store());
    const after = catalogOf(
      store({
        'b.txt': dispatch({
          dateline: 'Fri 19 Apr 2024 9:00 am - Jerusalem Time',
          title: 'Aid convoys',
          body: ['The first paragraph, corrected.'],
          tags: ['Gaza'],
        }),
      }),
    );
    expect(changedTopics(config, before, after)).toEqual(
      feeds('/', '/sections/palestine/', '/tags/gaza/'),
    );
  });

  it("editing a later paragraph of an article's body, its summary unchanged, changes the same topics", () => {
    const edited = (second: string) =>
      store({
        'b.txt': dispatch({
          dateline: 'Fri 19 Apr 2024 9:00 am - Jerusalem Time',
          title: 'Aid convoys',
          body: ['The first paragraph, the summary.', '', second],
          tags: ['Gaza'],
        }),
      });
    const before = catalogOf(edited('The second paragraph.'));
    const after = catalogOf(edited('The second paragraph, corrected.'));
    expect(after.bySlug.get('b')?.summary).toBe(before.bySlug.get('b')?.summary);
    expect(changedTopics(config, before, after)).toEqual(
      feeds('/', '/sections/palestine/', '/tags/gaza/'),
    );
  });

  it("adding an article in a new tag adds that tag's topics", () => {
    const before = catalogOf(store());
    const after = catalogOf(
      store({
        'd.txt': dispatch({
          section: 'ARAB AND WORLD',
          dateline: 'Wed 17 Apr 2024 9:00 am - Jerusalem Time',
          title: 'Oil prices',
          tags: ['Economy'],
        }),
      }),
    );
    const topics = changedTopics(config, before, after);
    expect(topics).toEqual(feeds('/', '/sections/arab-and-world/', '/tags/economy/'));
  });

  it("removing the only article of a tag lists that tag's topics", () => {
    const before = catalogOf(store());
    const after = catalogOf(store({ 'c.txt': undefined }));
    expect(after.tags.has('egypt')).toBe(false);
    expect(changedTopics(config, before, after)).toEqual(
      feeds('/', '/sections/arab-and-world/', '/tags/egypt/'),
    );
  });

  it('spelling a section another way (same slug) changes the feeds that carry its name', () => {
    const before = catalogOf(store());
    const after = catalogOf(
      store({
        'c.txt': dispatch({
          section: 'Arab And World',
          dateline: 'Thu 18 Apr 2024 9:00 am - Jerusalem Time',
          title: 'Summit in Cairo',
          tags: ['Egypt'],
        }),
      }),
    );
    // Its feeds' title changes, and so does the article's category in every feed carrying it.
    expect(changedTopics(config, before, after)).toEqual(
      feeds('/', '/sections/arab-and-world/', '/tags/egypt/'),
    );
  });

  it("an article older than a scope's first page changing does not change that scope's topics", () => {
    // Palestine and Gaza hold a (newest) and b; the site holds a, b, c. With two articles a
    // page, c is past the site's first page but the whole of its section's and tag's.
    const before = catalogOf(store());
    const after = catalogOf(
      store({
        'c.txt': dispatch({
          section: 'ARAB AND WORLD',
          dateline: 'Thu 18 Apr 2024 9:00 am - Jerusalem Time',
          title: 'Summit in Cairo ends',
          tags: ['Egypt'],
        }),
      }),
    );
    expect(changedTopics(config, before, after, 2)).toEqual(
      feeds('/sections/arab-and-world/', '/tags/egypt/'),
    );
    expect(changedTopics(config, before, after)).toEqual(
      feeds('/', '/sections/arab-and-world/', '/tags/egypt/'),
    );
  });

  it('an older article updated later changes the updated date of the first pages that show it', () => {
    const summit = (updated: string) =>
      `---\ntitle: Summit in Cairo\nsection: ARAB AND WORLD\ndateline: Thu 18 Apr 2024 9:00 am - Jerusalem Time\n${updated}tags: [Egypt]\n---\nBody.\n`;
    const before = catalogOf(store({ 'c.txt': undefined, 'c.md': summit('') }));
    const after = catalogOf(
      store({
        'c.txt': undefined,
        'c.md': summit('updated: Sun 21 Apr 2024 9:00 am - Jerusalem Time\n'),
      }),
    );
    // With two articles a page the site's first page holds a and b only, but its feed-level
    // updated date is the newest change anywhere in the feed.
    expect(changedTopics(config, before, after, 2)).toEqual(
      feeds('/', '/sections/arab-and-world/', '/tags/egypt/'),
    );
  });

  it("an older article changes the site's first page only when the number of pages (its last link) changes", () => {
    const older = (name: string, day: string) =>
      dispatch({
        section: 'ARAB AND WORLD',
        dateline: `${day} 9:00 am - Jerusalem Time`,
        title: name,
        tags: ['Egypt'],
      });
    const three = store();
    const four = store({ 'd.txt': older('D', 'Wed 17 Apr 2024') });
    const five = store({
      'd.txt': older('D', 'Wed 17 Apr 2024'),
      'e.txt': older('E', 'Tue 16 Apr 2024'),
    });
    // 3 -> 4 articles: still 2 pages of 2; 4 -> 5: 3 pages.
    expect(changedTopics(config, catalogOf(three), catalogOf(four), 2)).toEqual(
      feeds('/sections/arab-and-world/', '/tags/egypt/'),
    );
    expect(changedTopics(config, catalogOf(four), catalogOf(five), 2)).toEqual(
      feeds('/', '/sections/arab-and-world/', '/tags/egypt/'),
    );
  });

  it('identical catalogs built twice give no topics', () => {
    const texts = store({ 'd.txt': dispatch({ title: 'Night raids', tags: ['غزة', 'Gaza'] }) });
    expect(changedTopics(config, catalogOf(texts), catalogOf(texts))).toEqual([]);
    const same = catalogOf(texts);
    expect(changedTopics(config, same, same)).toEqual([]);
  });
});
