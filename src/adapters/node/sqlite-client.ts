import type Database from 'better-sqlite3';
import type { SqlClient, SqlResult, SqlStatement, SqlValue } from '../../db/sql.ts';

type Row = Record<string, SqlValue>;

/**
 * better-sqlite3 behind D1's client API (db/sql.ts), so that the Node server runs the query
 * layer the Worker runs. Statements are prepared once per SQL text; `batch` is one
 * transaction, as D1's is.
 */
export function sqliteClient(db: Database.Database): SqlClient {
  const prepared = new Map<string, Database.Statement<SqlValue[]>>();
  const statementOf = (sql: string) => {
    let statement = prepared.get(sql);
    if (!statement) prepared.set(sql, (statement = db.prepare<SqlValue[]>(sql)));
    return statement;
  };

  class Bound implements SqlStatement {
    constructor(
      readonly sql: string,
      readonly values: SqlValue[] = [],
    ) {}
    bind(...values: SqlValue[]): SqlStatement {
      return new Bound(this.sql, values);
    }
    all<T>(): Promise<SqlResult<T>> {
      const statement = statementOf(this.sql);
      const results = statement.reader ? (statement.all(...this.values) as T[]) : [];
      return Promise.resolve({ results, meta: {} });
    }
    first<T>(): Promise<T | null> {
      return Promise.resolve((statementOf(this.sql).get(...this.values) as T | undefined) ?? null);
    }
    run(): Promise<unknown> {
      return Promise.resolve(statementOf(this.sql).run(...this.values));
    }
    runNow(): SqlResult<Record<string, SqlValue>> {
      const statement = statementOf(this.sql);
      if (!statement.reader) statement.run(...this.values);
      const results = statement.reader ? (statement.all(...this.values) as Row[]) : [];
      return { results, meta: {} };
    }
  }

  return {
    prepare: (sql) => new Bound(sql),
    batch(statements) {
      const all = db.transaction(() => statements.map((s) => (s as Bound).runNow()));
      return Promise.resolve(all());
    },
  };
}
