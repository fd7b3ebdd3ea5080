// D1 over SQL text, for `npm run publish`: the statements it writes (values inlined, runs of
// rows packed), and wrangler's own commands (`wrangler d1 execute`) to carry them, which
// --remote uses; --local carries the same statements through Miniflare (local-d1.ts).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqlClient, SqlResult, SqlStatement, SqlValue } from '../../db/sql.ts';

export interface D1Target {
  /** The binding or name of the database in wrangler.toml. */
  database: string;
  where: 'local' | 'remote';
  /** The wrangler configuration file (default: wrangler's own lookup from `cwd`). */
  config?: string | undefined;
  /** With `local`: the folder wrangler keeps its local state in (default `.wrangler/state`). */
  persistTo?: string | undefined;
  /** wrangler's environment (its login, CLOUDFLARE_API_TOKEN): the entry's, passed down. */
  env: Readonly<Record<string, string | undefined>>;
}

/** A D1 that failed a query or a write, or wrangler that failed: said in one line. */
export class D1Error extends Error {
  override name = 'D1Error';
}

/** A value as an SQL literal: `--file` and `--command` take SQL text, with no parameters. */
export function sqlLiteral(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`no SQL literal for ${value}`);
    return String(value);
  }
  // A NUL ends SQL text early: it is spelled char(0) (a file's stamp joins its parts by NULs).
  const quoted = `'${value.replaceAll("'", "''")}'`;
  return value.includes('\0') ? `(${quoted.replaceAll('\0', "' || char(0) || '")})` : quoted;
}

/** `sql` with each `?` replaced by the next value (our statements hold no `?` in a string). */
export function inline(sql: string, values: readonly SqlValue[]): string {
  let i = 0;
  const text = sql.replace(/\?/g, () => {
    if (i >= values.length) throw new Error(`too few values for: ${sql}`);
    return sqlLiteral(values[i++]!);
  });
  if (i !== values.length) throw new Error(`too many values for: ${sql}`);
  return text;
}

const WRANGLER_ENV = {
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  // Non-interactive: wrangler takes its default answer to any prompt (migrations apply asks).
  CI: 'true',
};

/** Runs wrangler with `args`; its standard output, or an Error of its last error line. */
export function runWrangler(args: string[], target: D1Target): Promise<string> {
  const where = target.where === 'local' ? ['--local'] : ['--remote'];
  if (target.where === 'local' && target.persistTo) where.push('--persist-to', target.persistTo);
  if (target.config) where.push('--config', target.config);
  const bin = join(import.meta.dirname, '../../../node_modules/.bin/wrangler');
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      [...args, ...where],
      {
        env: { ...target.env, ...WRANGLER_ENV },
        maxBuffer: 2 ** 31 - 1,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        // wrangler's own words: `{"error": {"text": …}}` with --json, else its `✘ [ERROR] …`
        // line, without the colours.
        const plain = `${stderr}\n${stdout}`.replace(/\u001b\[[0-9;]*m/g, '');
        const said =
          jsonError(stdout) ?? /\[ERROR\]\s*(.+)/.exec(plain)?.[1] ?? error.message.split('\n')[0];
        reject(new D1Error(`wrangler ${args.slice(0, 2).join(' ')}: ${said?.trim()}`));
      },
    );
  });
}

/** Statements a multi-row INSERT holds at most, and its most bytes (D1 takes 100 KB). */
const PACK_ROWS = 500;
const PACK_BYTES = 90_000;
const ONE_ROW = /^(INSERT (?:OR REPLACE )?INTO \w+ VALUES )(\(.*\))$/s;

/**
 * Consecutive one-row INSERTs into one table as multi-row INSERTs: wrangler runs a file one
 * statement at a time, and a local D1 spends about 1.3 ms on each whatever it holds, so a
 * first publish of 10k articles took minutes (docs/performance.md).
 */
export function packed(texts: readonly string[]): string[] {
  const out: string[] = [];
  let head = '';
  let rows: string[] = [];
  let bytes = 0;
  const flush = () => {
    if (rows.length > 0) out.push(head + rows.join(', '));
    rows = [];
    bytes = 0;
  };
  for (const sql of texts) {
    const match = ONE_ROW.exec(sql);
    if (!match) {
      flush();
      out.push(sql);
      continue;
    }
    const [, prefix = '', values = ''] = match;
    const size = Buffer.byteLength(values);
    if (prefix !== head || bytes + size > PACK_BYTES || rows.length >= PACK_ROWS) {
      flush();
      head = prefix;
    }
    rows.push(values);
    bytes += size + 2;
  }
  flush();
  return out;
}

function jsonError(stdout: string): string | undefined {
  try {
    const text = (JSON.parse(stdout) as { error?: { text?: unknown } }).error?.text;
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}

type Rows = Record<string, SqlValue>[];

/** How SQL text reaches a D1: queries that answer rows, and writes run as one transaction. */
export interface SqlTransport {
  query(texts: readonly string[]): Promise<Rows[]>;
  write(texts: readonly string[]): Promise<void>;
}

/**
 * D1's client API (db/sql.ts) over SQL text: values are inlined as literals (wrangler's
 * commands take no parameters), and a batch of writes travels packed, as one transaction.
 */
export function textClient(transport: SqlTransport): SqlClient {
  class Text implements SqlStatement {
    constructor(readonly sql: string) {}
    bind(...values: SqlValue[]): SqlStatement {
      return new Text(inline(this.sql, values));
    }
    async all<T>(): Promise<SqlResult<T>> {
      const [results = []] = await transport.query([this.sql]);
      return { results: results as T[], meta: {} };
    }
    async first<T>(): Promise<T | null> {
      return (await this.all<T>()).results[0] ?? null;
    }
    async run(): Promise<unknown> {
      return this.all();
    }
  }
  return {
    prepare: (sql) => new Text(sql),
    async batch(statements) {
      const texts = statements.map((s) => (s as Text).sql);
      if (texts.length === 0) return [];
      if (texts.every((sql) => /^\s*SELECT\b/i.test(sql))) {
        return (await transport.query(texts)).map((results) => ({ results, meta: {} }));
      }
      await transport.write(packed(texts));
      return texts.map(() => ({ results: [], meta: {} }));
    },
  };
}

/**
 * wrangler's own commands: queries in one `--command`, writes in one `--file`, which wrangler
 * runs as one transaction (a failed statement undoes all: seen on a local D1) and, with
 * --remote, hands to D1's import.
 */
export function wranglerTransport(target: D1Target): SqlTransport {
  const execute = async (extra: string[]) =>
    JSON.parse(
      await runWrangler(['d1', 'execute', target.database, '--json', ...extra], target),
    ) as { results: Rows }[];
  return {
    query: async (texts) => (await execute(['--command', texts.join(';\n')])).map((a) => a.results),
    async write(texts) {
      const dir = mkdtempSync(join(tmpdir(), 'dateline-publish-'));
      try {
        const file = join(dir, 'batch.sql');
        writeFileSync(file, texts.map((sql) => `${sql};\n`).join(''));
        await execute(['--yes', '--file', file]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
