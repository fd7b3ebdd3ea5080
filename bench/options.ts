// Part of `npm run bench` (bench/run.ts): its command-line options.

export interface Options {
  sizes: number[];
  duration: number;
  connections: number;
  reps: number;
  renderRuns: number;
  /**
   * `all`: everything. `load`: only the store's starts (first start, restart, reconciliation,
   * memory, database size): no renders, no server under wrk, and the report is written to
   * `--out` only when given (printed in any case), so bench/RESULTS.md keeps the full run's.
   */
  only: 'all' | 'load';
  /** Undefined: print only (`--only load` without `--out`). */
  out: string | undefined;
}

export function parseOptions(argv: string[]): Options {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument '${arg}'`);
    const [, name = '', inline] = match;
    values.set(name, inline ?? argv[(i += 1)] ?? '');
  }
  const known = ['sizes', 'duration', 'connections', 'reps', 'render-runs', 'only', 'out'];
  for (const name of values.keys()) {
    if (!known.includes(name))
      throw new Error(`unknown option --${name}; known: --${known.join(', --')}`);
  }
  const count = (text: string) => {
    const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
    const factor = { '': 1, k: 1e3, m: 1e6 }[match?.[2]?.toLowerCase() ?? ''] ?? NaN;
    const value = match ? Math.round(Number(match[1]) * factor) : NaN;
    if (!(value >= 1)) throw new Error(`'${text}' is not a positive number`);
    return value;
  };
  const only = values.get('only') ?? 'all';
  if (only !== 'all' && only !== 'load') throw new Error(`--only '${only}' is not all or load`);
  return {
    sizes: (values.get('sizes') ?? '1000,10000,100000').split(',').map(count),
    duration: count((values.get('duration') ?? '10').replace(/s$/, '')),
    connections: count(values.get('connections') ?? '50'),
    reps: count(values.get('reps') ?? '3'),
    renderRuns: count(values.get('render-runs') ?? '200'),
    only,
    out:
      values.get('out') ??
      (only === 'all' ? new URL('RESULTS.md', import.meta.url).pathname : undefined),
  };
}
