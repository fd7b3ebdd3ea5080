// `npm run publish -- --local`, run as a newsroom runs it, against the local D1 that
// `wrangler dev` serves (wrangler's own commands write it; the test reads the SQLite file
// they leave with better-sqlite3): what it holds is what the Node server serves for the same
// folder, a broken edit keeps the last good version, and only what changed is written.
import Database from 'better-sqlite3';
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStoreFiles } from '../../src/adapters/node/read-store.ts';
import { localD1 } from '../../src/adapters/node/local-d1.ts';
import { publishStore } from '../../src/adapters/node/publish.ts';
import {
  textClient,
  wranglerTransport,
  type SqlTransport,
} from '../../src/adapters/node/wrangler-d1.ts';
import { localDatabaseId, wranglerVars } from '../../src/adapters/node/wrangler-vars.ts';
import { parseConfig } from '../../src/config.ts';
import { everyField } from '../../src/content/article-body.ts';
import { BODIES_SCHEMA, BODY_PART, bodyParts, SCHEMA } from '../../src/db/schema.ts';
import { SERVED_SCHEMA, servedRows } from '../../src/db/served.ts';
import { authorScopes } from '../../src/store/author-index.ts';
import { buildCatalog, type Catalog } from '../../src/store/catalog.ts';
import { startHub, type Hub } from '../support/hub.ts';
import { run } from '../support/run.ts';
import { CONTENT_DIR } from '../support/app.ts';
import { longArticle } from '../support/long-article.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const TOML = join(ROOT, 'wrangler.toml');
const config = parseConfig(wranglerVars(readFileSync(TOML, 'utf8')));
const work = mkdtempSync(join(tmpdir(), 'dateline-publish-test-'));
const store = join(work, 'content');
const state = join(work, 'state');
let hub: Hub;

beforeAll(async () => {
  cpSync(CONTENT_DIR, store, { recursive: true });
  writeFileSync(join(store, '2024/long-report.md'), longArticle());
  const draft = [
    '---',
    'title: Not ready',
    'section: Culture',
    'draft: true',
    '---',
    '',
    'Text.',
    '',
  ];
  writeFileSync(join(store, '2024/not-ready.md'), draft.join('\n')); // never written twice
  hub = await startHub();
});
afterAll(async () => {
  await hub.close();
  rmSync(work, { recursive: true, force: true });
});

function publish(...args: string[]) {
  return run('npx', ['tsx', 'src/publish.ts', ...args], {
    cwd: ROOT,
    timeout: 120_000,
    env: { ...process.env, WEBSUB_HUB: hub.url },
  });
}
const publishLocal = () => publish('--local', '--persist-to', state, store);

