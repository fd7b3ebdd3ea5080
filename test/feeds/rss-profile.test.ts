// The RSS Advisory Board's profile as the W3C Feed Validation Service applies it: guid
// permalinks, dc:creator for names, RFC 822 dates in GMT.
import { describe, expect, it } from 'vitest';
import { allFeedPaths, appFromFiles, contentApp, dispatch, filesFrom } from '../support/app.ts';
import { parseWithRowan } from '../support/validators.ts';
import { failures, fetchDocs, jsonOf, pagedPaths, SITE, twin } from './feed-docs.ts';

const DC = 'http://purl.org/dc/elements/1.1/';
const RFC822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d\d) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d\d):(\d\d):(\d\d) GMT$/;

/** An RSS date must be RFC 822 with a four-digit year, in GMT, with the right weekday. */
function rfc822Problem(text: string): string {
  const m = RFC822.exec(text);
  if (!m) return `'${text}' is not an RFC 822 date in GMT`;
  const months = 'JanFebMarAprMayJunJulAugSepOctNovDec';
  const day = new Date(Date.UTC(+m[4]!, months.indexOf(m[3]!) / 3, +m[2]!)).getUTCDay();
  return 'SunMonTueWedThuFriSat'.slice(day * 3, day * 3 + 3) === m[1]
    ? ''
    : `'${text}': wrong weekday`;
}

describe('every RSS feed of the repository content, whole and paged', async () => {
  const app = await contentApp();
  const docs = await fetchDocs(app, [...allFeedPaths(app.catalog), ...pagedPaths(app)]);
  const rss = docs.filter((d) => d.format === 'rss');

  it('marks an RSS guid as a permalink only when it is the item link, and uses the JSON item id', () => {
    expect(
      failures(rss, (d) => {
        const ids = jsonOf(twin(docs, d, 'json')).items.map((i) => i.id);
        return parseWithRowan(d.body)
          .element.findElementsWithName('item')
          .map((item, i) => {
            const guid = item.findElementWithName('guid');
            const link = item.findElementWithName('link')?.textContent;
            if (!guid) return `item ${i + 1}: no guid`;
            if (guid.textContent !== ids[i])
              return `item ${i + 1}: guid ${guid.textContent}, JSON id ${String(ids[i])}`;
            const permalink = guid.getAttribute('ispermalink');
            if (permalink === 'false') return '';
            // Absent (or true): the guid is the URL of the item's page, its link.
            const ok = permalink === null && link === guid.textContent && /^https?:\/\//.test(link);
            return ok ? '' : `item ${i + 1}: permalink guid ${guid.textContent}, link ${link}`;
          });
      }),
    ).toEqual([]);
  });

  it('names people with dc:creator in RSS and never with author, which RSS keeps for email addresses', () => {
    expect(
      failures(rss, (d) => {
        const names = jsonOf(twin(docs, d, 'json')).items.map((i) => i.authors?.[0]?.name ?? null);
        return parseWithRowan(d.body)
          .element.findElementsWithName('item')
          .map((item, i) => {
            if (item.findElementsWithName('author').length) return `item ${i + 1} has author`;
            const creators = item
              .findElementsWithName('creator')
              .filter((c) => c.namespaceUri === DC);
            return creators.map((c) => c.textContent).join() === (names[i] ?? '')
              ? ''
              : `item ${i + 1}: creator`;
          });
      }),
    ).toEqual([]);
    expect(rss.some((d) => d.body.includes('<dc:creator>'))).toBe(true);
  });

  it('dates every RSS item and channel in RFC 822 with a four-digit year and GMT', () => {
    expect(
      failures(rss, (d) => {
        const channel = parseWithRowan(d.body).element;
        const items = channel.findElementsWithName('item');
        const dates = [
          channel.findElementWithName('lastbuilddate'),
          ...items.map((i) => i.findElementWithName('pubdate')),
        ];
        return dates.map((date) => (date ? rfc822Problem(date.textContent) : 'missing date'));
      }),
    ).toEqual([]);
  });
});

describe('RSS guids of articles whose id or url is their own', () => {
  const front = (extra: string) =>
    `---\ntitle: An article\nsection: Palestine\ndateline: Fri 19 Apr 2024 6:22 pm - Jerusalem Time\n${extra}\n---\nText.\n`;
  const { get } = appFromFiles(
    filesFrom({
      '2024/own-id.md': front('id: urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66'),
      '2024/elsewhere.md': front('url: https://elsewhere.example.org/story'),
      '2024/plain.txt': dispatch({ dateline: 'Thu 18 Apr 2024 9:00 am - Jerusalem Time' }),
    }),
  );

  it('say isPermaLink="false" for a urn or a page elsewhere, and nothing for the article URL', async () => {
    const items = parseWithRowan(await (await get('/rss.xml')).text()).element.findElementsWithName(
      'item',
    );
    const guids = items.map((i) => [
      i.findElementWithName('guid')?.textContent,
      i.findElementWithName('guid')?.getAttribute('ispermalink'),
    ]);
    expect(guids).toEqual([
      [`${SITE}/articles/2024/elsewhere`, 'false'],
      ['urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66', 'false'],
      [`${SITE}/articles/2024/plain`, null],
    ]);
  });
});
