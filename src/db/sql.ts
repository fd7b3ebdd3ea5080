/**
 * The part of Cloudflare D1's client API the query layer uses (developers.cloudflare.com,
 * D1 Workers Binding API): a Worker passes its D1 binding as it is; the Node server adapts
 * better-sqlite3 to it (adapters/node/sqlite-client.ts). Async, since D1 is.
 */
export type SqlValue = string | number | null;

export interface SqlResult<T> {
  results: T[];
  /** D1 says how many rows a query read; the Node adapter does not (undefined). */
  meta: { rows_read?: number | undefined };
}

export interface SqlStatement {
  bind(...values: SqlValue[]): SqlStatement;
  all<T = Record<string, SqlValue>>(): Promise<SqlResult<T>>;
  first<T = Record<string, SqlValue>>(): Promise<T | null>;
  run(): Promise<unknown>;
}

export interface SqlClient {
  prepare(sql: string): SqlStatement;
  /**
   * Runs the statements in order in one transaction: all of them, or none. Each gives its
   * result, as D1's batch does: the rows of a query, none for a write.
   */
  batch(statements: SqlStatement[]): Promise<SqlResult<Record<string, SqlValue>>[]>;
}