/** What the local D1 holds, read from its SQLite file. */
function d1<T>(read: (db: Database.Database) => T): T {
  const folder = join(state, 'v3/d1/miniflare-D1DatabaseObject');
  const file = readdirSync(folder).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  const db = new Database(join(folder, file ?? ''), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** The Node server's version of the folder as it is now, after `previous` if it served one. */
async function nodeCatalog(previous?: Catalog): Promise<Catalog> {
  const files = await readStoreFiles(store);
  return buildCatalog(files, { ...config, clock: () => Date.now() }, { previous });
}

/**
 * Each scope's slugs in feed order, as `scope: a b c` lines, and its row of `scopes` (name,
 * count, newest change) as a `scope = …` line.
 */
function scopeLines(catalog: Catalog): string[] {
  const heads = [...servedRows(catalog, () => 0).scopes.values()].map(
    ([scope, , , name, count, change]) => `${scope} = ${name} ${count} ${change}`,
  );
  const lines = [...heads, `site: ${catalog.site.articles.map((a) => a.slug).join(' ')}`];
  for (const [kind, scopes] of [
    ['section', catalog.sections],
    ['tag', catalog.tags],
    ['author', authorScopes(catalog)],
  ] as const) {
    for (const [slug, s] of scopes)
      lines.push(`${kind}/${slug}: ${s.articles.map((a) => a.slug).join(' ')}`);
  }
  return lines.sort();
}

function d1ScopeLines(): string[] {
  const rows = d1((db) =>
    db
      .prepare<[], { scope: string; slug: string }>(
        'SELECT scope, slug FROM scope_items ORDER BY scope, published DESC, slug',
      )
      .all(),
  );
  const scopes = new Map<string, string[]>();
  for (const { scope, slug } of rows) scopes.set(scope, [...(scopes.get(scope) ?? []), slug]);
  const heads = d1((db) =>
    db
      .prepare<[], string>(
        "SELECT scope || ' = ' || name || ' ' || count || ' ' || last_change FROM scopes",
      )
      .pluck()
      .all(),
  );
  return [...heads, ...[...scopes].map(([scope, slugs]) => `${scope}: ${slugs.join(' ')}`)].sort();
}

/** The body D1 holds for `slug`: its parts, joined in order; undefined when none. */
const bodyOf = (slug: string) =>
  d1((db) => {
    const parts = db
      .prepare<[string], string>(
        'SELECT b.html FROM live l JOIN bodies b ON b.rev = l.rev WHERE l.slug = ? ORDER BY b.part',
      )
      .pluck()
      .all(slug);
    return parts.length > 0 ? parts.join('') : undefined;
  });
/** Article rows no file names, apart from the ones the last publish retired. */
const unnamedRows = () =>
  d1((db) =>
    db
      .prepare(
        `SELECT count(*) FROM articles WHERE rev NOT IN (SELECT rev FROM files WHERE rev IS NOT NULL)
          AND rev NOT IN (SELECT value FROM json_each((SELECT value FROM meta WHERE key = 'retired')))`,
      )
      .pluck()
      .get(),
  );
/** Article rows the last publish retired, kept until the next. */
const retiredRows = () =>
  d1((db) =>
    db
      .prepare(
        `SELECT count(*) FROM articles
          WHERE rev IN (SELECT value FROM json_each((SELECT value FROM meta WHERE key = 'retired')))`,
      )
      .pluck()
      .get(),
  );
const version = () =>
  d1((db) => db.prepare("SELECT value FROM meta WHERE key = 'version'").pluck().get());

describe('bodyParts', () => {
  it('cuts a body into parts of at most BODY_PART code units that join to it, never inside a surrogate pair', () => {
    const html = 'a'.repeat(BODY_PART - 1) + '🙂' + 'b'.repeat(BODY_PART * 2);
    const parts = bodyParts(html);
    expect(parts.join('')).toBe(html);
    expect(parts.every((part) => part.length <= BODY_PART)).toBe(true);
    expect(parts[0]).toBe('a'.repeat(BODY_PART - 1));
    expect(bodyParts('')).toEqual(['']);
  });
});

describe('npm run publish -- --local', () => {
  it('keeps the schema of D1 in migrations/: applied in order, they make the Node server’s tables', () => {
    // What SQLite holds after the SQL: every table and index, its statement with its white
    // space collapsed. Migrations are only ever added, so it is their sum that must match.
    const schemaOf = (sqls: string[]) => {
      const db = new Database(':memory:');
      try {
        for (const sql of sqls) db.exec(sql);
        return (
          db
            .prepare<[], { type: string; name: string; sql: string | null }>(
              'SELECT type, name, sql FROM sqlite_schema ORDER BY type, name',
            )
            .all()
            // A primary key's own index has no statement (null).
            .map(({ type, name, sql }) => `${type} ${name}: ${(sql ?? '').replace(/\s+/g, ' ')}`)
        );
      } finally {
        db.close();
      }
    };
    const folder = join(ROOT, 'migrations');
    const migrations = readdirSync(folder)
      .filter((name) => name.endsWith('.sql'))
      .sort()
      .map((name) => readFileSync(join(folder, name), 'utf8'));
    expect(migrations.length).toBeGreaterThan(0);
    expect(schemaOf(migrations)).toEqual(schemaOf([SCHEMA + BODIES_SCHEMA + SERVED_SCHEMA]));
  });

  it('fills a new local D1 with what the Node server serves for the folder, bodies made', async () => {
    const result = await publishLocal();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const catalog = await nodeCatalog();
    expect(result.stdout).toContain(`${catalog.bySlug.size} articles, 0 files rejected`);
    expect(d1ScopeLines()).toEqual(scopeLines(catalog));
    for (const article of catalog.site.articles)
      expect(bodyOf(article.slug)).toBe(everyField(article).contentHtml);
    const parts = d1((db) =>
      db
        .prepare(
          "SELECT count(*) FROM bodies b JOIN live l ON b.rev = l.rev WHERE l.slug = '2024/long-report'",
        )
        .pluck()
        .get(),
    );
    expect(parts).toBeGreaterThan(3);
    expect(version()).toBe('1');
  }, 120_000);

  it('writes nothing when nothing changed', async () => {
    const result = await publishLocal();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('nothing changed: version 1');
    expect(version()).toBe('1');
  }, 120_000);

  it('keeps the last good version of a broken edit, body and all, and exits 1 naming the line', async () => {
    const file = join(store, '2024/rafah-talks.txt');
    const good = readFileSync(file, 'utf8');
    const before = bodyOf('2024/rafah-talks');
    const served = await nodeCatalog();
    expect(before?.length).toBeGreaterThan(4000);
    writeFileSync(file, good.replace('Jerusalem Time', 'Jerusalem Tim'));
    const broken = await publishLocal();
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/content\/2024\/rafah-talks\.txt:\d+: .*last good version/);
    expect(bodyOf('2024/rafah-talks')).toBe(before);
    expect(d1ScopeLines()).toEqual(scopeLines(await nodeCatalog(served)));

    // Fixed, and another article's title changed: those two files are written, nothing else.
    writeFileSync(file, good);
    const other = join(store, '2024/gaza-fuel-shortage.md');
    const text = readFileSync(other, 'utf8');
    writeFileSync(other, text.replace(/^title: .*$/m, 'title: Gaza fuel shortage, corrected'));
    const pings = hub.publishes().length;
    const fixed = await publishLocal();
    expect(fixed.stderr).toBe('');
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain('2 written, 0 taken down');
    expect(d1ScopeLines()).toEqual(scopeLines(await nodeCatalog()));
    // The hub hears of the feeds whose first page changed: the site's among them.
    const topics = hub.publishes().slice(pings).flat();
    expect(topics).toContain(`${config.siteUrl}/feed.json`);
  }, 240_000);

  it('takes a deleted file’s article down', async () => {
    rmSync(join(store, '2024/rafah-talks.txt'));
    const result = await publishLocal();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 taken down');
    expect(bodyOf('2024/rafah-talks')).toBeUndefined();
    expect(d1ScopeLines()).toEqual(scopeLines(await nodeCatalog()));
    // Its rows stay one publish longer (an isolate serving the version before may read them).
    expect(retiredRows()).toBe(1);
    expect(unnamedRows()).toBe(0);
  }, 120_000);

  it('keeps the report of a file it will not read (a link) without writing it again each time', async () => {
    const link = join(store, '2024/elsewhere.md');
    symlinkSync('/etc/hostname', link);
    try {
      const first = await publishLocal();
      expect(first.code).toBe(1);
      expect(first.stderr).toMatch(/2024\/elsewhere\.md:1: a symbolic link/);
      const reports = () =>
        d1((db) =>
          db.prepare("SELECT problems FROM files WHERE path = '2024/elsewhere.md'").pluck().get(),
        );
      expect(String(reports())).toMatch(/symbolic link/);
      const was = version();
      const again = await publishLocal();
      expect(again.code).toBe(1);
      expect(again.stdout).toContain(`nothing changed: version ${String(was)}`);
    } finally {
      rmSync(link);
    }
    const gone = await publishLocal();
    expect(gone.code).toBe(0);
    expect(
      d1((db) =>
        db.prepare("SELECT count(*) FROM files WHERE path = '2024/elsewhere.md'").pluck().get(),
      ),
    ).toBe(0);
  }, 180_000);

  it('leaves the version before served whole when it stops before its switch, and the next publish drops what it staged', async () => {
    const id = localDatabaseId(readFileSync(TOML, 'utf8'), 'DB') ?? '';
    const local = await localD1(state, id);
    const served = () => [d1ScopeLines(), version(), bodyOf('2024/jenin-water-repairs')];
    const before = served();
    const edited = join(store, '2024/jenin-water-repairs.md');
    const text = readFileSync(edited, 'utf8');
    writeFileSync(edited, text.replace(/^title: .*$/m, 'title: Jenin water, staged only'));
    // The switch (the batch that sets the version) fails, as a stop there would.
    const stopping: SqlTransport = {
      query: (texts) => local.query(texts),
      write: (texts) =>
        texts.some((sql) => sql.includes("'version'"))
          ? Promise.reject(new Error('stopped'))
          : local.write(texts),
    };
    const options = { ...config, clock: () => Date.now() };
    try {
      await expect(publishStore(textClient(stopping), store, options, 1)).rejects.toThrow(
        'stopped',
      );
      expect(served()).toEqual(before);
      expect(unnamedRows()).toBe(1); // the staged article
      const result = await publishStore(textClient(local), store, options, 1);
      expect(result.written).toBe(1);
      expect(unnamedRows()).toBe(0);
      expect(retiredRows()).toBe(1); // jenin's version before, kept one publish; the other went
      expect(d1ScopeLines()).toEqual(scopeLines(await nodeCatalog()));
    } finally {
      await local.close();
    }
  }, 120_000);

  /** A batch whose last statement fails, through `transport`: nothing of it may stay. */
  async function failingBatch(transport: SqlTransport) {
    const client = textClient(transport);
    const live = () => d1((db) => db.prepare('SELECT count(*) FROM live').pluck().get());
    const count = live();
    const was = version();
    await expect(
      client.batch([
        client.prepare('DELETE FROM live'),
        client.prepare("INSERT INTO meta VALUES ('version', 'x')"), // a duplicate key fails
      ]),
    ).rejects.toThrow(/UNIQUE constraint failed/);
    expect(live()).toBe(count);
    expect(version()).toBe(was);
  }

  it('writes in one transaction: a write that fails part way leaves the version before', async () => {
    const id = localDatabaseId(readFileSync(TOML, 'utf8'), 'DB') ?? '';
    const local = await localD1(state, id);
    try {
      await failingBatch(local);
    } finally {
      await local.close();
    }
  }, 120_000);

  it('writes in one transaction through wrangler’s own d1 execute --file (what --remote uses)', async () => {
    const target = { database: 'DB', where: 'local', config: TOML, persistTo: state } as const;
    await failingBatch(wranglerTransport({ ...target, env: process.env }));
  }, 120_000);

  it('publishes the same through wrangler’s own commands (the --remote code, here with --local)', async () => {
    const elsewhere = join(work, 'wrangler-state');
    const target = { database: 'DB', where: 'local', config: TOML, persistTo: elsewhere } as const;
    const client = textClient(wranglerTransport({ ...target, env: process.env }));
    const options = { ...config, clock: () => Date.now() };
    const result = await publishStore(client, store, options, 0).catch(async (error: unknown) => {
      // A new database: its migrations first, as the command does.
      expect(String(error)).toMatch(/no such table/);
      await run(
        'npx',
        [
          'wrangler',
          'd1',
          'migrations',
          'apply',
          'DB',
          '--local',
          '--persist-to',
          elsewhere,
          '-c',
          TOML,
        ],
        {
          cwd: ROOT,
          timeout: 60_000,
          env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false' },
        },
      );
      return publishStore(client, store, options, 1);
    });
    const catalog = await nodeCatalog();
    expect(result.catalog.bySlug.size).toBe(catalog.bySlug.size);
    expect(result.written).toBe(catalog.bySlug.size);
    const again = await publishStore(client, store, options, 1);
    expect(again.catalog).toBe(again.previous); // nothing changed, read back through wrangler
  }, 180_000);

  it('draws its progress on a terminal, over one line, and prints nothing of it when piped', async () => {
    // script(1) (bsdutils, essential in Debian) gives the command a terminal.
    const command = `npx tsx src/publish.ts --local --persist-to ${join(work, 'tty-state')} ${store}`;
    const result = await run('script', ['-qec', command, '/dev/null'], {
      cwd: ROOT,
      timeout: 120_000,
      env: { ...process.env, CI: '' },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\rpublish: \d+ of \d+ articles written/);
    expect(result.stdout).toMatch(/\r\u001b\[Kpublish: .* written, 0 taken down: version 1/);
    const piped = await publish('--local', '--persist-to', join(work, 'piped-state'), store);
    expect(piped.code).toBe(0);
    expect(piped.stdout + piped.stderr).not.toMatch(/\r|articles written/);
  }, 180_000);

  it('says how to run it when told neither --local nor --remote', async () => {
    const result = await publish(store);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      'publish: say --local or --remote; usage: npm run publish -- --local | --remote [--persist-to dir] [content dir]',
    );
  }, 60_000);
});
