// A local D1 (Miniflare's, offline) filled by the publish code from a folder, and a client that
// counts the rows D1 reads: shared by `npm run bench:worker` and test/db/d1-reader.test.ts.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import type { IndexCache } from '../src/adapters/node/publish-held.ts';
import { localD1 as writingD1 } from '../src/adapters/node/local-d1.ts';
import { publishStore } from '../src/adapters/node/publish.ts';
import { textClient } from '../src/adapters/node/wrangler-d1.ts';
import type { LoadOptions } from '../src/content/load-article.ts';
import type { SqlClient, SqlResult, SqlStatement, SqlValue } from '../src/db/sql.ts';

const MIGRATIONS = new URL('../migrations/', import.meta.url).pathname;

export interface LocalD1 {
  db: SqlClient;
  dispose: () => Promise<void>;
}

/** A new, empty local D1 in memory, as a Worker's binding. */
export async function localD1(): Promise<LocalD1> {
  const mf = new Miniflare({
    modules: true,
    script: 'export default { fetch: () => new Response(null, { status: 404 }) }',
    d1Databases: ['DB'],
  });
  // D1's own client type is Workers' (not in this project's types): the shape is db/sql.ts's.
  const binding: unknown = await mf.getD1Database('DB');
  return { db: binding as SqlClient, dispose: () => mf.dispose() };
}

/**
 * A new local D1, its migrations applied as wrangler does, `dir` published into it as
 * `npm run publish -- --local` does (adapters/node/local-d1.ts: statements packed into
 * multi-row INSERTs; a batch of a large store's one-row statements exhausts workerd's heap),
 * then opened as a Worker's binding over the same folder.
 */
export async function publishedD1(dir: string, options: LoadOptions): Promise<LocalD1> {
  const persist = mkdtempSync(join(tmpdir(), 'dateline-local-d1-'));
  const writer = await writingD1(persist, DATABASE_ID);
  try {
    await publishInto(textClient(writer), dir, options);
  } finally {
    await writer.close();
  }
  const mf = new Miniflare({
    modules: true,
    script: 'export default { fetch: () => new Response(null, { status: 404 }) }',
    d1Databases: { DB: DATABASE_ID },
    d1Persist: join(persist, 'v3', 'd1'),
  });
  const binding: unknown = await mf.getD1Database('DB');
  return {
    db: binding as SqlClient,
    dispose: async () => {
      await mf.dispose();
      rmSync(persist, { recursive: true, force: true });
    },
  };
}

const DATABASE_ID = '00000000-0000-0000-0000-000000000000';

/** Applies `migrations/` to an empty database as wrangler does, then publishes `dir` into it. */
export async function publishInto(
  db: SqlClient,
  dir: string,
  options: LoadOptions,
  cache?: IndexCache,
): Promise<void> {
  const names = readdirSync(MIGRATIONS)
    .filter((n) => n.endsWith('.sql'))
    .sort();
  const statements = ['CREATE TABLE d1_migrations (id INTEGER PRIMARY KEY, name TEXT)'];
  for (const name of names) {
    const sql = readFileSync(join(MIGRATIONS, name), 'utf8').replace(/^--.*$/gm, '');
    statements.push(
      ...sql
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    statements.push(`INSERT INTO d1_migrations (name) VALUES ('${name}')`);
  }
  await db.batch(statements.map((sql) => db.prepare(sql)));
  await publishStore(db, dir, options, names.length, undefined, cache);
}

/**
 * `client`, summing the rows its queries read (D1's meta.rows_read) in `read`, and in `cpuMs`
 * this process's CPU time while a query was awaited (the client's side of D1, when nothing else
 * runs meanwhile, as in a benchmark).
 */
export function countingClient(
  client: SqlClient,
): SqlClient & { read: number; cpuMs: number; asked: string[] } {
  const timed = async <T>(work: () => Promise<T>): Promise<T> => {
    const start = process.cpuUsage();
    try {
      return await work();
    } finally {
      const used = process.cpuUsage(start);
      counter.cpuMs += (used.user + used.system) / 1000;
    }
  };
  const counter = {
    read: 0,
    cpuMs: 0,
    /** The SQL of every statement prepared, in order. */
    asked: [] as string[],
    prepare: (sql: string) => {
      counter.asked.push(sql);
      return wrap(client.prepare(sql));
    },
    async batch(statements: SqlStatement[]) {
      const inner = statements.map((s) => (s as SqlStatement & { inner: SqlStatement }).inner);
      const results = await timed(() => client.batch(inner));
      for (const r of results) counter.read += r.meta.rows_read ?? NaN;
      return results;
    },
  };
  function wrap(statement: SqlStatement): SqlStatement & { inner: SqlStatement } {
    return {
      inner: statement,
      bind: (...values: SqlValue[]) => wrap(statement.bind(...values)),
      async all<T>(): Promise<SqlResult<T>> {
        const result = await timed(() => statement.all<T>());
        counter.read += result.meta.rows_read ?? NaN;
        return result;
      },
      async first<T>(): Promise<T | null> {
        return (await this.all<T>()).results[0] ?? null;
      },
      run: () => statement.run(),
    };
  }
  return counter;
}
