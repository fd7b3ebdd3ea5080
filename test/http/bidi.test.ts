// Names and titles on pages are bidi-isolated (HTML's <bdi>), so that an Arabic name does not
// carry the count after it to its left ("الأردن (1)" shown as "(1) الأردن"), and a U+202E in a
// title does not reverse the date beside it; Arabic items keep their markers in the column.
import { describe, expect, it } from 'vitest';
import { appFromFiles, dispatch, filesFrom } from '../support/app.ts';

describe('pages with names and titles in both directions', () => {
  const { get } = appFromFiles(
    filesFrom({
      'a.txt': dispatch({ title: 'Talks \u202Eevil\u202C in Rafah', tags: ['الأردن'] }),
      'b.txt': dispatch({ title: 'عنوان عربي', body: ['نص عربي.'], tags: ['Gaza'] }),
    }),
  );

  it('isolate every section, tag and author name, and every title, from what follows', async () => {
    const home = await (await get('/')).text();
    expect(home).toMatch(/><bdi>الأردن<\/bdi><\/a> \(1\)/);
    expect(home).toContain('<bdi>Talks \u202Eevil\u202C in Rafah</bdi></a> <span class="meta">');
    expect(home).toMatch(/<li lang="ar" dir="rtl"><a [^>]+><bdi>عنوان عربي<\/bdi>/);
    expect(home).toContain('li[dir=rtl]{list-style-position:inside}');
  });
});
