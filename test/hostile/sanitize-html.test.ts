import { describe, expect, it } from 'vitest';
import { loadArticle } from '../../src/content/load-article.ts';
import { sanitizeHtml } from '../../src/sanitize/sanitize-html.ts';

const BASE = 'https://news.example.org/articles/2024/fuel';
const clean = (html: string) => sanitizeHtml(html, BASE);

describe('the HTML sanitizer', () => {
  it.each([
    ['a script element, with its code', '<p>a<script>alert(1)</script>b</p>', '<p>ab</p>'],
    ['a script in capitals', '<SCRIPT type="module">alert(1)</SCRIPT >z', 'z'],
    ['a script written over two lines', '<script\n>alert(1)</script\n>z', 'z'],
    [
      'an iframe, with its content',
      '<div>a<iframe src="https://e.org">x</iframe>b</div>',
      '<div>ab</div>',
    ],
    ['a style element, with its rules', '<style>p { color: red }</style><p>x</p>', '<p>x</p>'],
    ['a style attribute', '<p style="position:fixed">x</p>', '<p>x</p>'],
    [
      'event-handler attributes',
      '<b onclick="x()" OnMouseOver=\'y()\' onerror=z>b</b>',
      '<b>b</b>',
    ],
    [
      'an event handler on an image',
      '<img src=a.png onerror=alert(1) / >',
      '<img src="https://news.example.org/articles/2024/a.png">',
    ],
    ['a javascript: link', '<a href="javascript:alert(1)">j</a>', '<a>j</a>'],
    [
      'a javascript: link in capitals with spaces',
      '<a href=" JavaScript:alert(1)">j</a>',
      '<a>j</a>',
    ],
    [
      'a javascript: link hidden by a tab reference',
      '<a href="java&#x09;script:alert(1)">j</a>',
      '<a>j</a>',
    ],
    [
      'a javascript: link hidden by a named colon',
      '<a href="javascript&colon;alert(1)">j</a>',
      '<a>j</a>',
    ],
    ['a vbscript: link', '<a href="vbscript:msgbox(1)">v</a>', '<a>v</a>'],
    ['a data: image', '<img src="data:image/svg+xml;base64,PHN2Zz4=">', ''],
    ['an svg with a script', '<svg><script>alert(1)</script></svg>t', 't'],
    [
      'an object and an embed',
      '<object data="x.swf"><param name=a></object><embed src="x.swf">t',
      't',
    ],
    ['a form control', '<textarea>x</textarea><input type="text" value="v">t', 't'],
    ['a comment and a doctype', '<!-- <script>x</script> --><!doctype html>t', 't'],
    ['a base element', '<base href="https://evil.example/">t', 't'],
    ['a meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example">t', 't'],
  ])('removes %s', (_what, html, want) => {
    expect(clean(html)).toBe(want);
  });

  it('keeps the markup Markdown makes, byte for byte', () => {
    const html = [
      '<h2>Head <em>x</em></h2>',
      '<table>\n<thead>\n<tr>\n<th align="left">a</th>\n<th align="right">b</th>\n</tr>\n</thead>',
      '<tbody><tr>\n<td align="left">1</td>\n<td align="right">2</td>\n</tr>\n</tbody></table>',
      '<ul>\n<li><input checked="" disabled="" type="checkbox"> done</li>\n</ul>',
      '<pre><code class="language-js">let a = 1 &lt; 2 &amp;&amp; 3;\n</code></pre>',
      '<blockquote>\n<p>quote<br>br</p>\n</blockquote>\n<hr>\n<ol start="3">\n<li>one</li>\n</ol>',
      '<p><a href="https://e.org/x?a=1&amp;b=2" title="t">e</a> <del>d</del> <strong>s</strong></p>',
      '<p><img src="https://images.example.org/a.png" alt="alt &quot;q&quot;" title="t"></p>',
    ].join('\n');
    expect(clean(html)).toBe(html);
  });

  it('keeps inline HTML an author may use, less what is not allowed', () => {
    expect(
      clean(
        '<p>H<sub>2</sub>O, x<sup>2</sup>, <abbr title="United Nations">UN</abbr>, <kbd>Ctrl</kbd></p>',
      ),
    ).toBe(
      '<p>H<sub>2</sub>O, x<sup>2</sup>, <abbr title="United Nations">UN</abbr>, <kbd>Ctrl</kbd></p>',
    );
    expect(clean('<figure><img src="a.jpg" alt=""><figcaption>C</figcaption></figure>')).toBe(
      '<figure><img src="https://news.example.org/articles/2024/a.jpg" alt=""><figcaption>C</figcaption></figure>',
    );
    expect(clean('<span class="x" id="y" dir="rtl" lang="ar">نص</span>')).toBe(
      '<span dir="rtl" lang="ar">نص</span>',
    );
    expect(clean('<center><font color="red">old</font></center>')).toBe('old');
  });

  it('makes relative links and images absolute against the article URL', () => {
    expect(clean('<a href="other">o</a>')).toBe(
      '<a href="https://news.example.org/articles/2024/other">o</a>',
    );
    expect(clean('<a href="../2023/old">o</a>')).toBe(
      '<a href="https://news.example.org/articles/2023/old">o</a>',
    );
    expect(clean('<a href="/sections/palestine/">s</a>')).toBe(
      '<a href="https://news.example.org/sections/palestine/">s</a>',
    );
    expect(clean('<a href="#notes">n</a>')).toBe(
      '<a href="https://news.example.org/articles/2024/fuel#notes">n</a>',
    );
    expect(clean('<a href="//cdn.example.org/x">c</a>')).toBe(
      '<a href="https://cdn.example.org/x">c</a>',
    );
    expect(clean('<img src="img/a b.png" alt="">')).toBe(
      '<img src="https://news.example.org/articles/2024/img/a%20b.png" alt="">',
    );
    expect(clean('<blockquote cite="source.html">q</blockquote>')).toBe(
      '<blockquote cite="https://news.example.org/articles/2024/source.html">q</blockquote>',
    );
    expect(clean('<a href="mailto:desk@example.org">m</a>')).toBe(
      '<a href="mailto:desk@example.org">m</a>',
    );
  });

  it('escapes stray markup characters and keeps character references', () => {
    expect(clean('<p>a & b &amp; c &hellip; x < y > z &#x1F600; &#99999999;</p>')).toBe(
      '<p>a &amp; b &amp; c &hellip; x &lt; y &gt; z &#x1F600; &#xFFFD;</p>',
    );
    expect(clean('<p title="a>b &c">x</p>')).toBe('<p title="a&gt;b &amp;c">x</p>');
  });

  it('balances tags, so article HTML cannot close the page around it', () => {
    expect(clean('<p>open <b>bold <i>it')).toBe('<p>open <b>bold <i>it</i></b></p>');
    expect(clean('</main></body>text</div>')).toBe('text');
    expect(clean('<div><p>a</div>b')).toBe('<div><p>a</p></div>b');
    const deep = '<div>'.repeat(1000) + 'x';
    expect(clean(deep)).toBe('<div>'.repeat(64) + 'x' + '</div>'.repeat(64));
  });

  it('keeps the rest of a text whose last tag never closes, as text', () => {
    expect(clean('<p>x <a href="y')).toBe('<p>x &lt;a href="y</p>');
  });

  it('takes linear time on hostile input', () => {
    const inputs = [
      '<a x="'.repeat(200_000),
      '<'.repeat(500_000),
      '<b>'.repeat(200_000) + '</i>'.repeat(200_000),
      '<script>'.repeat(100_000),
      '<!--'.repeat(200_000),
    ];
    for (const input of inputs) {
      const started = performance.now();
      clean(input);
      // Quadratic time would take minutes here.
      expect(performance.now() - started).toBeLessThan(3000);
    }
  });
});

