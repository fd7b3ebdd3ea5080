import { describe, expect, it } from 'vitest';
import { loadArticle } from '../../src/content/load-article.ts';

const options = { siteUrl: 'https://news.example.org', timeZone: 'Asia/Jerusalem' };

function load(text: string, path = '2024/fuel.md') {
  const result = loadArticle({ path, bytes: new TextEncoder().encode(text) }, options);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.line}: ${p.message}`).join('; '));
  return result.article;
}

const full = `---
title: 'Fuel & power: a "hard" week'
section: Palestine
dateline: Fri 29 Mar 2024 10:40 am - Jerusalem Time
updated: fri 29 mar 2024 4:15 PM - Jerusalem Time
tags: [Gaza, Humanitarian aid]
author: Lina Haddad
summary: Generators fall silent.
image: https://images.example.org/fuel.JPG
url: https://www.example.org/fuel
id: urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427
lang: en-GB
desk: ignored
---
Hospitals *rationed* fuel on Friday.

- one
- two
`;

describe('Markdown articles', () => {
  it('read every front matter field', () => {
    const article = load(full);
    expect(article).toMatchObject({
      title: 'Fuel & power: a "hard" week',
      section: { name: 'Palestine', slug: 'palestine' },
      tags: [
        { name: 'Gaza', slug: 'gaza' },
        { name: 'Humanitarian aid', slug: 'humanitarian-aid' },
      ],
      author: 'Lina Haddad',
      summary: 'Generators fall silent.',
      image: { url: 'https://images.example.org/fuel.JPG', type: 'image/jpeg' },
      url: 'https://www.example.org/fuel',
      id: 'urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427',
      lang: 'en-GB',
    });
  });

  it('date the article by its dateline (10:40 am, summer time since 02:00 that night) and the update by updated', () => {
    const article = load(full);
    // 29 Mar 2024 was the spring-forward day; 10:40 +03:00 = 07:40Z, 16:15 +03:00 = 13:15Z.
    expect(new Date(article.published).toISOString()).toBe('2024-03-29T07:40:00.000Z');
    expect(new Date(article.updated ?? 0).toISOString()).toBe('2024-03-29T13:15:00.000Z');
  });

  it('render the body from Markdown to HTML', () => {
    expect(load(full).contentHtml).toBe(
      '<p>Hospitals <em>rationed</em> fuel on Friday.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>',
    );
  });

  it('summarise with the plain text of the first paragraph when there is no summary', () => {
    const text = `---\ntitle: T\nsection: S\ndateline: Fri 19 Apr 2024 6:22 pm - Jerusalem Time\n---\n\nA [link](https://example.org) &amp; *stress*\nand a second line.\n\nMore.\n`;
    expect(load(text).summary).toBe('A link & stress and a second line.');
  });

  it('keep the id when the title, text, tags, section or dateline are edited', () => {
    const edited = full
      .replace('title: \'Fuel & power: a "hard" week\'', 'title: Fuel and power')
      .replace('section: Palestine', 'section: Economy')
      .replace('tags: [Gaza, Humanitarian aid]', 'tags: [Electricity]')
      .replace('Fri 29 Mar 2024 10:40 am', 'Thu 28 Mar 2024 9:00 pm')
      .replace('Hospitals', 'Clinics');
    expect(load(edited).id).toBe(load(full).id);
    const plain = (text: string) => text.replace(/^(url|id): .*\n/gm, '');
    expect(load(plain(edited)).id).toBe(load(plain(full)).id);
    expect(load(plain(full)).id).toBe('https://news.example.org/articles/2024/fuel');
  });
});
