// The local D1 that `wrangler dev` serves, reached as wrangler itself reaches it (Miniflare
// over the same persistence folder and database id), for `npm run publish -- --local`.
// wrangler's own `d1 execute --local --file` splits a file into statements one character at a
// time, with a regular expression over the statement so far at each: a 60 MB publish of 10k
// articles took it 3 minutes (docs/performance.md). Here the statements go as they are.
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import type { SqlClient } from '../../db/sql.ts';
import { D1Error, type SqlTransport } from './wrangler-d1.ts';

export interface LocalD1 extends SqlTransport {
  close(): Promise<void>;
}

/** The local D1 `databaseId` under `persistTo` (wrangler's `--persist-to`, `.wrangler/state`). */
export async function localD1(persistTo: string, databaseId: string): Promise<LocalD1> {
  const mf = new Miniflare({
    modules: true,
    script: 'export default { fetch: () => new Response(null, { status: 404 }) };',
    d1Persist: join(persistTo, 'v3', 'd1'),
    d1Databases: { DB: databaseId },
  });
  // Miniflare's D1 binding, seen through the part of D1's API used (db/sql.ts).
  const db = (await mf.getD1Database('DB')) as unknown as SqlClient;
  const run = async (texts: readonly string[]) => {
    try {
      const statements = texts.map((sql) => db.prepare(sql));
      return (await db.batch(statements)).map((answer) => answer.results);
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause ?? error;
      throw new D1Error(`local D1: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
  };
  return {
    query: run,
    // D1's batch is one transaction: all of it, or none.
    write: async (texts) => void (await run(texts)),
    close: () => mf.dispose(),
  };
}
