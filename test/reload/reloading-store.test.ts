import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { formatProblem, type StoreFile } from '../../src/content/article.ts';
import { createReloadingStore } from '../../src/store/store.ts';
import { dispatch, filesFrom, TEST_CLOCK } from '../support/app.ts';
import { checkWellFormed } from '../support/validators.ts';

const OPTIONS = { siteUrl: 'https://news.example.org', timeZone: 'Asia/Jerusalem' };
const BAD_DATELINE = 'Thu 19 Apr 2024 6:22 pm - Jerusalem Time';
const at = (hour: number) => `Fri 19 Apr 2024 ${hour}:00 am - Jerusalem Time`;
const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A store whose files are whatever `files` holds when it is read. */
async function storeOver(initial: Record<string, string>) {
  let files: StoreFile[] = filesFrom(initial);
  let reads = 0;
  const store = await createReloadingStore(async () => {
    reads += 1;
    await yieldToRequests();
    return files;
  }, OPTIONS);
  return {
    store,
    set: (next: Record<string, string>) => (files = filesFrom(next)),
    reads: () => reads,
  };
}

const titles = (store: { current(): { site: { articles: readonly { title: string }[] } } }) =>
  store.current().site.articles.map((a) => a.title);

describe('a reloading store', () => {
  it('shows additions, edits and deletions after a reload', async () => {
    const { store, set } = await storeOver({ 'a.txt': dispatch({ title: 'A', dateline: at(9) }) });
    expect(titles(store)).toEqual(['A']);
    set({
      'a.txt': dispatch({ title: 'A edited', dateline: at(9) }),
      'b.txt': dispatch({ title: 'B', dateline: at(10) }),
    });
    const result = await store.reload();
    expect(result.changed).toBe(true);
    expect(titles(store)).toEqual(['B', 'A edited']);
    set({ 'b.txt': dispatch({ title: 'B', dateline: at(10) }) });
    await store.reload();
    expect(titles(store)).toEqual(['B']);
  });

  it('keeps the last good version of an article whose file breaks, and reports the error', async () => {
    const { store, set } = await storeOver({ 'a.txt': dispatch({ title: 'Good A' }) });
    const good = store.current().bySlug.get('a');
    set({ 'a.txt': dispatch({ title: 'Broken A', dateline: BAD_DATELINE }) });
    const result = await store.reload();
    expect(store.current().bySlug.get('a')).toBe(good);
    expect(result.newProblems.map((p) => formatProblem(p))).toEqual([
      `a.txt:3: dateline '${BAD_DATELINE}': 19 Apr 2024 is a Friday, not a Thursday; check the date and the weekday (the last good version stays published until this is fixed)`,
    ]);
    expect(store.current().kept).toEqual(['a.txt']);
    // Still broken in another way: still the last good version.
    set({ 'a.txt': 'PALESTINE\n' });
    await store.reload();
    expect(store.current().bySlug.get('a')).toBe(good);
    // Fixed: the new version.
    set({ 'a.txt': dispatch({ title: 'Fixed A' }) });
    await store.reload();
    expect(titles(store)).toEqual(['Fixed A']);
    expect(store.current().problems).toEqual([]);
  });

  it('removes an article whose broken file is then deleted', async () => {
    const { store, set } = await storeOver({ 'a.txt': dispatch({ title: 'A' }) });
    set({ 'a.txt': '' });
    await store.reload();
    expect(titles(store)).toEqual(['A']);
    set({});
    await store.reload();
    expect(titles(store)).toEqual([]);
    expect(store.current().problems).toEqual([]);
  });

  it('never publishes a file that was broken from the start', async () => {
    const { store } = await storeOver({ 'a.txt': dispatch({ dateline: BAD_DATELINE }) });
    expect(titles(store)).toEqual([]);
    expect(store.current().problems).toHaveLength(1);
  });

  it('keeps the same catalog object when nothing changed, so caches keyed by it live on', async () => {
    const { store, set } = await storeOver({ 'a.txt': dispatch({ title: 'A' }) });
    const before = store.current();
    set({ 'a.txt': dispatch({ title: 'A' }) }); // the same bytes, new arrays
    const result = await store.reload();
    expect(result.changed).toBe(false);
    expect(store.current()).toBe(before);
  });

  it('reports only problems the previous version did not have', async () => {
    const bad = dispatch({ dateline: BAD_DATELINE });
    const { store, set } = await storeOver({ 'a.txt': bad });
    set({ 'a.txt': bad, 'b.txt': '' });
    const first = await store.reload();
    expect(first.newProblems.map((p) => p.path)).toEqual(['b.txt']);
    const second = await store.reload();
    expect(second.newProblems).toEqual([]);
  });

  it('runs one reload at a time and folds a burst of calls into one more', async () => {
    const { store, reads } = await storeOver({ 'a.txt': dispatch({}) });
    expect(reads()).toBe(1);
    const calls = Array.from({ length: 20 }, () => store.reload());
    await Promise.all(calls);
    expect(reads()).toBe(3); // the running reload, then one for the 19 calls made meanwhile
    expect(calls[1]).toBe(calls[19]);
  });

  it('keeps the previous version when the store cannot be read', async () => {
    let fail = false;
    const store = await createReloadingStore(
      () =>
        fail
          ? Promise.reject(new Error('EACCES: permission denied'))
          : Promise.resolve(filesFrom({ 'a.txt': dispatch({ title: 'A' }) })),
      OPTIONS,
    );
    const before = store.current();
    fail = true;
    const result = await store.reload();
    expect(result).toMatchObject({ changed: false, error: 'EACCES: permission denied' });
    expect(store.current()).toBe(before);
  });
});

