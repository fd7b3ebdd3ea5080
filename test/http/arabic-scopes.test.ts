// A section, tag or author whose articles are all Arabic gets its page and its feed's HTML view
// in Arabic, right to left (issue 26 §3): Arabic labels, Arabic dates with Arabic-Indic digits.
// A scope of mixed languages stays in the site's language. The Arabic words are checked
// against the hand-written reading of the seed's dateline, Fri 19 Apr 2024 6:22 pm Jerusalem.
import { describe, expect, it } from 'vitest';
import { appFromFiles, dispatch, filesFrom } from '../support/app.ts';

const ARABIC_DATE = 'الجمعة ١٩ أبريل ٢٠٢٤، ٦:٢٢ م بتوقيت القدس (١٥:٢٢ UTC)';
const HTML = { Accept: 'text/html' };

describe('pages of Arabic-only scopes', () => {
  const { get } = appFromFiles(
    filesFrom({
      'a.txt': dispatch({
        section: 'ARAB WORLD',
        title: 'محادثات في القاهرة',
        body: ['بدأت المحادثات صباح اليوم.'],
        tags: ['مصر'],
      }),
      'b.txt': dispatch({
        section: 'ARAB WORLD',
        title: 'عنوان عربي آخر',
        body: ['نص عربي.'],
        tags: ['مصر', 'Gaza'],
      }),
      'c.txt': dispatch({ title: 'Talks in Rafah', tags: ['Gaza'] }),
    }),
  );

  it('write a section page of Arabic articles in Arabic, right to left', async () => {
    const page = await (await get('/sections/arab-world/')).text();
    expect(page).toContain('<html lang="ar" dir="rtl">');
    expect(page).toContain('<h1>القسم: <bdi>');
    expect(page).toContain('اشترك: ');
    expect(page).toContain(ARABIC_DATE);
    expect(page).toContain('<legend>موجز أضيق</legend>');
    expect(page).not.toMatch(/Subscribe|Section:|any time|15:22 UTC\)<\/time>/);
  });

  it('write a tag page of Arabic articles in Arabic', async () => {
    const page = await (await get(`/tags/${encodeURIComponent('مصر')}/`)).text();
    expect(page).toContain('<html lang="ar" dir="rtl">');
    expect(page).toContain('<h1>الوسم: <bdi>مصر</bdi></h1>');
    expect(page).toContain(ARABIC_DATE);
  });

  it('show the feed of an Arabic section to a browser in Arabic, page numbers in Arabic digits', async () => {
    const first = await (await get('/sections/arab-world/rss.xml?limit=1', HTML)).text();
    expect(first).toContain('<html lang="ar" dir="rtl">');
    expect(first).toContain('<h2>هذا موجز</h2>');
    expect(first).toContain('<h2>أحدث المقالات (الصفحة ١ من ٢)</h2>');
    expect(first).toContain('">الأقدم</a>');
    expect(first).toContain(ARABIC_DATE);
    // The address to copy stays left to right inside the right-to-left page.
    expect(first).toMatch(
      /<input readonly dir="ltr" value="[^"]+\/sections\/arab-world\/rss\.xml\?limit=1"/,
    );
  });

  it('keep a scope of mixed languages, and the home page, in English', async () => {
    const tag = await (await get('/tags/gaza/')).text();
    expect(tag).toContain('<html lang="en" dir="ltr">');
    expect(tag).toContain('<h1>Tag: <bdi>Gaza</bdi></h1>');
    expect(tag).toContain('Fri 19 Apr 2024, 6:22 pm Jerusalem time (15:22 UTC)');
    expect(tag).not.toContain(ARABIC_DATE);
    const preview = await (await get('/tags/gaza/rss.xml', HTML)).text();
    expect(preview).toContain('<h2>This is a feed</h2>');
    const home = await (await get('/')).text();
    expect(home).toContain('<html lang="en" dir="ltr">');
    expect(home).toContain('<legend>A narrower feed</legend>');
  });
});
