import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInTimeZone } from 'date-fns-tz';
import { allFeedPaths, appFromDir } from '../support/app.ts';
import { freePort } from '../support/server.ts';
import { formatProblem } from '../../src/content/article.ts';
import { longArticle } from '../support/long-article.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const VARS = { SITE_URL: 'https://news.example.org', SITE_TITLE: 'Dateline', FEED_TTL: '600' };
const work = mkdtempSync(join(tmpdir(), 'dateline-worker-'));
const out = join(work, 'out');
/** content/, copied, and an article whose body is in parts in D1: the last test edits it. */
const store = join(work, 'content');
cpSync(join(ROOT, 'content'), store, { recursive: true });
writeFileSync(join(store, '2024/long-report.md'), longArticle());
/** A store with a draft, an embargoed article and a mistyped year. */
const held = join(work, 'held');
/** The local D1 of each store, as `npm run publish -- --local --persist-to` leaves it. */
const storeState = join(work, 'state');
const heldState = join(work, 'held-state');
/** The id in wrangler.toml: a local D1 is found by it. */
const DATABASE_ID = /database_id = "([^"]+)"/.exec(
  readFileSync(join(ROOT, 'wrangler.toml'), 'utf8'),
)![1]!;

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

/** `npm run publish -- --local` of `dir` into the local D1 kept in `state`. */
const publish = (dir: string, state: string) =>
  run(
    join(ROOT, 'node_modules/.bin/tsx'),
    ['src/publish.ts', '--local', '--persist-to', state, dir],
    VARS,
  );

let mf: Miniflare;
let deployOutput = '';
let heldMf: Miniflare;
/** A dateline in Jerusalem time about a year after the test runs: embargoed, not mistyped. */
const aheadDateline = formatInTimeZone(
  Date.now() + 400 * 86_400_000,
  'Asia/Jerusalem',
  "EEE d MMM yyyy h:mm aaa '- Jerusalem Time'",
);

/** What `npm run publish` said of the held store (it holds a rejected file). */
let heldPublish = { code: 0 as number | null, output: '' };

/** The Worker as `wrangler deploy` builds it, over the local D1 kept in `state`. */
const STATUS_TOKEN = 'a-status-token-for-the-test';
const workerOf = (state: string) =>
  new Miniflare({
    modules: true,
    scriptPath: join(out, 'worker.js'),
    modulesRoot: out,
    compatibilityDate: '2026-04-01',
    bindings: { ...VARS, STATUS_TOKEN },
    d1Databases: { DB: DATABASE_ID },
    d1Persist: join(state, 'v3/d1'),
  });

