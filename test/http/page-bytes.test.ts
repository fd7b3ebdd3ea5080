// A page of a feed never grows past PAGE_BYTES: heavy articles take pages of their own, or a
// few to a page, and the RFC 5005 `next` link (JSON Feed `next_url`) goes on from where a page
// stopped, so every article is still reached, once, in order, in every format.
import { describe, expect, it } from 'vitest';
import { ITEM_GROWTH } from '../../src/render/feed-pages.ts';
import { appFromFiles, dispatch, feedJson, filesFrom } from '../support/app.ts';

const PAGE_BYTES = 2_500_000;
/** About 600 KB of text in paragraphs under the 20,000-character line limit. */
const heavyBody = (i: number) =>
  Array.from(
    { length: 40 },
    (_, p) => `Heavy ${i}, paragraph ${p}: ${'fuel and power '.repeat(1000)}`,
  ).flatMap((paragraph) => [paragraph, '']);
const dateline = (day: number) =>
  `${['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][day % 7]} ${day + 1} Jan 2024 9:00 am - Jerusalem Time`;

// 1 Jan 2024 was a Monday. Days 0 to 11: heavy articles on even days, light ones on odd days.
const texts: Record<string, string> = {};
for (let day = 0; day < 12; day += 1) {
  texts[`s/${String(day).padStart(2, '0')}.txt`] = dispatch({
    section: 'HUGE',
    dateline: dateline(day),
    title: `Story ${day}`,
    ...(day % 2 === 0 ? { body: heavyBody(day) } : {}),
  });
}
const { get, catalog } = appFromFiles(filesFrom(texts), { PAGE_BYTES: String(PAGE_BYTES) });

/** Follows `next` from the first page: each page's bytes and the ids on it. */
async function walk(file: 'rss.xml' | 'atom.xml' | 'feed.json') {
  const pages: { bytes: number; ids: string[] }[] = [];
  let url: string | undefined = `/sections/huge/${file}`;
  while (url) {
    const response = await get(url.replace('http://localhost:8787', ''));
    expect(response.status, url).toBe(200);
    const body = await response.text();
    const bytes = new TextEncoder().encode(body).length;
    if (file === 'feed.json') {
      const feed = await feedJson(new Response(body));
      pages.push({ bytes, ids: feed.items.map((i) => i.id) });
      url = feed.next_url;
    } else {
      const tag = file === 'rss.xml' ? /<guid>([^<]+)<\/guid>/g : /<entry>\n<id>([^<]+)<\/id>/g;
      pages.push({ bytes, ids: [...body.matchAll(tag)].map((m) => m[1]!) });
      url = /<(?:atom:)?link rel="next"[^>]* href="([^"]+)"/
        .exec(body)?.[1]
        ?.replace(/&amp;/g, '&');
    }
  }
  return pages;
}

describe('pages bounded by PAGE_BYTES', () => {
  it('is a section whose articles together are far past the budget', () => {
    const heavy = catalog.sections.get('huge')!.articles.filter((a) => a.size > 500_000);
    expect(heavy).toHaveLength(6);
    // Each weighs more than half the budget: no two heavy articles share a page.
    for (const article of heavy) expect(article.size * ITEM_GROWTH).toBeGreaterThan(PAGE_BYTES / 2);
  });

  it('keeps every page under the budget and reaches every article once, in order, in every format', async () => {
    const expected = catalog.sections.get('huge')!.articles.map((a) => a.id);
    const counts: number[] = [];
    for (const file of ['rss.xml', 'atom.xml', 'feed.json'] as const) {
      const pages = await walk(file);
      expect(
        pages.flatMap((p) => p.ids),
        file,
      ).toEqual(expected);
      for (const page of pages) expect(page.bytes, file).toBeLessThanOrEqual(PAGE_BYTES);
      counts.push(pages.length);
    }
    // The same pages in every format: the cut follows from the articles, not the syntax.
    expect(new Set(counts).size).toBe(1);
    expect(counts[0]).toBeGreaterThan(1);
  });

  it('links the last page as the page the walk ends on', async () => {
    const pages = await walk('atom.xml');
    const first = await (await get('/sections/huge/atom.xml')).text();
    const last = /<link rel="last"[^>]* href="([^"]+)"/.exec(first)?.[1];
    expect(last).toBe(`http://localhost:8787/sections/huge/page/${pages.length}/atom.xml`);
    expect((await get(`/sections/huge/page/${pages.length + 1}/atom.xml`)).status).toBe(404);
  });

  it('leaves pages of light articles to the limit alone', async () => {
    const light = appFromFiles(
      filesFrom(Object.fromEntries(Object.entries(texts).filter((_, i) => i % 2 === 1))),
      { PAGE_BYTES: String(PAGE_BYTES) },
    );
    const feed = await feedJson(await light.get('/sections/huge/feed.json?limit=5'));
    expect(feed.items).toHaveLength(5);
    expect(feed.next_url).toBe('http://localhost:8787/sections/huge/page/2/feed.json?limit=5');
  });
});
