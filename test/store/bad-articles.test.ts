import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/content/article.ts';
import { appFromFiles, dispatch, feedJson, filesFrom } from '../support/app.ts';

const good = dispatch({ title: 'A good article' });
const md = (front: string, body = 'Body text.\n') => `---\n${front}\n---\n${body}`;
const DATELINE = 'Fri 19 Apr 2024 6:22 pm - Jerusalem Time';

// Each bad file, the line the report must point at, and words the report must contain.
const BAD: [string, string | Uint8Array, number, RegExp][] = [
  ['empty.txt', '', 1, /empty/],
  ['blank.md', '\n  \n', 1, /empty/],
  ['no-dateline.txt', 'PALESTINE\n', 2, /no dateline/],
  ['dateline-first.txt', `${DATELINE}\nTitle\nBody`, 1, /section/],
  [
    'bad-dateline.txt',
    dispatch({ dateline: '19 April 2024 18:22' }),
    3,
    /'19 April 2024 18:22' is not in the form/,
  ],
  [
    'impossible.txt',
    dispatch({ dateline: 'Wed 31 Apr 2024 6:22 pm - Jerusalem Time' }),
    3,
    /not a date/,
  ],
  [
    'weekday.txt',
    dispatch({ dateline: 'Thu 19 Apr 2024 6:22 pm - Jerusalem Time' }),
    3,
    /is a Friday, not a Thursday/,
  ],
  ['no-title.txt', `PALESTINE\n\n${DATELINE}\n\n`, 4, /no title/],
  ['no-body.txt', `PALESTINE\n${DATELINE}\nTitle\nTags\nGaza\n`, 4, /no body/],
  [
    'latin1.txt',
    new Uint8Array([...new TextEncoder().encode('PALESTINE\nCaf'), 0xe9, 0x0a]),
    2,
    /not UTF-8/,
  ],
  ['no-front-matter.md', 'title: x\n', 1, /no front matter/],
  ['unclosed.md', `---\ntitle: x\nsection: y\n`, 1, /never closed/],
  [
    'broken-yaml.md',
    md(`title: x\nsection: [y\ndateline: ${DATELINE}`),
    4,
    /not valid YAML \(Flow sequence.*end with a \]\)/,
  ],
  [
    'duplicate-key.md',
    md(`title: x\ntitle: y\nsection: s\ndateline: ${DATELINE}`),
    3,
    /not valid YAML/,
  ],
  ['no-title.md', md(`section: s\ndateline: ${DATELINE}`), 1, /no title/],
  ['no-dateline.md', md('title: t\nsection: s'), 1, /no dateline/],
  [
    'tags-not-list.md',
    md(`title: t\nsection: s\ndateline: ${DATELINE}\ntags: Gaza`),
    5,
    /tags must be a list/,
  ],
  [
    'bad-updated.md',
    md(
      `title: t\nsection: s\ndateline: ${DATELINE}\nupdated: Thu 18 Apr 2024 6:22 pm - Jerusalem Time`,
    ),
    5,
    /earlier than the dateline/,
  ],
  [
    'bad-image.md',
    md(`title: t\nsection: s\ndateline: ${DATELINE}\nimage: /img/a.jpg`),
    5,
    /not an absolute URL/,
  ],
  [
    'image-type.md',
    md(`title: t\nsection: s\ndateline: ${DATELINE}\nimage: https://x.example/a.tiff`),
    5,
    /\.jpg/,
  ],
  [
    'bad-url.md',
    md(`title: t\nsection: s\ndateline: ${DATELINE}\nurl: ftp://x.example/a`),
    5,
    /http or https/,
  ],
  [
    'bad-id.md',
    md(`title: t\nsection: s\ndateline: ${DATELINE}\nid: just words`),
    5,
    /absolute URI/,
  ],
  [
    'bad-lang.md',
    md(`title: t\nsection: s\ndateline: ${DATELINE}\nlang: English`),
    5,
    /language tag/,
  ],
  [
    'no-letters.md',
    md(`title: t\nsection: '!!!'\ndateline: ${DATELINE}`),
    3,
    /no letters or digits/,
  ],
];

describe('a bad article', () => {
  const { catalog, get } = appFromFiles(
    filesFrom({
      '2024/good.txt': good,
      ...Object.fromEntries(BAD.map(([p, t]) => [`bad/${p}`, t])),
    }),
  );

  it.each(BAD)('%s is reported at its line with what is wrong', (path, _text, line, words) => {
    const problems = catalog.problems.filter((p) => p.path === `bad/${path}`);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]?.line).toBe(line);
    expect(problems.map((p) => p.message).join('\n')).toMatch(words);
    expect(formatProblem(problems[0]!, 'content')).toMatch(
      new RegExp(`^content/bad/${path.replace('.', '\\.')}:${line}: `),
    );
  });

  it('is left out while the good ones are served', async () => {
    expect([...catalog.bySlug.keys()]).toEqual(['2024/good']);
    const body = await feedJson(await get('/feed.json'));
    expect(body.items.map((i: { title: string }) => i.title)).toEqual(['A good article']);
  });

  it('is counted by /healthz', async () => {
    expect(await (await get('/healthz')).json()).toEqual({
      status: 'ok',
      articles: 1,
      rejected: BAD.length,
    });
  });

  it('never gets a made-up date: a file with a bad dateline has no item at all', async () => {
    const rss = await (await get('/rss.xml')).text();
    expect(rss.match(/<item>/g)).toHaveLength(1);
  });
});

describe('two files with the same slug', () => {
  it('keep the first path and report the second', () => {
    const { catalog } = appFromFiles(
      filesFrom({ 'a.txt': good, 'a.md': md(`title: t\nsection: s\ndateline: ${DATELINE}`) }),
    );
    expect(catalog.bySlug.get('a')?.source).toBe('a.md');
    expect(catalog.problems).toEqual([
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types its asymmetric matchers as any
      { path: 'a.txt', line: 1, message: expect.stringMatching(/a\.md already has the slug 'a'/) },
    ]);
  });
});

describe('npm run check', () => {
  const run = promisify(execFile);
  const check = (dir: string) =>
    run('node_modules/.bin/tsx', ['src/check.ts', dir], {
      cwd: new URL('../..', import.meta.url).pathname,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  it('exits 0 on the repository content and says how many articles are fine', async () => {
    const result = await check('content');
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/content: \d+ articles ok, 0 files rejected/);
    expect(result.code).toBe(0);
  });

  it('prints every report as path:line: message and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dateline-check-'));
    mkdirSync(join(dir, '2024'));
    writeFileSync(join(dir, '2024', 'good.txt'), good);
    writeFileSync(
      join(dir, '2024', 'weekday.txt'),
      dispatch({ dateline: 'Thu 19 Apr 2024 6:22 pm - Jerusalem Time' }),
    );
    writeFileSync(join(dir, 'empty.md'), '');
    const result = await check(dir);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `${dir}/2024/weekday.txt:3: dateline 'Thu 19 Apr 2024 6:22 pm - Jerusalem Time': 19 Apr 2024 is a Friday, not a Thursday; check the date and the weekday`,
      `${dir}/empty.md:1: the file is empty; start it with front matter between --- lines`,
    ]);
    expect(result.stdout).toContain('1 articles ok, 2 files rejected');
    rmSync(dir, { recursive: true, force: true });
  });
});