beforeAll(async () => {
  mkdirSync(join(held, '2024'), { recursive: true });
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
  symlinkSync('/etc/hostname', join(held, 'link.md')); // refused by the adapter, reported
  writeFileSync(
    join(held, 'typo.md'),
    front([
      'title: Typo',
      'section: ECONOMY',
      'dateline: Fri 31 Dec 9999 6:22 pm - Jerusalem Time',
    ]),
  );
  const [build, published, heldPublished] = await Promise.all([
    run(join(ROOT, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', out]),
    publish(store, storeState),
    publish(held, heldState),
  ]);
  expect(build.code, build.output).toBe(0);
  expect(published.code, published.output).toBe(0);
  deployOutput = build.output;
  heldPublish = heldPublished;
  mf = workerOf(storeState);
  heldMf = workerOf(heldState);
  await Promise.all([mf.ready, heldMf.ready]);
}, 180_000);

afterAll(async () => {
  await mf?.dispose();
  await heldMf?.dispose();
  rmSync(work, { recursive: true, force: true });
});

/** The routes on which the Worker's answers differ from the Node app's: status, body or headers. */
async function mismatches(
  worker: Miniflare,
  node: { get(path: string): Promise<Response> },
  paths: string[],
) {
  const found: string[] = [];
  for (const path of paths) {
    const [fromWorker, fromNode] = await Promise.all([
      worker.dispatchFetch(`https://news.example.org${path}`, { redirect: 'manual' }),
      node.get(path),
    ]);
    const a = Buffer.from(await fromWorker.arrayBuffer());
    const b = Buffer.from(await fromNode.arrayBuffer());
    for (const header of ['etag', 'last-modified', 'content-type', 'location', 'cache-control']) {
      if (fromWorker.headers.get(header) !== fromNode.headers.get(header))
        found.push(`${path} ${header}`);
    }
    if (fromWorker.status !== fromNode.status)
      found.push(`${path} status ${fromWorker.status} != ${fromNode.status}`);
    if (!a.equals(b)) {
      found.push(`${path} body`);
      if (process.env.DEBUG_DIFF) {
        const [x, y] = [a.toString(), b.toString()];
        let i = 0;
        while (i < x.length && x[i] === y[i]) i += 1;
        console.log(
          path,
          x.length,
          y.length,
          JSON.stringify(x.slice(i - 80, i + 80)),
          JSON.stringify(y.slice(i - 80, i + 80)),
        );
      }
    }
  }
  return found;
}

describe('the Worker in workerd', async () => {
  const node = await appFromDir(store, VARS);
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

  it('passes a wrangler deploy dry run, its script the same size whatever the store holds', () => {
    const size = /Total Upload: ([\d.]+ KiB) \/ gzip: ([\d.]+ KiB)/.exec(deployOutput);
    expect(size, deployOutput).not.toBeNull();
    console.log(`worker bundle: ${size![1]} (gzip ${size![2]})`);
  });

  it('answers every route and format with the bytes, status and ETag the Node server gives', async () => {
    expect(await mismatches(mf, node, paths)).toEqual([]);
    expect(paths.length).toBeGreaterThan(80);
  });

  it('reads datelines in workerd the same way: the seed is 2024-04-19T15:22:00Z', async () => {
    const rss = await (
      await mf.dispatchFetch('https://news.example.org/sections/palestine/rss.xml')
    ).text();
    expect(rss).toContain('<pubDate>Fri, 19 Apr 2024 15:22:00 GMT</pubDate>');
  });

  it('keeps repeated feed requests in the Workers Cache API, keyed by store version and URL, and answers 304 from it', async () => {
    const version = '1'; // D1's store version after the first publish
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

describe('the Worker on a D1 published before the served set took its shape 2', () => {
  it('answers every route from the whole version, as before, and the next publish brings it up to date', async () => {
    const node = await appFromDir(store, VARS);
    const paths = [
      ...allFeedPaths(node.catalog),
      ...[
        '/',
        '/tags/gaza/',
        '/feeds.opml',
        '/healthz',
        '/sitemap.xml',
        '/articles/2024/rafah-talks',
      ],
    ];
    const state = join(work, 'older-state');
    expect((await publish(store, state)).code).toBe(0);
    // What a D1 holds that was published before migration 0002: neither its tables nor the
    // meta rows the code after it writes.
    const folder = join(state, 'v3/d1/miniflare-D1DatabaseObject');
    const file = readdirSync(folder).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
    const sqlite = (sql: string) => {
      const db = new Database(join(folder, file ?? ''));
      try {
        return db.exec(sql);
      } finally {
        db.close();
      }
    };
    sqlite(`DROP TABLE scope_facts; DROP TABLE instants;
      DELETE FROM d1_migrations WHERE name LIKE '0002%';
      DELETE FROM meta WHERE key IN ('served', 'publish_id', 'rejected');`);
    rmSync(join(state, 'dateline'), { recursive: true, force: true }); // the index it kept
    const older = workerOf(state);
    try {
      expect(await mismatches(older, node, paths)).toEqual([]);
    } finally {
      await older.dispose();
    }
    // The next publish applies 0002 and writes the served set whole, with its new tables.
    const again = await publish(store, state);
    expect(again.code, again.output).toBe(0);
    const counts = new Database(join(folder, file ?? ''), { readonly: true });
    try {
      const one = (sql: string) => counts.prepare(sql).pluck().get();
      expect(one("SELECT value FROM meta WHERE key = 'served'")).toBe('2');
      expect(one('SELECT count(*) FROM scope_facts')).toBe(one('SELECT count(*) FROM scopes'));
      expect(one('SELECT count(*) FROM instants')).toBeGreaterThanOrEqual(node.catalog.bySlug.size);
    } finally {
      counts.close();
    }
    const upgraded = workerOf(state);
    try {
      expect(await mismatches(upgraded, node, paths)).toEqual([]);
    } finally {
      await upgraded.dispose();
    }
  }, 120_000);
});

describe('the Worker with drafts, embargoes and a mistyped year', () => {
  it('publishes none of them, and answers every route as the Node server does', async () => {
    // The Node app over the same folder, at the time of the request, as the Worker reads it.
    const node = await appFromDir(held, VARS, () => Date.now());
    expect(node.catalog.drafts).toEqual(['draft.md']);
    expect(node.catalog.problems.map((p) => p.path)).toEqual(['link.md', 'typo.md']);
    const paths = [
      ...['/', '/rss.xml', '/atom.xml', '/feed.json', '/sitemap.xml', '/news-sitemap.xml'],
      ...['/feeds.opml', '/healthz', '/sections/economy/rss.xml', '/articles/ahead'],
      ...['/articles/draft', '/articles/typo', '/articles/2024/rafah-talks'],
    ];
    const wrong: string[] = [];
    for (const path of paths) {
      const [fromWorker, fromNode] = await Promise.all([
        heldMf.dispatchFetch(`https://news.example.org${path}`, { redirect: 'manual' }),
        node.get(path),
      ]);
      const [a, b] = [await fromWorker.text(), await fromNode.text()];
      if (fromWorker.status !== fromNode.status || a !== b) wrong.push(path);
      if (/Not ready|Embargoed budget|Typo|ECONOMY|CULTURE/.test(a)) wrong.push(`${path} leaks`);
    }
    expect(wrong).toEqual([]);
    const health = await (await heldMf.dispatchFetch('https://news.example.org/healthz')).json();
    expect(health).toEqual({ status: 'ok', articles: 1, rejected: 2 });
    // The editors' view lists the draft, the report and the embargoed article, as on Node.
    const status = (await (
      await heldMf.dispatchFetch('https://news.example.org/status.json', {
        headers: { Authorization: `Bearer ${STATUS_TOKEN}` },
      })
    ).json()) as { drafts: string[]; problems: string[]; embargoed: { title: string }[] };
    expect(status.drafts).toEqual(['draft.md']);
    expect(status.problems).toEqual(node.catalog.problems.map((p) => formatProblem(p)));
    expect(status.embargoed.map((a) => a.title)).toEqual(['Embargoed budget']);
  });

  it('is published without the mistyped year, which npm run publish reports as npm run check does, exiting 1', () => {
    expect(heldPublish.code).toBe(1);
    expect(heldPublish.output).toContain(`${held}/typo.md:`);
    expect(heldPublish.output).toContain('2 articles, 2 files rejected');
  });
});

describe('the Worker before anything is published', () => {
  it('answers every request 503 in one line, naming npm run publish', async () => {
    const empty = workerOf(join(work, 'empty-state'));
    try {
      const response = await empty.dispatchFetch('https://news.example.org/feed.json');
      expect(response.status).toBe(503);
      expect(await response.text()).toBe('nothing is published yet: run npm run publish\n');
      // As every answer of the app: no sniffing; and when to ask again.
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('retry-after')).toBe('60');
    } finally {
      await empty.dispose();
    }
  });
});

describe('publishing to the running Worker', () => {
  it('shows an edit, keeps the last good version of a broken edit and takes a deleted article down, with no rebuild', async () => {
    const before = await appFromDir(store, VARS, () => Date.now());
    const rafah = '/articles/2024/rafah-talks';
    const page = await (await mf.dispatchFetch(`https://news.example.org${rafah}`)).text();
    const edited = join(store, '2024/gaza-fuel-shortage.md');
    writeFileSync(
      edited,
      readFileSync(edited, 'utf8').replace(/^title: .*$/m, 'title: Gaza fuel shortage, corrected'),
    );
    const broken = join(store, '2024/rafah-talks.txt');
    writeFileSync(broken, readFileSync(broken, 'utf8').replace('Jerusalem Time', 'Jerusalem Tim'));
    rmSync(join(store, '2023/gaza-bakeries-flour.txt'));
    const published = await publish(store, storeState);
    expect(published.code, published.output).toBe(1);
    expect(published.output).toMatch(/rafah-talks\.txt:\d+: .*last good version stays published/);

    const feed = await (await mf.dispatchFetch('https://news.example.org/feed.json')).text();
    expect(feed).toContain('Gaza fuel shortage, corrected');
    expect(
      (await mf.dispatchFetch('https://news.example.org/articles/2023/gaza-bakeries-flour')).status,
    ).toBe(404);
    expect(await (await mf.dispatchFetch(`https://news.example.org${rafah}`)).text()).toBe(page);
    // Every route as the Node server serves the folder after the same edits.
    const after = await appFromDir(store, VARS, () => Date.now(), before.catalog);
    const paths = [
      ...allFeedPaths(after.catalog),
      ...['/', '/feeds.opml', '/healthz', '/sitemap.xml', '/news-sitemap.xml', rafah],
      ...[...after.catalog.bySlug.keys()].map((slug) => `/articles/${slug}`),
    ];
    expect(await mismatches(mf, after, paths)).toEqual([]);
  }, 120_000);
});

describe('npm run dev:worker', () => {
  it('serves the local D1 that npm run publish -- --local filled, offline and without noise', async () => {
    const port = await freePort();
    const args = ['run', 'dev:worker', '--', '--port', String(port), '--persist-to', heldState];
    const child = spawn('npm', args, {
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
      expect(JSON.parse(body || '{}'), output).toMatchObject({ status: 'ok', rejected: 2 });
      const rss = await (await fetch(`http://127.0.0.1:${port}/sections/palestine/rss.xml`)).text();
      expect(rss).toContain('<pubDate>Fri, 19 Apr 2024 15:22:00 GMT</pubDate>');
      // Being offline costs no stack trace and no banner.
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
