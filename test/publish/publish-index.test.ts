// A publish's copy of D1's index (src/adapters/node/publish-held.ts), on a real local D1: after
// every publish it holds exactly the rows D1 does, and the next publish reads it instead of the
// index D1 holds, while D1 holds the version it names; any other version is read from D1.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingClient, localD1, publishInto, type LocalD1 } from '../../bench/local-d1.ts';
import type { IndexCache, PublishedIndex } from '../../src/adapters/node/publish-held.ts';
import { publishStore } from '../../src/adapters/node/publish.ts';
import { parseConfig } from '../../src/config.ts';
import { RESTORE } from '../../src/db/article-rows.ts';
import type { SqlClient } from '../../src/db/sql.ts';
import { CONTENT_DIR, TEST_CLOCK } from '../support/app.ts';

const options = { ...parseConfig({}), clock: TEST_CLOCK };
const work = mkdtempSync(join(tmpdir(), 'dateline-publish-index-'));
const store = join(work, 'content');
let local: LocalD1;

/** An index kept in memory, counting its reads and writes. */
function memoryIndex(): IndexCache & { kept?: PublishedIndex; reads: number; writes: number } {
  return {
    reads: 0,
    writes: 0,
    read() {
      this.reads += 1;
      return this.kept && structuredClone(this.kept);
    },
    write(index) {
      this.writes += 1;
      this.kept = structuredClone(index);
    },
  };
}

/** The rows D1's RESTORE gives, by path: what the index must hold. */
async function heldByD1(db: SqlClient): Promise<Map<string, unknown[]>> {
  const { results } = await db.prepare(RESTORE).all();
  return new Map(results.map((row) => [String(row.path), Object.values(row)]));
}

const byPath = (index: PublishedIndex | undefined) =>
  new Map((index?.rows ?? []).map((row) => [row[0], [...row]]));

function edit(path: string, change: (text: string) => string) {
  const file = join(store, path);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

beforeAll(async () => {
  cpSync(CONTENT_DIR, store, { recursive: true });
  local = await localD1();
}, 60_000);
afterAll(async () => {
  await local?.dispose();
  rmSync(work, { recursive: true, force: true });
});

describe('the index a publish keeps of D1', () => {
  it('holds what D1 holds after each publish, and spares the next publish reading it', async () => {
    const index = memoryIndex();
    await publishInto(local.db, store, options, index);
    expect(index.writes).toBe(1);
    expect(byPath(index.kept)).toEqual(await heldByD1(local.db));

    // An edit, a broken edit (its last good version kept), a delete, a draft and a new file.
    edit('2024/gaza-fuel-shortage.md', (t) => t.replace(/^title: .*$/m, 'title: Fuel, corrected'));
    edit('2024/rafah-talks.txt', (t) => t.replace('Jerusalem Time', 'Jerusalem Tim'));
    rmSync(join(store, '2023/gaza-bakeries-flour.txt'));
    edit('2025/west-bank-merchants-eid.txt', (t) => t);
    writeFileSync(join(store, '2025/later.md'), '---\ntitle: Later\ndraft: true\n---\n\nText.\n');
    writeFileSync(
      join(store, '2025/new-report.md'),
      '---\ntitle: New report\nsection: Palestine\ndateline: Mon 6 Jan 2025 9:00 am - Jerusalem Time\n---\n\nNews.\n',
    );
    const counted = countingClient(local.db);
    const result = await publishStore(counted, store, options, 2, undefined, index);
    expect(result.written).toBe(2);
    // D1's state alone was read (a few rows), not its index.
    expect(counted.asked).not.toContain(RESTORE);
    expect(index.reads).toBe(2); // once a publish
    expect(index.writes).toBe(2);
    expect(byPath(index.kept)).toEqual(await heldByD1(local.db));

    // Nothing changed: nothing written, the index as it was.
    const again = await publishStore(local.db, store, options, 2, undefined, index);
    expect(again.catalog).toBe(again.previous);
    expect(byPath(index.kept)).toEqual(await heldByD1(local.db));
  }, 60_000);

  it('reads D1 when D1 holds a version another publish wrote', async () => {
    const index = memoryIndex();
    await publishStore(local.db, store, options, 2, undefined, index);
    expect(index.kept).toBeDefined();
    // Another machine publishes an edit: D1's version is not the one the index names.
    edit('2024/jenin-water-repairs.md', (t) => t.replace(/^title: .*$/m, 'title: Jenin, later'));
    await publishStore(local.db, store, options, 2);
    edit('2024/jenin-water-repairs.md', (t) => t.replace(/^title: .*$/m, 'title: Jenin, latest'));
    const counted = countingClient(local.db);
    await publishStore(counted, store, options, 2, undefined, index);
    expect(counted.asked).toContain(RESTORE);
    expect(byPath(index.kept)).toEqual(await heldByD1(local.db));
  }, 60_000);
});
