// Part of `npm run bench` (bench/run.ts): does a request cost more in a larger store? The
// smallest store's server and the largest's, side by side in alternating runs.
//
// Measured apart, minutes from each other, the two stores' figures also differ by whatever
// the machine did in between: on the benchmark's virtual machine, the bare node:http server,
// which does not depend on the store at all, moved markedly from one size to the next
// (docs/performance.md).
// Alternating runs of the two servers in the same minutes leave only the store's size.
import type { ChildProcess } from 'node:child_process';
import { pinServer, startServer, stopChild } from './children.ts';
import type { Answer } from './report.ts';
import { removeDatabase } from './start-load.ts';
import { etagIn, measure, record, wrk, type Run } from './wrk.ts';

export interface SideBySide {
  /** The smaller store's size (the larger one is the SizeResult's own). */
  small: number;
  runs: Record<Answer, { small: Run[]; large: Run[] }>;
  /** One connection, back-to-back requests. */
  unloaded: { small: Run[]; large: Run[] };
}

/** A store kept on disk past its own size, for this comparison. */
export interface KeptStore {
  size: number;
  dir: string;
}

interface Served {
  child: ChildProcess;
  port: number;
  etag: string;
}

/**
 * Starts a fresh `npm start` server on the smaller store (a first start, as the larger one's
 * was), and loads the two servers in turn: `rounds` rounds an answer, the order swapped every
 * round (small, large | large, small), so that a drift of the machine weighs on both alike.
 */
export async function sideBySide(options: {
  small: KeptStore;
  large: Served;
  path: string;
  rounds: number;
  duration: number;
  connections: number;
  log: (message: string) => void;
}): Promise<SideBySide> {
  const { path, large } = options;
  const databaseFile = `${options.small.dir}-side.db`;
  removeDatabase(databaseFile);
  const started = await startServer(options.small.dir, databaseFile);
  try {
    const small: Served = { ...started, etag: etagIn(await record(started.port, path), path) };
    pinServer(small.child);
    const servers = { small, large };
    for (const answer of ['200', '304'] as const) {
      // JIT warm-up of the fresh server, not recorded (the larger one is warm already).
      await wrk(small.port, path, 1, options.connections, answer === '304' ? small.etag : '');
    }
    const result: SideBySide = {
      small: options.small.size,
      runs: { '200': { small: [], large: [] }, '304': { small: [], large: [] } },
      unloaded: { small: [], large: [] },
    };
    const order = (round: number) =>
      round % 2 === 0 ? (['small', 'large'] as const) : (['large', 'small'] as const);
    for (const answer of ['200', '304'] as const) {
      for (let round = 0; round < options.rounds; round += 1) {
        for (const which of order(round)) {
          const { child, port, etag } = servers[which];
          const ifNoneMatch = answer === '304' ? etag : '';
          const run = await measure(
            child,
            port,
            path,
            options.duration,
            options.connections,
            ifNoneMatch,
          );
          result.runs[answer][which].push(run);
          options.log(
            `side by side: ${answer} ${which.padEnd(5)} ${Math.round(run.rps)} req/s, p50 ${run.p50.toFixed(2)} ms`,
          );
        }
      }
    }
    const quick = Math.min(2, options.duration);
    for (let round = 0; round < 3; round += 1) {
      for (const which of order(round)) {
        const { child, port } = servers[which];
        result.unloaded[which].push(await measure(child, port, path, quick, 1));
      }
    }
    return result;
  } finally {
    await stopChild(started.child);
    removeDatabase(databaseFile);
  }
}
