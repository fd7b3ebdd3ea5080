// The Node server's store kept in its database (src/adapters/node/database.ts, folder-store.ts):
// a published article whose file breaks keeps its last good version whole, body included,
// across reloads and restarts; a restart serves the database's version without reading a file;
// a database that cannot serve is made anew from the folder; a failed transaction keeps the
// previous version.
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { formatProblem } from '../../src/content/article.ts';
import { KEPT_NOTE } from '../../src/store/catalog.ts';
import { openFolderStore, type FolderStore } from '../../src/adapters/node/folder-store.ts';
import { allFeedPaths, CONTENT_DIR, dispatch, TEST_CLOCK } from '../support/app.ts';
import { sleep } from '../support/entry.ts';

const config = parseConfig({ SITE_URL: 'https://news.example.org' });
const RAFAH = '2024/rafah-talks';
const POWER = '2024/hospital-power';
const PATHS = ['/rss.xml', '/atom.xml', '/feed.json', `/articles/${RAFAH}`, `/articles/${POWER}`];
/** Files younger than this are never trusted by their stamp (walk.ts's TIMESTAMP_SLACK_MS). */
const SETTLE_MS = 2_100;

/** A Markdown article with a body of several paragraphs, a list and inline markup. */
const power = (title: string, weekday = 'Fri') =>
  [
    '---',
    `title: ${title}`,
    'section: PALESTINE',
    `dateline: ${weekday} 29 Mar 2024 10:40 am - Jerusalem Time`,
    'author: Lina Haddad',
    'summary: Hospitals in Gaza cut power to all but critical wards.',
    'tags:',
    '  - Gaza',
    '  - Electricity',
    '---',
    '',
    'Hospitals in central and southern Gaza are switching off lights and lifts to keep generators running for intensive care units, health workers said on Friday.',
    '',
    'Fuel has arrived only in small and irregular quantities, and staff now plan each day around the hours of fuel left in the tanks.',
    '',
    'Departments asked to cut their consumption include:',
    '',
    '- outpatient clinics, which now close by early afternoon;',
    '- laboratories, which batch their tests.',
    '',
    'Doctors described the measures as *temporary by design but open-ended in practice*.',
    '',
  ].join('\n');
const POWER_TITLE = 'Generators rationed in Gaza’s hospitals';

const dirs: string[] = [];
const opened: FolderStore[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
async function open(dir: string, dbFile: string, options: Config = config): Promise<FolderStore> {
  const folder = await openFolderStore(dir, dbFile, options);
  opened.push(folder);
  return folder;
}
afterEach(() => {
  for (const folder of opened.splice(0)) {
    try {
      folder.close();
    } catch {
      // closed by the test already
    }
  }
});
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A store folder with the Rafah dispatch from content/ and the Markdown article. */
function newsroom(): { dir: string; dbFile: string } {
  const dir = tempDir('dateline-db-store-');
  mkdirSync(join(dir, '2024'));
  copyFileSync(join(CONTENT_DIR, `${RAFAH}.txt`), join(dir, `${RAFAH}.txt`));
  writeFileSync(join(dir, `${POWER}.md`), power(POWER_TITLE));
  return { dir, dbFile: join(tempDir('dateline-db-'), 'store.db') };
}

interface Served {
  path: string;
  status: number;
  etag: string | null;
  body: string;
}

/** What a new app over the folder's store answers for each path: status, ETag and bytes. */
async function serve(folder: FolderStore, paths: readonly string[] = PATHS): Promise<Served[]> {
  const app = createApp({ store: folder.store, config, clock: TEST_CLOCK });
  return Promise.all(
    paths.map(async (path) => {
      const response = await app.request(path);
      return {
        path,
        status: response.status,
        etag: response.headers.get('etag'),
        body: await response.text(),
      };
    }),
  );
}

interface JsonItem {
  id: string;
  url: string;
  title: string;
  content_html?: string;
}
const jsonItems = (served: Served[]) =>
  (JSON.parse(served.find((s) => s.path === '/feed.json')!.body) as { items: JsonItem[] }).items;
const itemOf = (served: Served[], slug: string) =>
  jsonItems(served).find((item) => item.url.endsWith(`/articles/${slug}`));
const reports = (folder: FolderStore) =>
  folder.store.current().problems.map((problem) => formatProblem(problem));

/** Rows of the database, read by a connection of its own. */
function rows(dbFile: string) {
  const db = new Database(dbFile, { readonly: true });
  try {
    return {
      articles: db
        .prepare<[], { path: string; title: string }>(
          'SELECT path, title FROM articles ORDER BY path, rev',
        )
        .all(),
      files: db
        .prepare<[], { path: string; rev: number | null; problems: string | null }>(
          'SELECT path, rev, problems FROM files ORDER BY path',
        )
        .all(),
    };
  } finally {
    db.close();
  }
}

/** The articles the database publishes: those its files rows point to, by path. */
function live(dbFile: string): { path: string; title: string }[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db
      .prepare<[], { path: string; title: string }>(
        'SELECT a.path, a.title FROM files f JOIN articles a ON a.rev = f.rev ORDER BY a.path',
      )
      .all();
  } finally {
    db.close();
  }
}

