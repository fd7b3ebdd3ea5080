// The rows of a publish's new articles, written ahead of its switch (publish.ts): no file row
// names them yet, so no reader reads them, and a publish that stops here leaves rows the next
// one drops.
import { bodyParts } from '../../db/schema.ts';
import type { SqlClient, SqlStatement, SqlValue } from '../../db/sql.ts';

/** A new article's row (its `rev` first, a placeholder) and its body, made at load. */
export interface Made {
  row: SqlValue[];
  html: string;
}

/** Told how far a publish is: files read so far, or articles written of how many. */
export type Progress = (phase: 'read' | 'write', done: number, of?: number) => void;

/** About how much body text a staging batch carries: a publish holds no more of it twice. */
const STAGE_CHARS = 16 * 1024 * 1024;

/**
 * Writes each article of `made` as `revs` numbers it, with its body in parts, a batch at a
 * time; each body leaves `made` once written.
 */
export async function stageArticles(
  client: SqlClient,
  made: Map<string, Made>,
  revs: ReadonlyMap<string, number>,
  progress?: Progress,
): Promise<void> {
  const total = made.size;
  let written = 0;
  const put = client.prepare('INSERT INTO articles VALUES (' + '?, '.repeat(19) + '?)');
  const putBody = client.prepare('INSERT INTO bodies VALUES (?, ?, ?)');
  let articles: SqlStatement[] = [];
  let bodies: SqlStatement[] = [];
  let chars = 0;
  // A table at a time: runs of rows into one table travel as few statements (wrangler-d1.ts).
  const flush = async () => {
    if (articles.length > 0) await client.batch([...articles, ...bodies]);
    written += articles.length;
    progress?.('write', written, total);
    articles = [];
    bodies = [];
    chars = 0;
  };
  for (const [path, { row, html }] of made) {
    const rev = revs.get(path)!;
    articles.push(put.bind(rev, ...row.slice(1)));
    bodyParts(html).forEach((part, i) => bodies.push(putBody.bind(rev, i, part)));
    made.delete(path);
    chars += html.length;
    if (chars >= STAGE_CHARS) await flush();
  }
  await flush();
}

/** Drops the rows past `rev`: a stopped publish's, staged but never switched to. */
export function dropAfter(client: SqlClient, rev: number): SqlStatement[] {
  return [
    client.prepare('DELETE FROM articles WHERE rev > ?').bind(rev),
    client.prepare('DELETE FROM bodies WHERE rev > ?').bind(rev),
  ];
}
