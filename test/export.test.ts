import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { servedPaths } from '../src/http/site-map.ts';
import { appFromDir, dispatch } from './support/app.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'dateline-export-'));
const content = join(work, 'content');
const out = join(work, 'out');
afterAll(() => rmSync(work, { recursive: true, force: true }));

// 61 articles: the site feed and the Gaza tag need a second page.
mkdirSync(join(content, '2024'), { recursive: true });
for (let day = 1; day <= 61; day += 1) {
  const date = new Date(Date.UTC(2024, 0, day));
  const dateline = `${date.toUTCString().slice(0, 3)} ${date.getUTCDate()} ${date.toUTCString().slice(8, 11)} 2024 9:15 am - Jerusalem Time`;
  writeFileSync(
    join(content, '2024', `story-${day}.txt`),
    dispatch({ title: `Story ${day}`, dateline, tags: ['Gaza', 'غزة'] }),
  );
}
const VARS = { SITE_URL: 'https://news.example.org' };

describe('npm run export', async () => {
  const run = await promisify(execFile)(
    join(ROOT, 'node_modules/.bin/tsx'),
    ['scripts/export.ts', out],
    {
      cwd: ROOT,
      env: { ...process.env, ...VARS, CONTENT_DIR: content, CI: 'true' },
    },
  );
  const { app, catalog, config } = await appFromDir(content, VARS);
  const paths = servedPaths(catalog, config.pageBytes);

  it('writes every page of every feed, the HTML pages and the OPML', () => {
    expect(paths).toContain('/page/2/rss.xml');
    expect(paths).toContain(`/tags/${encodeURIComponent('غزة')}/page/2/feed.json`);
    expect(existsSync(join(out, 'tags', 'غزة', 'page', '2', 'feed.json'))).toBe(true);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(existsSync(join(out, 'articles', '2024', 'story-1.html'))).toBe(true);
    expect(run.stdout).toBe(`export: ${paths.length} files and _headers in ${out}\n`);
  });

  it('writes files byte for byte what the server answers', async () => {
    const file = (path: string) => {
      const decoded = decodeURIComponent(path);
      if (decoded.endsWith('/')) return join(out, decoded, 'index.html');
      return join(out, decoded.startsWith('/articles/') ? `${decoded}.html` : decoded);
    };
    for (const path of paths) {
      const served = Buffer.from(await (await app.request(path)).arrayBuffer());
      expect(readFileSync(file(path)).equals(served), path).toBe(true);
    }
  });

  it('gives each file its content type and cache headers in _headers', async () => {
    const rules = readFileSync(join(out, '_headers'), 'utf8').split(/\n(?=\/)/);
    expect(rules).toHaveLength(paths.length);
    for (const [i, path] of paths.entries()) {
      const response = await app.request(path);
      const [rulePath, ...lines] = rules[i]!.trim().split('\n');
      expect(rulePath).toBe(path);
      expect(lines).toContain(`  Content-Type: ${response.headers.get('content-type')}`);
      expect(lines).toContain(`  Cache-Control: ${response.headers.get('cache-control')}`);
    }
  });

  it('stays quiet in CI: no progress bar', () => {
    expect(run.stderr.replace(/npm warn.*\n/g, '')).toBe('');
  });
});
