import { describe, expect, it } from 'vitest';
import { appFromFiles, feedJson, filesFrom } from '../support/app.ts';

const md = (name: string, author: string | undefined, dateline: string) =>
  `---\ntitle: ${name}\nsection: Palestine\ndateline: ${dateline} - Jerusalem Time\n${author ? `author: ${author}\n` : ''}---\nBody of ${name}.\n`;
const { get } = appFromFiles(
  filesFrom({
    'a.md': md('First', 'lina haddad', 'Mon 1 Jan 2024 9:00 am'),
    'b.md': md('Second', 'Lina Haddad', 'Tue 2 Jan 2024 9:00 am'),
    'c.md': md('Third', 'نور عيسى', 'Wed 3 Jan 2024 9:00 am'),
    'd.md': md('Unsigned', undefined, 'Thu 4 Jan 2024 9:00 am'),
  }),
);

describe('author feeds', () => {
  it('hold the articles of one author in every format, a name spelled two ways being one author', async () => {
    const json = await feedJson(await get('/authors/lina-haddad/feed.json'));
    expect(json.title).toBe('Lina Haddad — Dateline');
    expect(json.description).toBe('Articles by Lina Haddad from Dateline.');
    expect(json.items.map((i: { title: string }) => i.title)).toEqual(['Second', 'First']);
    for (const file of ['rss.xml', 'atom.xml']) {
      const response = await get(`/authors/lina-haddad/${file}`);
      expect(response.status).toBe(200);
      expect((await response.text()).match(/<(item|entry)>/g)).toHaveLength(2);
    }
    const arabic = await feedJson(
      await get(`/authors/${encodeURIComponent('نور-عيسى')}/feed.json`),
    );
    expect(arabic.items.map((i: { title: string }) => i.title)).toEqual(['Third']);
  });

  it('answer by any spelling of the name with a redirect, and 404 for nobody', async () => {
    const response = await get('/authors/Lina%20Haddad/rss.xml');
    expect(response.headers.get('location')).toBe(
      'http://localhost:8787/authors/lina-haddad/rss.xml',
    );
    expect((await get('/authors/nobody/rss.xml')).status).toBe(404);
  });

  it('have an HTML page, and are listed on the home page and in the OPML', async () => {
    const page = await (await get('/authors/lina-haddad/')).text();
    expect(page).toContain('<h1>Author: <bdi>Lina Haddad</bdi></h1>');
    expect(page).toContain('type="application/atom+xml"');
    const home = await (await get('/')).text();
    expect(home).toContain('<h2>Authors</h2>');
    expect(home).toContain('href="http://localhost:8787/authors/lina-haddad/rss.xml"');
    const opml = await (await get('/feeds.opml')).text();
    expect(opml).toContain('<outline text="Authors">');
    expect(opml).toContain('xmlUrl="http://localhost:8787/authors/lina-haddad/rss.xml"');
  });

  it('are linked from the byline of each article page', async () => {
    const page = await (await get('/articles/b')).text();
    expect(page).toContain(
      'By <a href="http://localhost:8787/authors/lina-haddad/">Lina Haddad</a>',
    );
  });
});
