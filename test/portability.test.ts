import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;
// Only the Node entries and the Node adapters (src/adapters/node/) may use Node's own modules; the
// rest must run unchanged on Workers (Web APIs only).
const NODE_ONLY = new Set(['node.ts', 'node-tick-shape.ts', 'check.ts', 'publish.ts']);
const NODE_ADAPTERS = 'adapters/node/';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

it('keeps node:* imports, process and better-sqlite3 to the Node entry files and the Node adapters', () => {
  const offenders = sources(SRC)
    .map((file) => relative(SRC, file))
    .filter((file) => !NODE_ONLY.has(file) && !file.startsWith(NODE_ADAPTERS))
    .filter((file) =>
      /from ['"](node:|fs|path|os|child_process|better-sqlite3)|\bprocess\.|@hono\/node-server/.test(
        readFileSync(join(SRC, file), 'utf8'),
      ),
    );
  expect(offenders).toEqual([]);
});
