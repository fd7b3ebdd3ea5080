// parseDateline around every UTC-offset change zdump lists for Asia/Jerusalem and Asia/Hebron
// from 1850 to 1999: the end of local mean time (offsets with seconds: +02:20:54 to +02:20:40
// in 1880, a 14-second overlap), 1948's double summer time (+02:00 -> +04:00, a two-hour gap),
// the 1970s-1990s changes at midnight (00:00 -> 01:00 in spring, 24:00 -> 23:00 in autumn)
// and the Jordanian and Egyptian rules in Hebron. transitions.test.ts covers 2000-2026. Expected values come from zdump and
// Python's zoneinfo, never from src/time.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDateline } from '../../src/time/dateline.ts';
import {
  expectedInstant,
  formatDateline,
  pythonZoneinfoInstants,
  zdumpTransitions,
  type Transition,
  wallTimesAround,
} from '../support/zdump.ts';
import { hasTool, lacks } from '../support/tools.ts';

/** Skipped, and named at the end of the run, where zdump (or Debian's python3) is missing. */
const describeWithZdump = describe.skipIf(lacks(['zdump'], import.meta.url));
const describeWithPython = describe.skipIf(lacks(['zdump', 'python3-zoneinfo'], import.meta.url));

const ZONES = ['Asia/Jerusalem', 'Asia/Hebron'] as const;
const transitionsOf = new Map(
  ZONES.map((zone) => [zone, hasTool('zdump') ? zdumpTransitions(zone, 1850, 2000) : []] as const),
);

/** `+02:20:54` for 8_454_000, `-00:01:15` for -75_000, `+03:00` for 10_800_000. */
function formatOffset(offset: number): string {
  const total = Math.abs(offset) / 1000;
  const pad = (n: number) => String(n).padStart(2, '0');
  const seconds = total % 60 ? `:${pad(total % 60)}` : '';
  return `${offset < 0 ? '-' : '+'}${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}${seconds}`;
}

function describeTransition(t: Transition): string {
  const at = new Date(t.at).toISOString().replace('.000', '');
  return `${at} ${formatOffset(t.before)} -> ${formatOffset(t.after)}`;
}

function readWith(zone: string, dateline: string): string {
  const result = parseDateline(dateline, zone);
  return `${dateline} => ${result.ok ? new Date(result.instant).toISOString() : result.message}`;
}

describeWithZdump('the zdump oracle for 1850-1999', () => {
  it.each(ZONES)('lists the changes of %s these cases need, never two within two days', (zone) => {
    const transitions = transitionsOf.get(zone) ?? [];
    expect(transitions.length).toBeGreaterThan(60);
    transitions.forEach((t, i) => {
      if (i > 0) expect(t.at - (transitions[i - 1]?.at ?? 0)).toBeGreaterThan(2 * 86_400_000);
    });
    if (zone === 'Asia/Jerusalem') {
      const described = transitions.map(describeTransition);
      expect(described).toContain('1879-12-31T21:39:06Z +02:20:54 -> +02:20:40');
      expect(described).toContain('1948-05-23T00:00:00Z +02:00 -> +04:00');
      // 1990: 00:00 -> 01:00 on Sun 25 Mar; 24:00 -> 23:00 on Sat 25 Aug.
      expect(described).toContain('1990-03-24T22:00:00Z +02:00 -> +03:00');
      expect(described).toContain('1990-08-25T21:00:00Z +03:00 -> +02:00');
    }
  });
});

describeWithZdump.each(ZONES)(
  'parseDateline in %s around every transition of 1850-1999',
  (zone) => {
    it.each((transitionsOf.get(zone) ?? []).map((t) => [describeTransition(t), t] as const))(
      'handles %s',
      (_name, t) => {
        const walls = wallTimesAround(t);
        const datelines = walls.map(formatDateline);
        const actual = datelines.map((dateline) => readWith(zone, dateline));
        const expected = walls.map(
          (wall, i) => `${datelines[i]} => ${new Date(expectedInstant(wall, t)).toISOString()}`,
        );
        expect(actual).toEqual(expected);
      },
    );
  },
);

describeWithPython('parseDateline agrees with Python zoneinfo (fold=0) for 1850-1999', () => {
  // Per transition: the minute before its gap or overlap, the minute after, and the whole
  // minutes inside it (none for the seconds-long overlaps of 1880 and 1918).
  const cases = ZONES.flatMap((zone) =>
    (transitionsOf.get(zone) ?? []).flatMap((t) => {
      const walls = wallTimesAround(t).slice(2, -2);
      return walls.map((wall) => ({ zone, wall }));
    }),
  );
  let python: number[] = [];

  beforeAll(() => {
    python = pythonZoneinfoInstants(cases);
  });

  it.each(ZONES)('reads the sampled datelines in %s as Python does', (zone) => {
    const mine = cases.flatMap((c, i) => (c.zone === zone ? [{ ...c, py: python[i] ?? NaN }] : []));
    expect(mine.length).toBeGreaterThan(60 * 5);
    const actual = mine.map(({ wall }) => readWith(zone, formatDateline(wall)));
    const expected = mine.map(
      ({ wall, py }) => `${formatDateline(wall)} => ${new Date(py).toISOString()}`,
    );
    expect(actual).toEqual(expected);
  });

  it('reads a dateline of local mean time to the second: noon, 1 Jan 1850, is 09:39:06Z', () => {
    // Hand-worked from zdump: Jerusalem kept local mean time, +02:20:54, until the end of 1879.
    expect(readWith('Asia/Jerusalem', 'Tue 1 Jan 1850 12:00 pm - Jerusalem Time')).toBe(
      'Tue 1 Jan 1850 12:00 pm - Jerusalem Time => 1850-01-01T09:39:06.000Z',
    );
  });
});
