import { describe, expect, it } from 'vitest';
import { appFromFiles, dispatch, feedJson, filesFrom } from '../support/app.ts';

// 347 articles, two a day from 1 Jan 2024, several sharing a minute (ties broken by slug).
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const files: Record<string, string> = {};
for (let i = 0; i < 347; i += 1) {
  const day = new Date(Date.UTC(2024, 0, 1 + Math.floor(i / 2)));
  const time = i % 7 === 0 ? '9:00 am' : i % 2 ? '6:30 pm' : '9:00 am';
  const dateline = `${WEEKDAYS[day.getUTCDay()]} ${day.getUTCDate()} ${MONTHS[day.getUTCMonth()]} ${day.getUTCFullYear()} ${time} - Jerusalem Time`;
  files[`a/${String(i).padStart(3, '0')}.txt`] = dispatch({
    title: `Story ${i}`,
    dateline,
    tags: i % 3 ? ['Gaza'] : [],
  });
}
const { get, catalog } = appFromFiles(filesFrom(files));

function linkHref(xml: string, rel: string): string | undefined {
  const match = new RegExp(`<(?:atom:)?link rel="${rel}"[^>]* href="([^"]+)"`).exec(xml);
  return match?.[1]?.replace(/&amp;/g, '&');
}

async function walk(start: string, format: 'rss' | 'atom' | 'json'): Promise<string[]> {
  const ids: string[] = [];
  let url: string | undefined = start;
  while (url) {
    const response = await get(url.replace('http://localhost:8787', ''));
    expect(response.status, url).toBe(200);
    if (format === 'json') {
      const feed = await feedJson(response);
      ids.push(...feed.items.map((i) => i.id));
      url = feed.next_url;
    } else {
      const xml = await response.text();
      const tag = format === 'rss' ? /<guid>([^<]+)<\/guid>/g : /<entry>\n<id>([^<]+)<\/id>/g;
      ids.push(...[...xml.matchAll(tag)].map((m) => m[1]!));
      url = linkHref(xml, 'next');
    }
  }
  return ids;
}

describe('walking every page of a feed (RFC 5005)', () => {
  it.each([
    ['/rss.xml?limit=20', 'rss'],
    ['/atom.xml?limit=33', 'atom'],
    ['/feed.json?limit=7', 'json'],
    ['/tags/gaza/atom.xml?limit=10', 'atom'],
    ['/tags/gaza/rss.xml', 'rss'],
  ] as const)('%s yields every article exactly once, newest first', async (start, format) => {
    const ids = await walk(start, format);
    const scope = start.startsWith('/tags/') ? catalog.tags.get('gaza')! : catalog.site;
    expect(ids).toEqual(scope.articles.map((a) => a.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('links first, previous, next and last on a middle page, and no previous on the first', async () => {
    const middle = await (await get('/page/3/atom.xml?limit=20')).text();
    expect(linkHref(middle, 'first')).toBe('http://localhost:8787/atom.xml?limit=20');
    expect(linkHref(middle, 'previous')).toBe('http://localhost:8787/page/2/atom.xml?limit=20');
    expect(linkHref(middle, 'next')).toBe('http://localhost:8787/page/4/atom.xml?limit=20');
    expect(linkHref(middle, 'last')).toBe('http://localhost:8787/page/18/atom.xml?limit=20');
    const first = await (await get('/rss.xml?limit=20')).text();
    expect(linkHref(first, 'previous')).toBeUndefined();
    expect((await get('/page/19/rss.xml?limit=20')).status).toBe(404);
  });
});