describe('a thousand reloads while requests run', () => {
  // Three versions of the store, read in turn; version 2 breaks c.txt, which was good in
  // version 1 (its last good version stays), and removes b.txt.
  const VERSIONS: Record<string, string>[] = [
    {
      'a.txt': dispatch({ title: 'A', dateline: at(9), tags: ['Gaza'] }),
      'b.md': `---\ntitle: B\nsection: Palestine\ndateline: ${at(10)}\ntags: [Gaza]\n---\nBody of B with a [link](x).\n`,
    },
    {
      'a.txt': dispatch({ title: 'A edited', dateline: at(9), tags: ['Gaza'] }),
      'b.md': `---\ntitle: B\nsection: Palestine\ndateline: ${at(10)}\ntags: [Gaza]\n---\nBody of B with a [link](x).\n`,
      'c.txt': dispatch({ title: 'C', dateline: at(11), tags: ['Gaza', 'Rafah'] }),
    },
    {
      'a.txt': dispatch({ title: 'A edited', dateline: at(9), tags: ['Gaza'] }),
      'c.txt': dispatch({ title: 'C broken', dateline: BAD_DATELINE, tags: ['Gaza'] }),
    },
  ];
  // What the site and Gaza feeds may show: one of the versions, whole, newest first.
  const EXPECTED = [
    ['B', 'A'],
    ['C', 'B', 'A edited'],
    ['C', 'A edited'],
  ].map((t) => t.join('|'));
  const PATHS = [
    '/feed.json',
    '/rss.xml',
    '/atom.xml',
    '/tags/gaza/feed.json',
    '/tags/gaza/rss.xml',
    '/sections/palestine/atom.xml',
    '/healthz',
  ];

  it('answers every request with a complete feed of one version', async () => {
    let version = 0;
    const store = await createReloadingStore(async () => {
      const files = filesFrom(VERSIONS[version % VERSIONS.length]!);
      version += 1;
      await yieldToRequests();
      return files;
    }, OPTIONS);
    const app = createApp({
      store,
      config: parseConfig({ SITE_URL: OPTIONS.siteUrl }),
      clock: TEST_CLOCK,
    });
    let reloads = 0;
    let done = false;
    const failures: string[] = [];
    const xml = new Map<string, string>();
    const seen = new Set<string>();
    let responses = 0;

    async function client(id: number): Promise<void> {
      for (let n = 0; !done; n += 1) {
        const path = PATHS[(id + n) % PATHS.length]!;
        const response = await app.request(path, {
          headers: n % 3 === 0 ? { 'Accept-Encoding': 'gzip' } : {},
        });
        const body =
          response.headers.get('Content-Encoding') === 'gzip'
            ? await new Response(response.body!.pipeThrough(new DecompressionStream('gzip'))).text()
            : await response.text();
        responses += 1;
        if (response.status !== 200) {
          failures.push(`${path}: ${response.status}`);
          continue;
        }
        if (path === '/healthz') continue;
        let titles: string[];
        if (path.endsWith('.json')) {
          try {
            titles = (JSON.parse(body) as { items: { title: string }[] }).items.map((i) => i.title);
          } catch (error) {
            failures.push(`${path}: ${String(error)}`);
            continue;
          }
        } else {
          xml.set(body, path);
          titles = [...body.matchAll(/<(?:item|entry)>[^]*?<title[^>]*>([^<]*)<\/title>/g)].map(
            (m) => m[1]!,
          );
          const closing = path.endsWith('rss.xml') ? '</rss>' : '</feed>';
          if (!body.trimEnd().endsWith(closing)) failures.push(`${path}: cut short`);
        }
        const joined = titles.join('|');
        seen.add(joined);
        if (!EXPECTED.includes(joined)) failures.push(`${path}: items ${joined}`);
      }
    }

    const clients = Array.from({ length: 8 }, (_, id) => client(id));
    while (reloads < 1000) {
      // Mostly one after another, sometimes a burst that the store folds together.
      if (reloads % 10 === 0) await Promise.all([store.reload(), store.reload(), store.reload()]);
      else await store.reload();
      reloads += 1;
    }
    done = true;
    await Promise.all(clients);

    expect(failures.slice(0, 10)).toEqual([]);
    expect(responses).toBeGreaterThan(1000);
    expect([...seen].sort()).toEqual([...EXPECTED].sort());
    // Every distinct XML body, checked by xmllint in one run.
    const bodies = [...xml.keys()];
    const errors = checkWellFormed(bodies);
    expect(bodies.map((b, i) => [xml.get(b), errors[i]]).filter(([, e]) => e)).toEqual([]);
    expect(version).toBeGreaterThan(1000);
  });
});
