// A local D1 (Miniflare's, offline), as a Worker's binding, for tests of the query layer.
import { Miniflare } from 'miniflare';
import type { SqlClient } from '../../src/db/sql.ts';

/** A new, empty local D1 in memory; `dispose` ends it. */
export async function localD1Binding(): Promise<{ db: SqlClient; dispose(): Promise<void> }> {
  const mf = new Miniflare({
    modules: true,
    script: 'export default { fetch: () => new Response(null, { status: 404 }) }',
    d1Databases: ['DB'],
  });
  // D1's own client type is Workers' (not in this project's types): the shape is db/sql.ts's.
  const d1: unknown = await mf.getD1Database('DB');
  return { db: d1 as SqlClient, dispose: () => mf.dispose() };
}
