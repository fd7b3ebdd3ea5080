import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInTimeZone } from 'date-fns-tz';
import { allFeedPaths, appFromDir, contentApp } from '../support/app.ts';
import { freePort } from '../support/server.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const VARS = { SITE_URL: 'https://news.example.org', SITE_TITLE: 'Dateline', FEED_TTL: '600' };
const out = mkdtempSync(join(tmpdir(), 'dateline-worker-'));

/** Runs a command in its own process group; resolves with its output. */
function run(command: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

let mf: Miniflare;
let deployOutput = '';
/** A Worker built from `held`: a store with a draft, an embargoed article and a mistyped year. */
let heldMf: Miniflare;
const held = mkdtempSync(join(tmpdir(), 'dateline-held-'));
const heldOut = mkdtempSync(join(tmpdir(), 'dateline-held-worker-'));
/** A dateline in Jerusalem time about a year after the test runs: embargoed, not mistyped. */
const aheadDateline = formatInTimeZone(
  Date.now() + 400 * 86_400_000,
  'Asia/Jerusalem',
  "EEE d MMM yyyy h:mm aaa '- Jerusalem Time'",
);

/** What `npm run bundle` said of the held store (it holds a rejected file). */
let heldBundle = { code: 0 as number | null, output: '' };

/**
 * Bundles `dir` and builds the Worker into `outdir` as a deploy would; the build's output.
 * `rejected`: the store holds a rejected file, so the bundle exits 1 (and is written all the same).
 */
async function buildWorker(dir: string, outdir: string, rejected = false): Promise<string> {
  const bundle = await run(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/bundle-store.ts', dir]);
  expect(bundle.code, bundle.output).toBe(rejected ? 1 : 0);
  if (rejected) heldBundle = bundle;
  const build = await run(join(ROOT, 'node_modules/.bin/wrangler'), [
    'deploy',
    '--dry-run',
    '--outdir',
    outdir,
  ]);
  expect(build.code, build.output).toBe(0);
  return build.output;
}

const workerOf = (outdir: string) =>
  new Miniflare({
    modules: true,
    scriptPath: join(outdir, 'worker.js'),
    modulesRoot: outdir,
    compatibilityDate: '2026-04-01',
    bindings: VARS,
  });

beforeAll(async () => {
  mkdirSync(join(held, '2024'));
  copyFileSync(join(ROOT, 'content/2024/rafah-talks.txt'), join(held, '2024/rafah-talks.txt'));
  const front = (lines: string[]) => ['---', ...lines, '---', '', 'A paragraph.', ''].join('\n');
  writeFileSync(
    join(held, 'draft.md'),
    front(['title: Not ready', 'section: CULTURE', `dateline: ${aheadDateline}`, 'draft: true']),
  );
  writeFileSync(
    join(held, 'ahead.md'),
    front(['title: Embargoed budget', 'section: ECONOMY', `dateline: ${aheadDateline}`]),
  );
  writeFileSync(
    join(held, 'typo.md'),
    front([
      'title: Typo',
      'section: ECONOMY',
      'dateline: Fri 31 Dec 9999 6:22 pm - Jerusalem Time',
    ]),
  );
  await buildWorker(held, heldOut, true);
  heldMf = workerOf(heldOut);
  // The same build a deploy makes: `npm run bundle` bundles content/, esbuild the Worker.
  // Last, so that the bundle left in src/generated is content/'s.
  deployOutput = await buildWorker('./content', out);
  mf = workerOf(out);
  await Promise.all([mf.ready, heldMf.ready]);
}, 180_000);

afterAll(async () => {
  await mf?.dispose();
  await heldMf?.dispose();
  for (const dir of [out, held, heldOut]) rmSync(dir, { recursive: true, force: true });
});

describe('the Worker in workerd', async () => {
  const node = await contentApp(VARS);
  const paths = [
    ...allFeedPaths(node.catalog),
    ...['/', '/sections/palestine/', '/tags/gaza/', '/feeds.opml', '/healthz'],
    ...[...node.catalog.bySlug.keys()].map(
      (slug) => `/articles/${slug.split('/').map(encodeURIComponent).join('/')}`,
    ),
    ...[
      '/page/2/rss.xml?limit=2',
      '/sections/palestine/page/2/atom.xml?limit=2',
      '/page/3/feed.json?limit=3',
    ],
    ...[
      '/sections/PALESTINE/rss.xml',
      '/rss.xml?page=2&limit=2',
      '/nope',
      '/tags/nothing/rss.xml',
      '/rss.xml?limit=0',
    ],
  ];

  it('passes a wrangler deploy dry run and reports its bundle size', () => {
    const size = /Total Upload: ([\d.]+ KiB) \/ gzip: ([\d.]+ KiB)/.exec(deployOutput);
    expect(size, deployOutput).not.toBeNull();
    console.log(`worker bundle: ${size![1]} (gzip ${size![2]})`);
  });

  it('answers every route and format with the bytes, status and ETag the Node server gives', async () => {
    const mismatches: string[] = [];
    for (const path of paths) {
      const [fromWorker, fromNode] = await Promise.all([
        mf.dispatchFetch(`https://news.example.org${path}`, { redirect: 'manual' }),
        node.get(path),
      ]);
      const a = Buffer.from(await fromWorker.arrayBuffer());
      const b = Buffer.from(await fromNode.arrayBuffer());
      for (const header of ['etag', 'last-modified', 'content-type', 'location', 'cache-control']) {
        if (fromWorker.headers.get(header) !== fromNode.headers.get(header))
          mismatches.push(`${path} ${header}`);
      }
      if (fromWorker.status !== fromNode.status)
        mismatches.push(`${path} status ${fromWorker.status} != ${fromNode.status}`);
      if (!a.equals(b)) mismatches.push(`${path} body`);
    }
    expect(mismatches).toEqual([]);
    expect(paths.length).toBeGreaterThan(80);
  });

  it('reads datelines in workerd the same way: the seed is 2024-04-19T15:22:00Z', async () => {
    const rss = await (
      await mf.dispatchFetch('https://news.example.org/sections/palestine/rss.xml')
    ).text();
    expect(rss).toContain('<pubDate>Fri, 19 Apr 2024 15:22:00 GMT</pubDate>');
  });

  it('keeps repeated feed requests in the Workers Cache API, keyed by store version and URL, and answers 304 from it', async () => {
    const bundle = readFileSync(join(ROOT, 'src/generated/store-bundle.ts'), 'utf8');
    const version = /export const version = "([0-9a-f]+)"/.exec(bundle)![1];
    const first = await mf.dispatchFetch('https://news.example.org/tags/gaza/atom.xml');
    await first.arrayBuffer();
    const caches = (await mf.getCaches()) as unknown as {
      default: { match(url: string): Promise<Response | undefined> };
    };
    let cached: Response | undefined;
    for (let i = 0; i < 20 && !cached; i += 1) {
      // The key names the store version and the next instant what is published changes.
      cached = await caches.default.match(
        `https://edge-cache.invalid/${version}-none/feed/tags/gaza/atom.xml`,
      );
      if (!cached) await new Promise((r) => setTimeout(r, 50));
    }
    expect(cached?.headers.get('etag')).toBe(first.headers.get('etag'));
    await cached?.arrayBuffer();
    const again = await mf.dispatchFetch('https://news.example.org/tags/gaza/atom.xml', {
      headers: { 'If-None-Match': `W/${first.headers.get('etag')}` },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
  });
});

describe('the Worker with drafts, embargoes and a mistyped year', () => {
  it('publishes none of them, and answers every route as the Node server does', async () => {
    // The Node app over the same folder, at the time of the request, as the Worker reads it.
    const node = await appFromDir(held, VARS, () => Date.now());
    expect(node.catalog.drafts).toEqual(['draft.md']);
    expect(node.catalog.problems.map((p) => p.path)).toEqual(['typo.md']);
    const paths = [
      ...['/', '/rss.xml', '/atom.xml', '/feed.json', '/sitemap.xml', '/news-sitemap.xml'],
      ...['/feeds.opml', '/healthz', '/sections/economy/rss.xml', '/articles/ahead'],
      ...['/articles/draft', '/articles/typo', '/articles/2024/rafah-talks'],
    ];
    const mismatches: string[] = [];
    for (const path of paths) {
      const [fromWorker, fromNode] = await Promise.all([
        heldMf.dispatchFetch(`https://news.example.org${path}`, { redirect: 'manual' }),
        node.get(path),
      ]);
      const [a, b] = [await fromWorker.text(), await fromNode.text()];
      if (fromWorker.status !== fromNode.status || a !== b) mismatches.push(path);
      if (/Not ready|Embargoed budget|Typo|ECONOMY|CULTURE/.test(a))
        mismatches.push(`${path} leaks`);
    }
    expect(mismatches).toEqual([]);
    const health = await (await heldMf.dispatchFetch('https://news.example.org/healthz')).json();
    expect(health).toEqual({ status: 'ok', articles: 1, rejected: 1 });
  });

  it('is refused by npm run bundle, which reports the mistyped year as npm run check does', () => {
    expect(heldBundle.code).toBe(1);
    expect(heldBundle.output).toContain(`${held}/typo.md:`);
    expect(heldBundle.output).toContain('1 rejected (above): fix them before deploying');
  });
});

describe('npm run dev:worker', () => {
  it('serves the feeds locally with wrangler dev, offline, after one bundle and without noise', async () => {
    const port = await freePort();
    const child = spawn('npm', ['run', 'dev:worker', '--', '--port', String(port)], {
      cwd: ROOT,
      detached: true, // its own process group: wrangler leaves workerd children behind otherwise
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    try {
      let body = '';
      for (let i = 0; i < 150 && !body; i += 1) {
        body = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.text(),
          () => '',
        );
        if (!body) await new Promise((r) => setTimeout(r, 200));
      }
      expect(JSON.parse(body || '{}'), output).toMatchObject({ status: 'ok', rejected: 0 });
      const rss = await (await fetch(`http://127.0.0.1:${port}/sections/palestine/rss.xml`)).text();
      expect(rss).toContain('<pubDate>Fri, 19 Apr 2024 15:22:00 GMT</pubDate>');
      // The store is bundled once, and being offline costs no stack trace and no banner.
      expect(output.match(/^bundle: /gm), output).toHaveLength(1);
      expect(output, output).not.toMatch(/restarting build|update available|getaddrinfo|\n\s+at /);
    } finally {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }, 60_000);
});
