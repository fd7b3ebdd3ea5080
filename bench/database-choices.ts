// `npm run bench:database [-- <articles>]`: the database layout choices of
// src/adapters/node/database*.ts, each side by side with its alternative, alternating, on the
// benchmark's synthetic store (docs/performance.md, "The database"). Prints; asserts nothing.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { articleRow } from '../src/db/article-rows.ts';
import { bodyOf } from '../src/content/article-body.ts';
import { loadArticle } from '../src/content/load-article.ts';
import { parseConfig } from '../src/config.ts';
import { syntheticStoreFiles } from './synthetic-store.ts';

const count = Number(process.argv[2] ?? 30_000);
const config = parseConfig({});
const rows: { values: (string | number | null)[]; bytes: Uint8Array }[] = [];
for (const file of syntheticStoreFiles(count)) {
  const loaded = loadArticle(file, config);
  if (!loaded.ok) continue;
  const values = articleRow(
    rows.length + 1,
    file.path,
    loaded.article,
    bodyOf(loaded.article)!,
    config.siteUrl,
  );
  rows.push({ values, bytes: file.bytes });
}
const dir = mkdtempSync(join(tmpdir(), 'dateline-db-choices-'));
const COLUMNS = `rev INTEGER PRIMARY KEY, path TEXT, slug TEXT, id TEXT, url TEXT, title TEXT,
  section_name TEXT, section_slug TEXT, tags TEXT, published INTEGER, updated INTEGER,
  author TEXT, summary TEXT, image_url TEXT, image_type TEXT, lang TEXT, body_format TEXT,
  body_from INTEGER, body_to INTEGER`;

/** Inserts every row under `pragmas`; bytes in their own table unless `inline`. */
function fill(file: string, pragmas: string[], inline = false): { ms: number; mb: number } {
  rmSync(file, { force: true });
  const db = new Database(file);
  for (const pragma of pragmas) db.pragma(pragma);
  db.exec(`CREATE TABLE articles (${COLUMNS}${inline ? ', bytes BLOB' : ''});
    CREATE TABLE sources (rev INTEGER PRIMARY KEY, bytes BLOB)`);
  const marks = inline ? ', ?' : '';
  const article = db.prepare(`INSERT INTO articles VALUES (${'?, '.repeat(18)}?${marks})`);
  const source = db.prepare('INSERT INTO sources VALUES (?, ?)');
  const started = performance.now();
  db.exec('BEGIN');
  for (const { values, bytes } of rows) {
    if (inline) article.run(...values, bytes);
    else {
      article.run(...values);
      source.run(values[0], bytes);
    }
  }
  db.exec('COMMIT');
  const ms = performance.now() - started;
  db.close();
  return { ms, mb: statSync(file).size / 2 ** 20 };
}

/** Reads `columns` of every article, as a restart does; the milliseconds it took. */
function scan(file: string, columns: string): number {
  const db = new Database(file, { readonly: true });
  const started = performance.now();
  let cells = 0;
  const query = db.prepare<[], unknown[]>(`SELECT ${columns} FROM articles`).raw(true);
  for (const row of query.iterate()) cells += row.length;
  const ms = performance.now() - started;
  db.close();
  if (cells === 0) throw new Error('no articles read');
  return ms;
}

const fields = 'rev, path, slug, id, url, title, section_name, section_slug, tags, published';
const variants: [string, () => string][] = [
  [
    'first load, no journal, 16 KiB pages',
    () =>
      show(
        fill(join(dir, 'a.db'), ['page_size = 16384', 'journal_mode = OFF', 'synchronous = OFF']),
      ),
  ],
  [
    'first load, no journal, 4 KiB pages',
    () => show(fill(join(dir, 'b.db'), ['journal_mode = OFF', 'synchronous = OFF'])),
  ],
  [
    'first load, WAL, 16 KiB pages',
    () =>
      show(
        fill(join(dir, 'c.db'), [
          'page_size = 16384',
          'journal_mode = WAL',
          'synchronous = NORMAL',
        ]),
      ),
  ],
  [
    'restart scan, bytes apart, no summary',
    () => `${scan(join(dir, 'a.db'), fields).toFixed(0)} ms`,
  ],
  [
    'restart scan, bytes apart, with summary',
    () => `${scan(join(dir, 'a.db'), `${fields}, summary`).toFixed(0)} ms`,
  ],
  [
    'restart scan, bytes in the row, no summary',
    () => {
      fill(join(dir, 'd.db'), ['page_size = 16384', 'journal_mode = OFF'], true);
      return `${scan(join(dir, 'd.db'), fields).toFixed(0)} ms`;
    },
  ],
];
function show({ ms, mb }: { ms: number; mb: number }): string {
  return `${ms.toFixed(0)} ms, ${mb.toFixed(1)} MiB`;
}
console.log(`${rows.length} articles of the synthetic store; three rounds, variants in turn`);
for (let round = 1; round <= 3; round += 1) {
  for (const [name, run] of variants) console.log(`round ${round}: ${name}: ${run()}`);
}
rmSync(dir, { recursive: true, force: true });