describe('a Markdown article with raw HTML', () => {
  const options = { siteUrl: 'https://news.example.org', timeZone: 'Asia/Jerusalem' };
  const text = [
    '---',
    'title: Raw HTML',
    'section: Palestine',
    'dateline: Fri 19 Apr 2024 6:22 pm - Jerusalem Time',
    '---',
    '',
    'See [the map](maps/rafah.png) and ![a photo](../photos/a.jpg).',
    '',
    '<div onclick="steal()"><script>steal()</script>Kept <b>text</b></div>',
    '',
    '<iframe src="https://evil.example/"></iframe>',
    '',
    '[click](javascript:steal())',
    '',
  ].join('\n');

  it('is served safe, with its links absolute', () => {
    const result = loadArticle(
      { path: '2024/raw.md', bytes: new TextEncoder().encode(text) },
      options,
    );
    expect(result.ok).toBe(true);
    const html = result.ok ? result.article.contentHtml : '';
    expect(html).not.toMatch(/<script|<iframe|onclick|javascript:|steal/i);
    expect(html).toContain(
      '<a href="https://news.example.org/articles/2024/maps/rafah.png">the map</a>',
    );
    expect(html).toContain(
      '<img src="https://news.example.org/articles/photos/a.jpg" alt="a photo">',
    );
    expect(html).toContain('<div>Kept <b>text</b></div>');
  });

  it('resolves against its own url when the front matter gives one', () => {
    const withUrl = text.replace('---\n\n', 'url: https://www.example.org/2024/raw/\n---\n\n');
    const result = loadArticle(
      { path: '2024/raw.md', bytes: new TextEncoder().encode(withUrl) },
      options,
    );
    const html = result.ok ? result.article.contentHtml : '';
    expect(html).toContain('<a href="https://www.example.org/2024/raw/maps/rafah.png">');
  });
});
