// Why src/time reads offsets through Intl, not date-fns-tz, measured in this repository alone
// (docs/performance.md, "Time zones (date-fns-tz)"). Not part of `npm run bench`.
//   npx tsx bench/time-zone.ts [--rounds 20] [--n 100000]
// A: src/time/zone-offset.ts's offsetAt (Intl, kept). B: dateFnsTzOffsetAt below, the core of
// the date-fns-tz variant that passed every test. A B A B …, one uncounted round first; medians.
// (a) One offset, no cache: blocks of 20k instants from 2000 to 2026, in this process.
// (b) The import npm start pays: fresh `node --import tsx --input-type=module -e` processes
//     import src/time/dateline.ts, B then also date-fns-tz/formatInTimeZone (the variant's
//     import; it loads all of date-fns, marnusw/date-fns-tz#310). Through tsx, as npm start.
// (c) N seeded datelines (mulberry32, 2000-2026) read cold by parseDateline, a fresh process
//     each, so zoned-time.ts's day memo starts empty, as when a store loads. For B a resolve
//     hook gives zoned-time.ts this file ('?date-fns-tz-variant') as './zone-offset.ts'.
// Exits 1 unless A and B agree on every offset of (a) and every instant of (c).
import { execFileSync } from 'node:child_process';
import { createRequire, register } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { formatInTimeZone as FormatInTimeZone } from 'date-fns-tz/formatInTimeZone';
import { median } from './format.ts';
import { mulberry32 } from './synthetic-store.ts';

const ZONE = 'Asia/Jerusalem';
const VARIANT = 'date-fns-tz-variant';
const SELF = new URL(import.meta.url);
const SPAWN = { cwd: new URL('..', SELF), encoding: 'utf8' } as const;
const variantFlag = globalThis as { dateFnsTzVariantLoaded?: boolean };

// B, the variant measured; src/ does not use it.
let formatInTimeZone: typeof FormatInTimeZone | undefined;
const checkedZones = new Set<string>();
const SECONDS_AND_OFFSET = /^(\d\d) ([+-])(\d\d):(\d\d)$/; // 'ss xxx', e.g. '54 +02:20'

/** B: offsetAt through date-fns-tz 3.2.0: the offset token `xxx`, its seconds from `ss`. */
export function dateFnsTzOffsetAt(zone: string, instant: number): number {
  if (!formatInTimeZone) throw new Error('date-fns-tz is not loaded');
  if (!checkedZones.has(zone)) {
    new Intl.DateTimeFormat('en-US', { timeZone: zone }); // throws for an unknown zone
    checkedZones.add(zone);
  }
  const text = formatInTimeZone(instant, zone, 'ss xxx');
  const match = SECONDS_AND_OFFSET.exec(text);
  if (!match) throw new RangeError(`date-fns-tz gave '${text}' for ${instant} in ${zone}`);
  const [, wallSeconds = '', sign = '', hours = '', minutes = ''] = match;
  const east = sign === '+' ? 1 : -1;
  const instantSeconds = ((Math.floor(instant / 1000) % 60) + 60) % 60;
  let seconds = (Number(wallSeconds) - instantSeconds + 60) % 60; // in [0, 60)
  if (east < 0 && seconds > 0) seconds -= 60; // in (-60, 0]: the sign of the offset
  return (east * (Number(hours) * 3600 + Number(minutes) * 60) + seconds) * 1000;
}
export { dateFnsTzOffsetAt as offsetAt }; // what zoned-time.ts imports, in a B child of (c)
const loadDateFnsTz = async () =>
  ({ formatInTimeZone } = await import('date-fns-tz/formatInTimeZone'));

function datelines(n: number): string[] {
  const rand = mulberry32(0x7a_2024);
  const [first, last] = [Date.UTC(2000, 0, 1) / 60_000, Date.UTC(2027, 0, 1) / 60_000 - 1];
  return Array.from({ length: n }, () => {
    const d = new Date((first + Math.floor(rand() * (last - first + 1))) * 60_000);
    const [weekday, day, month, year] = d.toUTCString().split(/,? /); // 'Sat, 01 Jan 2000 …'
    const [hour, minute] = [d.getUTCHours(), String(d.getUTCMinutes()).padStart(2, '0')];
    const time = `${hour % 12 || 12}:${minute} ${hour < 12 ? 'am' : 'pm'}`;
    return `${weekday} ${Number(day)} ${month} ${year} ${time} - Jerusalem Time`;
  });
}

/** (c) in a fresh process: prints the cold time (ms) and the sum of the instants (minutes). */
async function coldChild(reader: string, n: number): Promise<void> {
  if (reader === 'date-fns-tz') {
    const [self, variant] = [JSON.stringify(SELF.href), JSON.stringify(`?${VARIANT}`)];
    const hooks = `export async function resolve(s, c, next) {
      if (s !== './zone-offset.ts' || !c.parentURL?.endsWith('/src/time/zoned-time.ts')) return next(s, c);
      const r = await next(${self}, c); return { ...r, url: r.url + ${variant} }; }`;
    register(`data:text/javascript,${encodeURIComponent(hooks)}`);
  }
  const texts = datelines(n);
  const { parseDateline } = await import('../src/time/dateline.ts');
  if (!variantFlag.dateFnsTzVariantLoaded !== (reader === 'intl')) throw new Error('wrong reader');
  const start = performance.now();
  let sum = 0;
  for (const text of texts) {
    const result = parseDateline(text, ZONE);
    if (!result.ok) throw new Error(result.message);
    sum += result.instant / 60_000;
  }
  console.log(`${performance.now() - start} ${sum}`);
}