const BAD_DATELINE = 'Fri 19 Apr 2024 6:22 pm - Jerusalem Tim';

describe('a published article whose file breaks', () => {
  it('keeps every field, body included, in every format and on its page, after a reload and after a restart', async () => {
    const { dir, dbFile } = newsroom();
    let folder = await open(dir, dbFile);
    expect(folder.from).toBe('folder');
    const good = await serve(folder);
    expect(good.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
    // The bodies are whole: the last paragraph of the dispatch, the list of the Markdown.
    const rafah = itemOf(good, RAFAH)!;
    expect(rafah.content_html!.length).toBeGreaterThan(4_000);
    expect(rafah.content_html).toContain('The Iranian attack, the first ever on Israeli territory');
    const powerItem = itemOf(good, POWER)!;
    expect(powerItem.title).toBe(POWER_TITLE);
    expect(powerItem.content_html).toContain('<li>laboratories, which batch their tests.</li>');
    expect(powerItem.content_html).toContain(
      '<em>temporary by design but open-ended in practice</em>',
    );

    const text = readFileSync(join(dir, `${RAFAH}.txt`), 'utf8');
    expect(text).toContain('Jerusalem Time');
    writeFileSync(join(dir, `${RAFAH}.txt`), text.replace('Jerusalem Time', 'Jerusalem Tim'));
    writeFileSync(join(dir, `${POWER}.md`), power('Broken title', 'Thu'));
    const result = await folder.reload();
    expect(result.error).toBeUndefined();
    expect(folder.store.current().kept).toEqual([`${POWER}.md`, `${RAFAH}.txt`]);
    const broken = reports(folder);
    expect(broken).toHaveLength(2);
    expect(broken[0]).toMatch(new RegExp(`^${POWER}\\.md:4: .*\\(${KEPT_NOTE}\\)$`));
    expect(broken[1]).toMatch(new RegExp(`^${RAFAH}\\.txt:3: .*\\(${KEPT_NOTE}\\)$`));
    const afterReload = await serve(folder);
    expect(afterReload).toEqual(good);
    expect(itemOf(afterReload, RAFAH)!.content_html).toBe(rafah.content_html);
    expect(itemOf(afterReload, POWER)!.content_html).toBe(powerItem.content_html);
    // The broken files keep their rows, and the articles their one row each.
    expect(live(dbFile).map((a) => a.path)).toEqual([`${POWER}.md`, `${RAFAH}.txt`]);
    expect(rows(dbFile).articles).toHaveLength(2);
    expect(rows(dbFile).files.map((f) => [f.path, f.rev !== null, f.problems !== null])).toEqual([
      [`${POWER}.md`, true, true],
      [`${RAFAH}.txt`, true, true],
    ]);

    // A restart: the database's version, served before the folder is looked at (the bodies
    // are made anew, from the bytes the database kept, not from the broken files).
    folder.close();
    folder = await open(dir, dbFile);
    expect(folder.from).toBe('database');
    expect(folder.lastRead()).toBeUndefined();
    const restarted = await serve(folder);
    expect(restarted).toEqual(good);
    expect(itemOf(restarted, RAFAH)!.content_html).toBe(rafah.content_html);
    expect(reports(folder)).toEqual(broken);

    // The reconcile reads the broken files again: still the last good versions.
    const reconciled = await folder.reload();
    expect(reconciled.error).toBeUndefined();
    expect(folder.lastRead()).toBeDefined();
    expect(await serve(folder)).toEqual(good);
    expect(reports(folder)).toEqual(broken);
    expect(rows(dbFile).articles).toHaveLength(2);
  });

  it('publishes the fixed file, and drops the article of a deleted file, also after a restart', async () => {
    const { dir, dbFile } = newsroom();
    let folder = await open(dir, dbFile);
    const text = readFileSync(join(dir, `${RAFAH}.txt`), 'utf8');
    writeFileSync(join(dir, `${RAFAH}.txt`), text.replace('Jerusalem Time', 'Jerusalem Tim'));
    writeFileSync(join(dir, `${POWER}.md`), power('Broken title', 'Thu'));
    await folder.reload();
    expect(folder.store.current().kept).toHaveLength(2);

    // Fixed, with a new title: the fix is published.
    const fixed = 'Rafah: the American position, explained';
    writeFileSync(
      join(dir, `${RAFAH}.txt`),
      text.replaceAll(
        'The ambiguity of the American position regarding Israel’s invasion of the city of Rafah',
        fixed,
      ),
    );
    // Deleted while broken: the article goes.
    unlinkSync(join(dir, `${POWER}.md`));
    const result = await folder.reload();
    expect(result.error).toBeUndefined();
    const check = async (folder: FolderStore) => {
      const served = await serve(folder);
      expect(served.map((s) => s.status)).toEqual([200, 200, 200, 200, 404]);
      expect(jsonItems(served).map((item) => item.title)).toEqual([fixed]);
      for (const feed of served.slice(0, 3)) {
        expect(feed.body).toContain(fixed);
        expect(feed.body).not.toContain(POWER_TITLE);
        expect(feed.body).not.toContain(POWER);
      }
      expect(served[3]!.body).toContain(fixed);
      expect(reports(folder)).toEqual([]);
      return served;
    };
    const served = await check(folder);
    // The fixed article is the one published, and the deleted file has no row.
    expect(live(dbFile)).toEqual([{ path: `${RAFAH}.txt`, title: fixed }]);
    expect(rows(dbFile).files).toEqual([
      { path: `${RAFAH}.txt`, rev: expect.any(Number) as number, problems: null },
    ]);

    folder.close();
    folder = await open(dir, dbFile);
    expect(folder.from).toBe('database');
    expect(await check(folder)).toEqual(served);
    // The replaced and deleted articles are gone from the file too: one row, the fix.
    expect(rows(dbFile).articles).toEqual([{ path: `${RAFAH}.txt`, title: fixed }]);
    await folder.reload();
    expect(await check(folder)).toEqual(served);
    expect(live(dbFile)).toEqual([{ path: `${RAFAH}.txt`, title: fixed }]);
    expect(rows(dbFile).articles.filter((a) => a.path !== `${RAFAH}.txt`)).toEqual([]);
  });

  it('is dropped by the reconcile after a restart when its file was deleted while the server was down', async () => {
    const { dir, dbFile } = newsroom();
    let folder = await open(dir, dbFile);
    writeFileSync(join(dir, `${POWER}.md`), power('Broken title', 'Thu'));
    await folder.reload();
    folder.close();
    unlinkSync(join(dir, `${POWER}.md`));
    folder = await open(dir, dbFile);
    // The database does not know yet: its version keeps the article...
    expect((await serve(folder)).map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
    // ...until the reconcile sees the file gone.
    await folder.reload();
    const served = await serve(folder);
    expect(served.map((s) => s.status)).toEqual([200, 200, 200, 200, 404]);
    expect(jsonItems(served).map((item) => item.url)).toEqual([
      `https://news.example.org/articles/${RAFAH}`,
    ]);
    expect(rows(dbFile).files.map((f) => f.path)).toEqual([`${RAFAH}.txt`]);
    expect(live(dbFile).map((a) => a.path)).toEqual([`${RAFAH}.txt`]);
    // The next commit deletes the article's row as well (the rows a commit replaces are
    // deleted by the next one).
    await folder.reload();
    expect(rows(dbFile).articles.filter((a) => a.path === `${POWER}.md`)).toEqual([]);
  });

  it('stays published, with its report, when its file becomes a symbolic link, also after a restart', async () => {
    const { dir, dbFile } = newsroom();
    let folder = await open(dir, dbFile);
    const before = await serve(folder);
    unlinkSync(join(dir, `${POWER}.md`));
    symlinkSync(join(dir, `${RAFAH}.txt`), join(dir, `${POWER}.md`));
    await folder.reload();
    const report =
      `${POWER}.md:1: a symbolic link to the file '${RAFAH}.txt' in the store; links are never ` +
      `followed: move or copy the file here instead (${KEPT_NOTE})`;
    const problems = (f: FolderStore) => f.store.current().problems.map((p) => formatProblem(p));
    expect(problems(folder)).toEqual([report]);
    expect(await serve(folder)).toEqual(before);
    folder.close();
    // The adapter's report is kept with the file's row (no stamp: the next start reads it).
    folder = await open(dir, dbFile);
    expect(problems(folder)).toEqual([report]);
    expect(await serve(folder)).toEqual(before);
  });
});

describe('a draft', () => {
  it('takes its published article down, and stays unpublished and unreported across a restart', async () => {
    const { dir, dbFile } = newsroom();
    let folder = await open(dir, dbFile);
    const marked = power(POWER_TITLE).replace('summary:', 'draft: true\nsummary:');
    writeFileSync(join(dir, `${POWER}.md`), marked);
    await folder.reload();
    const check = async (f: FolderStore) => {
      expect(f.store.current().drafts).toEqual([`${POWER}.md`]);
      expect(reports(f)).toEqual([]);
      const served = await serve(f);
      expect(served.map((s) => s.status)).toEqual([200, 200, 200, 200, 404]);
      expect(served.map((s) => s.body).join('')).not.toContain(POWER_TITLE);
    };
    await check(folder);
    // No row publishes it, and its last good version is not kept for it.
    expect(live(dbFile).map((a) => a.path)).toEqual([`${RAFAH}.txt`]);
    folder.close();
    folder = await open(dir, dbFile);
    expect(folder.store.current().bySlug.has(POWER)).toBe(false);
    await folder.reload(); // the reconcile reads the draft again, and it is still one
    await check(folder);
  });
});

describe('a restart', () => {
  it('serves the feeds of the first start, bytes and ETags, without reading a file', async () => {
    const dir = tempDir('dateline-db-store-');
    for (const n of [1, 2, 3])
      writeFileSync(
        join(dir, `${n}.txt`),
        dispatch({ title: `No. ${n}`, tags: [`Tag ${n}`], body: [`Body of ${n}.`, '', 'More.'] }),
      );
    await sleep(SETTLE_MS);
    const dbFile = join(tempDir('dateline-db-'), 'store.db');
    let folder = await open(dir, dbFile);
    expect(folder.from).toBe('folder');
    expect(folder.notice).toBeUndefined();
    expect(folder.lastRead()!.reads).toBe(3);
    const paths = [
      ...allFeedPaths(folder.store.current()),
      ...['1', '2', '3'].map((n) => `/articles/${n}`),
    ];
    const first = await serve(folder, paths);
    expect(first.every((s) => s.status === 200 && s.etag)).toBe(true);
    expect(rows(dbFile).articles).toHaveLength(3);
    // Each article's file size, which pages are cut by (PAGE_BYTES), is the file's.
    const sizes = (f: FolderStore) => [...f.store.current().bySlug.values()].map((a) => a.size);
    const loaded = sizes(folder);
    expect(loaded).toEqual(['1', '2', '3'].map((n) => statSync(join(dir, `${n}.txt`)).size));

    folder.close();
    folder = await open(dir, dbFile);
    expect(folder.from).toBe('database');
    expect(folder.notice).toBeUndefined();
    expect(folder.lastRead()).toBeUndefined(); // not a file read
    expect(await serve(folder, paths)).toEqual(first);
    expect(sizes(folder)).toEqual(loaded);

    // The reconcile: every stamp is as the database has it, so no file is read.
    const result = await folder.reload();
    expect(result.error).toBeUndefined();
    expect(result.changed).toBe(false);
    expect(folder.lastRead()!.reads).toBe(0);
    expect(await serve(folder, paths)).toEqual(first);
    expect(rows(dbFile).articles).toHaveLength(3);
  });
});

describe('a database file that cannot serve the store', () => {
  const cases: [string, RegExp, (dbFile: string, dir: string) => Promise<void> | void][] = [
    [
      'a damaged file',
      /could not be read \(.+\); made anew from the store folder$/,
      (dbFile) => writeFileSync(dbFile, Buffer.alloc(8192, 'garbage! ')),
    ],
    [
      'a foreign SQLite file',
      /is not a dateline database; made anew from the store folder$/,
      (dbFile) => {
        const db = new Database(dbFile);
        db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('not ours')");
        db.close();
      },
    ],
    [
      'an older schema',
      /has schema 0, not 2; made anew from the store folder$/,
      async (dbFile, dir) => {
        (await openFolderStore(dir, dbFile, config)).close();
        const db = new Database(dbFile);
        db.prepare("UPDATE meta SET value = '0' WHERE key = 'schema'").run();
        db.close();
      },
    ],
    [
      'one made for another SITE_URL',
      /was made for another SITE_URL; made anew from the store folder$/,
      async (dbFile, dir) => {
        const other = parseConfig({ SITE_URL: 'https://other.example.org' });
        (await openFolderStore(dir, dbFile, other)).close();
      },
    ],
    [
      'one made for another CONTENT_DIR',
      /was made for another CONTENT_DIR; made anew from the store folder$/,
      async (dbFile) => {
        const other = tempDir('dateline-db-other-');
        writeFileSync(join(other, 'other.txt'), dispatch({ title: 'Other' }));
        (await openFolderStore(other, dbFile, config)).close();
      },
    ],
    [
      'one made for another NEWSROOM_TZ',
      /was made for another TIME_ZONE; made anew from the store folder$/,
      async (dbFile, dir) => {
        const other = parseConfig({ SITE_URL: config.siteUrl, NEWSROOM_TZ: 'Asia/Hebron' });
        (await openFolderStore(dir, dbFile, other)).close();
      },
    ],
  ];

  it.each(cases)('is rebuilt from the folder: %s', async (_, why, prepare) => {
    const dir = tempDir('dateline-db-store-');
    for (const n of [1, 2, 3])
      writeFileSync(join(dir, `${n}.txt`), dispatch({ title: `No. ${n}` }));
    const dbFile = join(tempDir('dateline-db-'), 'store.db');
    await prepare(dbFile, dir);
    const folder = await open(dir, dbFile);
    expect(folder.notice).toBeDefined();
    expect(folder.notice).not.toContain('\n');
    expect(folder.notice!.startsWith(`${dbFile} `)).toBe(true);
    expect(folder.notice).toMatch(why);
    expect(folder.from).toBe('folder');
    expect([...folder.store.current().bySlug.keys()].sort()).toEqual(['1', '2', '3']);
    const feed = jsonItems(await serve(folder, ['/feed.json']));
    expect(feed.map((item) => item.title).sort()).toEqual(['No. 1', 'No. 2', 'No. 3']);
    expect(rows(dbFile).articles).toHaveLength(3);
    // Made anew: the next start serves it without a notice.
    folder.close();
    const again = await open(dir, dbFile);
    expect(again.notice).toBeUndefined();
    expect(again.from).toBe('database');
  });
});

describe('a reload whose transaction fails', () => {
  it('keeps the previous version whole, and the next reload that can write publishes', async () => {
    const dir = tempDir('dateline-db-store-');
    writeFileSync(join(dir, 'a.txt'), dispatch({ title: 'A' }));
    writeFileSync(join(dir, 'b.txt'), dispatch({ title: 'B' }));
    const dbFile = join(tempDir('dateline-db-'), 'store.db');
    const folder = await open(dir, dbFile);
    const paths = ['/rss.xml', '/atom.xml', '/feed.json', '/articles/a', '/articles/b'];
    const before = await serve(folder, paths);
    const catalog = folder.store.current();

    writeFileSync(join(dir, 'a.txt'), dispatch({ title: 'A, edited' }));
    unlinkSync(join(dir, 'b.txt'));
    // Another connection holds the write lock: the reload cannot begin its transaction.
    const other = new Database(dbFile);
    other.exec('BEGIN IMMEDIATE');
    let result;
    try {
      result = await folder.reload();
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(result.error).toMatch(/database is locked/);
    expect(result.changed).toBe(false);
    expect(folder.store.current()).toBe(catalog);
    expect(await serve(folder, paths)).toEqual(before);

    const next = await folder.reload();
    expect(next.error).toBeUndefined();
    expect(next.changed).toBe(true);
    const served = await serve(folder, paths);
    expect(jsonItems(served).map((item) => item.title)).toEqual(['A, edited']);
    expect(served.map((s) => s.status)).toEqual([200, 200, 200, 200, 404]);
    expect(live(dbFile).map((a) => a.title)).toEqual(['A, edited']);
  }, 20_000);

  it('keeps the previous version whole when the commit fails half way, in memory and in the file', async () => {
    const dir = tempDir('dateline-db-store-');
    writeFileSync(join(dir, 'a.txt'), dispatch({ title: 'A', body: ['Body of A.'] }));
    writeFileSync(join(dir, 'b.txt'), dispatch({ title: 'B' }));
    const dbFile = join(tempDir('dateline-db-'), 'store.db');
    let folder = await open(dir, dbFile);
    const paths = ['/feed.json', '/articles/a', '/articles/b'];
    const before = await serve(folder, paths);
    // A trigger refuses b.txt's row: the commit fails after it has written a.txt's.
    const other = new Database(dbFile);
    other.exec(`CREATE TRIGGER refuse BEFORE INSERT ON files WHEN NEW.path = 'b.txt'
      BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    writeFileSync(join(dir, 'a.txt'), dispatch({ title: 'A2' }));
    writeFileSync(join(dir, 'b.txt'), dispatch({ title: 'B2' }));
    const failed = await folder.reload();
    expect(failed.error).toBe('refused by the test');
    expect(await serve(folder, paths)).toEqual(before);
    expect(live(dbFile).map((a) => a.title)).toEqual(['A', 'B']);
    other.exec('DROP TRIGGER refuse');
    other.close();

    // a.txt breaks now: the article it keeps is the one served, A, and so is the row.
    writeFileSync(join(dir, 'a.txt'), dispatch({ title: 'A3', dateline: BAD_DATELINE }));
    const next = await folder.reload();
    expect(next.error).toBeUndefined();
    expect(folder.store.current().kept).toEqual(['a.txt']);
    const served = await serve(folder, paths);
    expect(jsonItems(served).map((item) => item.title)).toEqual(['A', 'B2']);
    expect(served[1]).toEqual(before[1]);
    expect(live(dbFile).map((a) => a.title)).toEqual(['A', 'B2']);

    folder.close();
    folder = await open(dir, dbFile);
    expect(folder.from).toBe('database');
    expect(await serve(folder, paths)).toEqual(served);
    expect(rows(dbFile).articles.map((a) => a.title)).toEqual(['A', 'B2']);
  });
});

describe("the database file's claim", () => {
  it('is taken over from a process that is gone, and given up on close', async () => {
    const { dir, dbFile } = newsroom();
    const gone = spawnSync('true').pid;
    writeFileSync(`${dbFile}.pid`, String(gone));
    const folder = await open(dir, dbFile);
    expect(folder.store.current().bySlug.size).toBe(2);
    expect(readFileSync(`${dbFile}.pid`, 'utf8')).toBe(String(process.pid));
    folder.close();
    expect(existsSync(`${dbFile}.pid`)).toBe(false);
  });

  it('refuses a file another live process holds, and leaves the file as it was', async () => {
    const { dir, dbFile } = newsroom();
    (await open(dir, dbFile)).close();
    const before = readFileSync(dbFile);
    const other = spawn('sleep', ['30']);
    try {
      writeFileSync(`${dbFile}.pid`, String(other.pid));
      await expect(openFolderStore(dir, dbFile, config)).rejects.toThrow(
        `${dbFile} is in use by process ${other.pid}; give each server its own DATABASE_FILE`,
      );
      expect(readFileSync(dbFile).equals(before)).toBe(true);
    } finally {
      other.kill();
    }
  });
});
