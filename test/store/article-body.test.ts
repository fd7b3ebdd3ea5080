import { describe, expect, it } from 'vitest';
import {
  contentUtf8,
  everyField,
  forgetBodies,
  isBodyMade,
  keptBodyBytes,
  withLazyBody,
} from '../../src/content/article-body.ts';
import { KEPT_BODY_BYTES } from '../../src/content/body-cache.ts';
import { loadArticle } from '../../src/content/load-article.ts';
import { dispatch } from '../support/app.ts';

const options = { siteUrl: 'https://news.example.org', timeZone: 'Asia/Jerusalem' };

function load(path: string, text: string) {
  const result = loadArticle({ path, bytes: new TextEncoder().encode(text) }, options);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('; '));
  return result.article;
}

const markdown = (n: number) =>
  [
    '---',
    `title: Markdown ${n}`,
    'section: Palestine',
    'dateline: Fri 19 Apr 2024 6:22 pm - Jerusalem Time',
    '---',
    `Paragraph *${n}* with [a relative link](../notes/${n}).`,
    '',
  ].join('\n');

describe('the body of a loaded article', () => {
  it('is made from its own file, each time the same, however many other bodies were made between', () => {
    // More articles than the bodies kept rendered, read twice in the same order: the second
    // pass finds none of the first ones kept, so every body is made again from its file.
    const articles = Array.from({ length: 1200 }, (_, n) =>
      n % 2
        ? load(
            `2024/d${n}.txt`,
            dispatch({ title: `D ${n}`, body: [`Body of dispatch ${n} & co.`] }),
          )
        : load(`2024/m${n}.md`, markdown(n)),
    );
    const first = articles.map((a) => a.contentHtml);
    const second = articles.map((a) => a.contentHtml);
    expect(second).toEqual(first);
    expect(first[1]).toBe('<p>Body of dispatch 1 &amp; co.</p>');
    // Sanitized against the article URL (/articles/2024/m2): ../notes/2 is /articles/notes/2.
    expect(first[2]).toBe(
      '<p>Paragraph <em>2</em> with <a href="https://news.example.org/articles/notes/2">a relative link</a>.</p>',
    );
  });

  it('is not a property of the article object, so the store does not hold every body as HTML', () => {
    const article = load('2024/a.txt', dispatch({}));
    expect(Object.keys(article)).not.toContain('contentHtml');
    expect(article.contentHtml).toBe('<p>The first paragraph.</p>\n<p>The second paragraph.</p>');
  });

  it('is made at load when asked (as the Worker does), the same HTML as on first use', () => {
    const text = dispatch({ body: ['One & two.', '', 'Three.'] });
    const bytes = new TextEncoder().encode(text);
    const now = loadArticle({ path: '2024/a.txt', bytes }, { ...options, bodies: 'at-load' });
    const later = loadArticle({ path: '2024/a.txt', bytes }, options);
    if (!now.ok || !later.ok) throw new Error('both must load');
    expect(Object.keys(now.article)).toContain('contentHtml');
    expect(now.article.contentHtml).toBe(later.article.contentHtml);
    expect(now.article).toEqual(everyField(later.article));
  });

  it('falls back to the summary when the body cannot be made again, rather than failing every feed', () => {
    // Bytes that no longer decode stand in for a bug in the body rules: at load the file
    // would have been reported; past load, the feeds that show it must still render.
    const { contentHtml: _, ...fields } = load('2024/a.txt', dispatch({}));
    const broken = withLazyBody({ ...fields, summary: 'A & B' }, new Uint8Array([0xff]), {
      format: 'dispatch',
      from: 0,
      to: 1,
    });
    expect(broken.contentHtml).toBe('<p>A &amp; B</p>');
  });

  it('keeps made bodies within KEPT_BODY_BYTES however large they are, dropping the oldest', () => {
    forgetBodies();
    // Sixty 1.2 MB dispatches: 60 x (1.2 M characters at two bytes + 1.2 MB of UTF-8), about
    // 216 MB if all stayed; by number (512) every one of them would.
    const paragraph = 'Talks resumed in Cairo & ran late into "the night" <again>. '.repeat(20);
    const body = Array.from({ length: 1000 }, (_, n) => [`${paragraph}${n}`, '']).flat();
    const articles = Array.from({ length: 60 }, (_, n) =>
      load(`big-${n}.txt`, dispatch({ title: `Big ${n}`, body })),
    );
    let most = 0;
    for (const article of articles) {
      expect(contentUtf8(article)!.length).toBeGreaterThan(1_000_000);
      most = Math.max(most, keptBodyBytes());
    }
    expect(most).toBeLessThanOrEqual(KEPT_BODY_BYTES);
    expect(keptBodyBytes()).toBeGreaterThan(KEPT_BODY_BYTES / 2);
    expect(isBodyMade(articles.at(-1)!)).toBe(true);
    expect(isBodyMade(articles[0]!)).toBe(false);
    forgetBodies();
    expect(keptBodyBytes()).toBe(0);
  });
});
