// Caches count what their entries really cost (key, headers, bookkeeping, every content coding),
// not only the bodies: polls of thousands of distinct filtered feeds, each new to both the render
// cache and the Node fast path's store, grow the heap by no more than their budgets plus 10 %.
// Measured in a process of its own (test/support/cache-growth.ts), with the garbage collector
// run before each reading; a count of bytes, not a timing.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const RENDER_BUDGET = 4 << 20;
const FAST_BUDGET = 1 << 20;

describe('the caches under distinct filter URLs', () => {
  it('grow the heap by at most their budgets plus 10 %, however many distinct feeds are asked for', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        'test/support/cache-growth.ts',
        '20000',
        String(RENDER_BUDGET),
        String(FAST_BUDGET),
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    const { requests, bodies, growth } = JSON.parse(run.stdout) as {
      requests: number;
      bodies: number;
      growth: number;
    };
    expect(requests).toBe(20_000);
    // The feeds asked for hold about twice the budgets in bodies alone: the bound is real.
    expect(bodies).toBeGreaterThan(RENDER_BUDGET + FAST_BUDGET);
    expect(growth).toBeLessThanOrEqual((RENDER_BUDGET + FAST_BUDGET) * 1.1);
    // And the measure sees the caches: the render cache alone is kept about full.
    expect(growth).toBeGreaterThan(RENDER_BUDGET / 2);
  }, 120_000);
});
