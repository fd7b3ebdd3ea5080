// parseDateline around every UTC-offset change of 2000-2026 in Asia/Jerusalem (the default
// zone) and Asia/Hebron (a NEWSROOM_TZ that changes on other dates, sometimes at 00:00 or
// 00:01). Expected values come from zdump and from Python's zoneinfo, never from src/time.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDateline } from '../../src/time/dateline.ts';
import {
  HOUR,
  MINUTE,
  expectedInstant,
  formatDateline,
  formatOffset,
  pythonZoneinfoInstants,
  wallTimesAround,
  zdumpTransitions,
  type Transition,
} from '../support/zdump.ts';
import { hasTool, lacks } from '../support/tools.ts';

/** Skipped, and named at the end of the run, where zdump (or Debian's python3) is missing. */
const describeWithZdump = describe.skipIf(lacks(['zdump'], import.meta.url));
const describeWithPython = describe.skipIf(lacks(['zdump', 'python3-zoneinfo'], import.meta.url));

const FIRST_YEAR = 2000;
const LAST_YEAR = 2026;
const ZONES = ['Asia/Jerusalem', 'Asia/Hebron'] as const;

const transitionsByZone = new Map(
  ZONES.map(
    (zone) =>
      [zone, hasTool('zdump') ? zdumpTransitions(zone, FIRST_YEAR, LAST_YEAR + 1) : []] as const,
  ),
);

function transitionsOf(zone: string): Transition[] {
  return transitionsByZone.get(zone as (typeof ZONES)[number]) ?? [];
}

function yearOf(t: Transition): number {
  return new Date(t.at + t.before).getUTCFullYear();
}

function describeTransition(t: Transition): string {
  const date = new Date(t.at + t.before).toISOString().slice(0, 10);
  const kind = t.after > t.before ? 'spring-forward' : 'fall-back';
  return `${date} ${kind} transition (${formatOffset(t.before)} -> ${formatOffset(t.after)})`;
}

/** What parseDateline made of a dateline, as one comparable line. */
function readWith(zone: string, dateline: string): string {
  const result = parseDateline(dateline, zone);
  return `${dateline} => ${result.ok ? new Date(result.instant).toISOString() : result.message}`;
}

function expectedLine(dateline: string, instant: number): string {
  return `${dateline} => ${Number.isFinite(instant) ? new Date(instant).toISOString() : instant}`;
}

describeWithPython('the test oracles', () => {
  it('formats midnight and noon hours as 12 am and 12 pm', () => {
    expect(formatDateline(Date.UTC(2024, 0, 15, 0, 5))).toBe(
      'Mon 15 Jan 2024 12:05 am - Jerusalem Time',
    );
    expect(formatDateline(Date.UTC(2024, 0, 15, 12, 0))).toBe(
      'Mon 15 Jan 2024 12:00 pm - Jerusalem Time',
    );
    expect(formatDateline(Date.UTC(2024, 1, 29, 23, 59))).toBe(
      'Thu 29 Feb 2024 11:59 pm - Jerusalem Time',
    );
  });

  it('finds exactly two one-hour transitions a year in Asia/Jerusalem, spring then autumn', () => {
    const transitions = transitionsOf('Asia/Jerusalem');
    expect(transitions).toHaveLength(2 * (LAST_YEAR - FIRST_YEAR + 1)); // 54
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      const ofYear = transitions.filter((t) => yearOf(t) === year);
      expect(ofYear.map((t) => [t.before, t.after])).toEqual([
        [2 * HOUR, 3 * HOUR],
        [3 * HOUR, 2 * HOUR],
      ]);
    }
  });

  it('finds at least two one-hour transitions a year in Asia/Hebron, alternating', () => {
    // With tzdata 2025b zdump lists 56: two a year plus a Ramadan pause of summer time in 2011.
    const transitions = transitionsOf('Asia/Hebron');
    expect(transitions.length).toBeGreaterThanOrEqual(2 * (LAST_YEAR - FIRST_YEAR + 1));
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      expect(transitions.filter((t) => yearOf(t) === year).length).toBeGreaterThanOrEqual(2);
    }
    transitions.forEach((t, i) => {
      expect(Math.abs(t.after - t.before)).toBe(HOUR);
      expect([2 * HOUR, 3 * HOUR]).toContain(t.before);
      expect(t.at % MINUTE).toBe(0);
      if (i > 0) expect(t.before).toBe(transitions[i - 1]?.after);
    });
  });
});

describeWithZdump.each(ZONES)('parseDateline in %s around every transition zdump lists', (zone) => {
  it.each(transitionsOf(zone).map((t) => [describeTransition(t), t] as const))(
    'handles the %s',
    (_name, t) => {
      // Every minute from 3 minutes before the gap/overlap to 3 minutes after it.
      const walls = wallTimesAround(t);
      expect(walls.length).toBe(Math.abs(t.after - t.before) / MINUTE + 7);
      const datelines = walls.map(formatDateline);
      const actual = datelines.map((dateline) => readWith(zone, dateline));
      const expected = walls.map((wall, i) =>
        expectedLine(datelines[i] ?? '', expectedInstant(wall, t)),
      );
      expect(actual).toEqual(expected);
    },
  );
});

describeWithPython('parseDateline agrees with Python zoneinfo (fold=0)', () => {
  // Per transition: the minute before the gap/overlap, its first minute, its midpoint, its
  // last minute, the minute after it, and an hour either side of the midpoint.
  const cases = ZONES.flatMap((zone) =>
    transitionsOf(zone).flatMap((t) => {
      const low = t.at + Math.min(t.before, t.after);
      const high = t.at + Math.max(t.before, t.after);
      const mid = (low + high) / 2;
      const walls = [low - MINUTE, low, mid, high - MINUTE, high, mid - HOUR, mid + HOUR];
      return walls.map((wall) => ({ zone, wall, transition: t }));
    }),
  );
  let python: number[] = [];

  beforeAll(() => {
    python = pythonZoneinfoInstants(cases.map(({ zone, wall }) => ({ zone, wall })));
  });

  it('samples a plausible number of wall times', () => {
    expect(cases.length).toBeGreaterThanOrEqual(7 * 2 * 54);
    expect(python).toHaveLength(cases.length);
  });

  it('has Python and the zdump-derived rule agree, so the two oracles confirm each other', () => {
    const fromRule = cases.map(({ wall, transition }, i) =>
      expectedLine(
        `${formatDateline(wall)} in ${cases[i]?.zone}`,
        expectedInstant(wall, transition),
      ),
    );
    const fromPython = cases.map(({ wall, zone }, i) =>
      expectedLine(`${formatDateline(wall)} in ${zone}`, python[i] ?? NaN),
    );
    expect(fromPython).toEqual(fromRule);
  });

  it.each(ZONES)('reads the sampled datelines in %s as Python does', (zone) => {
    const mine = cases.flatMap((c, i) => (c.zone === zone ? [{ ...c, py: python[i] ?? NaN }] : []));
    expect(mine.length).toBeGreaterThan(0);
    const actual = mine.map(({ wall }) => readWith(zone, formatDateline(wall)));
    const expected = mine.map(({ wall, py }) => expectedLine(formatDateline(wall), py));
    expect(actual).toEqual(expected);
  });
});
