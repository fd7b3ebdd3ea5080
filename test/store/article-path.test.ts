// Article page paths and which store paths are articles: each checked against the rule it
// stands for (encodeURIComponent per segment; no hidden part), not against itself.
import { describe, expect, it } from 'vitest';
import { articlePath } from '../../src/content/article.ts';
import { isArticlePath } from '../../src/content/load-article.ts';

describe('articlePath', () => {
  it('percent-encodes each segment of the slug as encodeURIComponent does, for every ASCII character', () => {
    for (let code = 0; code < 0x80; code += 1) {
      const c = String.fromCharCode(code);
      if (c === '/') continue;
      const slug = `2024/a${c}b/c${c}`;
      expect(articlePath(slug), JSON.stringify(c)).toBe(
        `/articles/2024/${encodeURIComponent(`a${c}b`)}/${encodeURIComponent(`c${c}`)}`,
      );
    }
  });

  it('encodes letters outside ASCII as UTF-8 and keeps the slashes between segments', () => {
    expect(articlePath('2024/04/مرحبا-gaza')).toBe(
      '/articles/2024/04/%D9%85%D8%B1%D8%AD%D8%A8%D8%A7-gaza',
    );
    expect(articlePath("2024/it's-(not)-a~b*c!d_e.f")).toBe(
      "/articles/2024/it's-(not)-a~b*c!d_e.f",
    );
  });
});

describe('isArticlePath', () => {
  it('takes .txt and .md files in any folder, whatever the case of the extension', () => {
    for (const path of ['a.txt', '2024/04/a.md', '2024/b.TXT', 'x.y/z.Md']) {
      expect(isArticlePath(path), path).toBe(true);
    }
  });

  it('leaves out other files and any path with a hidden file or folder in it', () => {
    for (const path of [
      'a.html',
      'a.txt/b',
      '.a.txt',
      '2024/.a.md',
      '.git/a.txt',
      '2024/.x/y/a.md',
      'a.txt.swp',
    ]) {
      expect(isArticlePath(path), path).toBe(false);
    }
  });
});
