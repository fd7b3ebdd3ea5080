// src/time bundled by esbuild, packages and all, as wrangler bundles the Worker, and run in
// workerd through Miniflare: its offsets at every transition zdump lists for the newsroom's
// zones, 1850-2037, and its reading of datelines around each, must be zdump's, as in Node.
// workerd has its own V8, ICU and tzdata. Miniflare's workerd takes its own zone from TZ, as
// Node does (Cloudflare runs it in UTC), so under TZ=Asia/Jerusalem this file also checks that
// src/time in workerd does not depend on a process zone that has gaps of its own.
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectedInstant,
  formatDateline,
  zdumpTransitions,
  wallTimesAround,
} from '../support/zdump.ts';
import { hasTool, lacks } from '../support/tools.ts';

/** Skipped, and named at the end of the run, where zdump is missing. */
const describeWithZdump = describe.skipIf(lacks(['zdump'], import.meta.url));

const ROOT = new URL('../..', import.meta.url).pathname;
const ZONES = ['Asia/Jerusalem', 'Asia/Hebron'];

// The Worker answers a POST of { datelines: [zone, text][], instants: [zone, ms][] }.
const ENTRY = `
import { parseDateline } from './src/time/dateline.ts';
import { offsetAt } from './src/time/zone-offset.ts';
import { wallTimeToInstant } from './src/time/zoned-time.ts';

function error(run) {
  try {
    return 'no error: ' + String(run());
  } catch (e) {
    return e instanceof RangeError ? 'RangeError' : String(e);
  }
}

export default {
  async fetch(request) {
    const { datelines, instants } = await request.json();
    return Response.json({
      read: datelines.map(([zone, text]) => {
        const result = parseDateline(text, zone);
        return result.ok ? result.instant : result.message;
      }),
      offsets: instants.map(([zone, instant]) => offsetAt(zone, instant)),
      unknown: ['Mars/Olympus', '', 'Z'].map((zone) =>
        error(() => wallTimeToInstant({ year: 2024, month: 4, day: 19, hour: 18, minute: 22 }, zone)),
      ),
      processZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    });
  },
};
`;

interface Answer {
  read: (number | string)[];
  offsets: number[];
  unknown: string[];
  processZone: string;
}

const transitions = ZONES.map(
  (zone) => [zone, hasTool('zdump') ? zdumpTransitions(zone, 1850, 2038) : []] as const,
);

const instants = transitions.flatMap(([zone, list]) =>
  list.flatMap((t) => [
    { zone, instant: t.at - 1000, offset: t.before },
    { zone, instant: t.at, offset: t.after },
  ]),
);
// Datelines up to 2026, as transitions.test.ts: later rules are predictions that a runtime's
// tzdata may not share yet.
const datelines = transitions.flatMap(([zone, list]) =>
  list
    .filter((t) => t.at < Date.UTC(2027, 0, 1))
    .flatMap((t) =>
      wallTimesAround(t).map((wall) => ({
        zone,
        text: formatDateline(wall),
        instant: expectedInstant(wall, t),
      })),
    ),
);

let mf: Miniflare | undefined;
let answer: Answer;

beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: 'time-worker.js', loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    write: false,
    logLevel: 'silent',
  });
  mf = new Miniflare({
    modules: true,
    script: bundle.outputFiles[0]?.text ?? '',
    compatibilityDate: '2026-04-01',
  });
  const response = await mf.dispatchFetch('http://time.test/', {
    method: 'POST',
    body: JSON.stringify({
      datelines: datelines.map(({ zone, text }) => [zone, text]),
      instants: instants.map(({ zone, instant }) => [zone, instant]),
    }),
  });
  answer = (await response.json()) as Answer;
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
});

describeWithZdump('src/time in workerd', () => {
  it('runs in the process zone this suite runs in', () => {
    expect(answer.processZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('gives zdump’s offset one second before and at every transition of 1850-2037', () => {
    expect(instants.length).toBeGreaterThanOrEqual(2 * 2 * 150);
    const line = (zone: string, instant: number, offset: number | undefined) =>
      `${new Date(instant).toISOString()} ${zone} ${offset}`;
    expect(instants.map(({ zone, instant }, i) => line(zone, instant, answer.offsets[i]))).toEqual(
      instants.map(({ zone, instant, offset }) => line(zone, instant, offset)),
    );
  });

  it('reads the datelines around every transition of 1850-2026 as zdump’s rule says', () => {
    expect(datelines.length).toBeGreaterThan(2 * 130 * 60);
    const line = (zone: string, text: string, instant: number | string | undefined) =>
      `${text} in ${zone} => ${typeof instant === 'number' ? new Date(instant).toISOString() : instant}`;
    expect(datelines.map(({ zone, text }, i) => line(zone, text, answer.read[i]))).toEqual(
      datelines.map(({ zone, text, instant }) => line(zone, text, instant)),
    );
  });

  it('reports a zone its Intl does not know as a RangeError', () => {
    expect(answer.unknown).toEqual(['RangeError', 'RangeError', 'RangeError']);
  });
});
