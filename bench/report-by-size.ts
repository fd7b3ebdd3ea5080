// Part of `npm run bench` (bench/run.ts): the report's figures of latency by store size.
import type { SideBySide } from './by-size.ts';
import { cpuText, growth, int, median, met, ms, sizeName, table } from './format.ts';
import type { Options } from './options.ts';
import type { Answer, SizeResult } from './report.ts';
import type { Run } from './wrk.ts';

export function sideBySideSection(
  first: SizeResult,
  last: SizeResult,
  side: SideBySide,
  options: Options,
): string {
  const rows: string[][] = [];
  const row = (what: string, runs: Run[], size: number) => [
    sizeName(size),
    what,
    int(median(runs.map((x) => x.rps))),
    runs.map((x) => ms(x.p50)).join(', '),
    ms(median(runs.map((x) => x.p50))),
    ms(median(runs.map((x) => x.p99))),
    cpuText(median(runs.map((x) => x.cpuPerRequest)), median(runs.map((x) => x.systemPerRequest))),
    int(median(runs.map((x) => x.bytesPerResponse))),
  ];
  for (const answer of ['200', '304'] as const) {
    rows.push(row(`${answer}, c${options.connections}`, side.runs[answer].small, first.size));
    rows.push(row(`${answer}, c${options.connections}`, side.runs[answer].large, last.size));
  }
  rows.push(row('200, one connection', side.unloaded.small, first.size));
  rows.push(row('200, one connection', side.unloaded.large, last.size));
  return [
    `## Latency by store size, side by side`,
    '',
    `The same request against the ${sizeName(first.size)} store's server and the ${sizeName(last.size)} store's, in the same minutes, once the ${sizeName(last.size)} store's own runs are done: a fresh \`npm start\` on the ${sizeName(first.size)} store (kept on disk since its own size was measured) and the ${sizeName(last.size)} store's server, loaded in turn, ${side.runs['304'].small.length} rounds an answer with the order swapped every round (small, large | large, small), then 3 rounds of one connection (${Math.min(2, options.duration)} s each). Runs of each size measured minutes apart also differ by whatever the machine did in between; here both servers share it.`,
    '',
    table(
      [
        'store',
        'answer',
        'req/s (median)',
        'p50 of each run',
        'p50 (median)',
        'p99 (median)',
        'server CPU / request',
        'bytes / response',
      ],
      rows,
    ),
  ].join('\n');
}

/**
 * p50 latency of the largest store against the smallest: from the side-by-side runs when the
 * bench made them (bench/by-size.ts), else from each size's own runs, minutes apart.
 */
export function latencyTargets(
  first: SizeResult,
  last: SizeResult,
  connections: number,
): string[][] {
  const rows: string[][] = [];
  const stores = `${sizeName(last.size)} vs ${sizeName(first.size)} store`;
  const judge = (what: string, b: number, a: number, detail: string) =>
    rows.push([
      what,
      `${ms(b)} vs ${ms(a)} (${growth(b, a)}${detail})`,
      '≤ +10 %',
      met(b <= a * 1.1),
    ]);
  const apart = (answer: Answer) => {
    const b = median(last.runs[answer].app.map((x) => x.p50));
    const a = median(first.runs[answer].app.map((x) => x.p50));
    return { a, b, text: `measured apart, minutes earlier: ${ms(b)} vs ${ms(a)}, ${growth(b, a)}` };
  };
  const side = last.bySize;
  for (const answer of ['200', '304'] as const) {
    const sequential = apart(answer);
    if (!side) {
      judge(`p50 latency (${answer}, c${connections}), ${stores}`, sequential.b, sequential.a, '');
      continue;
    }
    const { small, large } = side.runs[answer];
    const rounds = large.map((x, i) => growth(x.p50, small[i]?.p50 ?? NaN)).join(', ');
    judge(
      `p50 latency (${answer}, c${connections}), ${stores}, side by side`,
      median(large.map((x) => x.p50)),
      median(small.map((x) => x.p50)),
      `; each round: ${rounds}; ${sequential.text}`,
    );
  }
  const what = `p50 latency (200, one connection, unloaded), ${stores}`;
  if (side) {
    judge(
      `${what}, side by side`,
      median(side.unloaded.large.map((x) => x.p50)),
      median(side.unloaded.small.map((x) => x.p50)),
      `; measured apart: ${ms(last.unloaded.app.p50)} vs ${ms(first.unloaded.app.p50)}`,
    );
  } else {
    judge(what, last.unloaded.app.p50, first.unloaded.app.p50, '');
  }
  return rows;
}
