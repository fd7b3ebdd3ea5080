import { describe, expect, it } from 'vitest';
import { appFromFiles, dispatch, feedJson, filesFrom } from '../support/app.ts';

const arabic = dispatch({
  section: 'فلسطين',
  dateline: 'الجمعة ١٩ أبريل ٢٠٢٤ ٦:٢٢ م - بتوقيت القدس',
  title: 'تراجع عدد الشاحنات',
  body: ['أفادت منظمات إغاثة دولية اليوم.'],
  tags: ['غزة', 'المساعدات'],
});
const english = dispatch({
  title: 'Trucks',
  tags: ['غزة'],
  dateline: 'Sat 20 Apr 2024 9:00 am - Jerusalem Time',
});
const { get, catalog } = appFromFiles(filesFrom({ 'ar.txt': arabic, 'en.txt': english }));

describe('Arabic articles', () => {
  it('load from a dispatch whose dateline is in Arabic, at the same instant as the English form', () => {
    const article = catalog.bySlug.get('ar')!;
    expect(new Date(article.published).toISOString()).toBe('2024-04-19T15:22:00.000Z');
    expect(article.lang).toBe('ar');
    expect(article.section).toEqual({ name: 'فلسطين', slug: 'فلسطين' });
  });

  it('make a wholly Arabic feed Arabic in every format', async () => {
    const base = `/tags/${encodeURIComponent('المساعدات')}/`;
    expect(await (await get(`${base}rss.xml`)).text()).toContain('<language>ar</language>');
    expect(await (await get(`${base}atom.xml`)).text()).toContain(
      '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">',
    );
    expect((await feedJson(await get(`${base}feed.json`))).language).toBe('ar');
  });

  it('carry lang ar on their own items in a mixed feed', async () => {
    const base = `/tags/${encodeURIComponent('غزة')}/`;
    const atom = await (await get(`${base}atom.xml`)).text();
    expect(atom).toContain('xml:lang="en">');
    expect(atom.match(/<entry xml:lang="ar">/g)).toHaveLength(1);
    expect(atom.match(/<entry>/g)).toHaveLength(1);
    const json = await feedJson(await get(`${base}feed.json`));
    expect(json.language).toBe('en');
    expect(json.items.map((i: { language?: string }) => i.language)).toEqual([undefined, 'ar']);
    expect(await (await get(`${base}rss.xml`)).text()).toContain('<language>en</language>');
  });

  it('have right-to-left HTML pages', async () => {
    expect(await (await get('/articles/ar')).text()).toMatch(/<html lang="ar" dir="rtl">/);
  });
});