type Runs = [number[], number[]]; // A's figures, B's figures
/** measure(0) (A) and measure(1) (B) in turn, `rounds` times after an uncounted round. */
function alternate(rounds: number, measure: (b: 0 | 1) => number[]): Runs[] {
  const runs: Runs[] = [];
  for (let round = 0; round <= rounds; round += 1) {
    for (const b of [0, 1] as const) {
      const figures = measure(b);
      for (const [i, x] of figures.entries()) if (round > 0) (runs[i] ??= [[], []])[b].push(x);
    }
  }
  return runs;
}

function row(label: string, unit: string, digits: number, [a, b]: Runs = [[], []]): string {
  const show = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;
  const pairs = a.map((x, i) => (b[i] ?? NaN) - x);
  const range = `${show(Math.min(...pairs))} … ${show(Math.max(...pairs))}`;
  const ratio = `${(median(b) / median(a)).toFixed(2)}×`;
  return `| ${label} | ${median(a).toFixed(digits)} ${unit} | ${median(b).toFixed(digits)} ${unit} | ${ratio} | ${show(median(pairs))} ${unit} (${range}) |`;
}

async function main(rounds: number, n: number): Promise<void> {
  const node = (...args: string[]) =>
    execFileSync(process.execPath, ['--import', 'tsx', ...args], SPAWN)
      .trim()
      .split(/\s+/)
      .map(Number);
  const load = [loadavg()[0] ?? NaN];
  const { offsetAt } = await import('../src/time/zone-offset.ts');
  await loadDateFnsTz();
  // (a) 20k instants 11.83 h apart: 2000 to 2026, at every hour of the day in turn.
  const instants = Array.from({ length: 20_000 }, (_, i) => Date.UTC(2000, 0, 1) + i * 42_588_000);
  const differ = instants.filter((t) => offsetAt(ZONE, t) !== dateFnsTzOffsetAt(ZONE, t));
  if (differ.length > 0) throw new Error(`A and B differ at ${differ.length} instants`);
  const [perCall] = alternate(rounds, (b) => {
    const [read, start] = [b ? dateFnsTzOffsetAt : offsetAt, performance.now()];
    let sink = 0;
    for (const instant of instants) sink += read(ZONE, instant);
    if (Number.isNaN(sink)) throw new Error('NaN offset');
    return [((performance.now() - start) * 1000) / instants.length];
  });
  // (b) A: import dateline.ts; B: the same, then date-fns-tz/formatInTimeZone.
  const dateline = JSON.stringify(new URL('../src/time/dateline.ts', SELF).href);
  const [spawnToExit, inside] = alternate(rounds, (b) => {
    const variant = b ? " await import('date-fns-tz/formatInTimeZone');" : '';
    const code = `const t = performance.now(); await import(${dateline});${variant} console.log(performance.now() - t);`;
    const start = performance.now();
    const [imports = NaN] = node('--input-type=module', '-e', code);
    return [performance.now() - start, imports];
  });
  // (c) N datelines read cold, in fresh processes.
  const [cold, sums] = alternate(rounds, (b) =>
    node(fileURLToPath(SELF), '--cold', b ? 'date-fns-tz' : 'intl', '--n', String(n)),
  );
  if (new Set(sums?.flat()).size !== 1) throw new Error(`A and B read different instants (${n})`);
  load.push(loadavg()[0] ?? NaN);
  const { version } = createRequire(SELF)('date-fns-tz/package.json') as { version: string };
  const loads = load.map((x) => x.toFixed(1)).join(' → ');
  console.log(
    [
      `A = Intl, B = date-fns-tz ${version}; Node ${process.version}, ${availableParallelism()} cores, ` +
        `load ${loads}; ${rounds} rounds; A and B agree on every offset and instant.\n`,
      '| measure | A: Intl | B: date-fns-tz | B / A | B − A, median of pairs (range) |',
      '| --- | --: | --: | --: | --: |',
      row('(a) one offset, no cache, per call', 'µs', 2, perCall),
      row('(b) import through tsx, fresh process, spawn to exit', 'ms', 0, spawnToExit),
      row('(b) the same, the imports alone (inside the process)', 'ms', 0, inside),
      row(`(c) ${n} datelines read cold, fresh process`, 'ms', 0, cold),
    ].join('\n'),
  );
}

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) {
  args.set((process.argv[i] ?? '').replace(/^--/, ''), process.argv[i + 1] ?? '');
}
const n = Number(args.get('n') ?? 100_000);
if (SELF.searchParams.has(VARIANT)) {
  await loadDateFnsTz(); // this instance is zone-offset.ts to zoned-time.ts, in a B child of (c)
  variantFlag.dateFnsTzVariantLoaded = true;
} else if (args.has('cold')) {
  await coldChild(args.get('cold') ?? '', n);
} else {
  await main(Number(args.get('rounds') ?? 20), n);
}
