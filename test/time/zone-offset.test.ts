// The time-zone primitive (src/time/zone-offset.ts, offsetAt) against zdump: the
// offset in force one second before each transition, a millisecond before it and at it, from
// local mean time to 2037, in the newsroom's zones and in zones whose offsets test the rest of
// the reading (west of Greenwich, seconds in the offset, half-hour summer time). Then the same
// reading under other process zones (TZ), around the transitions of the process's own zone.
import { afterAll, describe, expect, it } from 'vitest';
import { parseDateline } from '../../src/time/dateline.ts';
import { offsetAt } from '../../src/time/zone-offset.ts';
import { isKnownTimeZone, wallTimeToInstant } from '../../src/time/zoned-time.ts';
import { MINUTE, formatDateline, zdumpTransitions, type Transition } from '../support/zdump.ts';
import { hasTool, lacks } from '../support/tools.ts';

/** Skipped, and named at the end of the run, where zdump is missing. */
const describeWithZdump = describe.skipIf(lacks(['zdump'], import.meta.url));

const FIRST_YEAR = 1850;
const END_YEAR = 2038; // exclusive
const ZONES = [
  'Asia/Jerusalem', // NEWSROOM_TZ's default: mean time +02:20:54 to 1880, then +02:20:40 to 1918
  'Asia/Hebron', // changes on other dates than Jerusalem, sometimes at 00:00 or 00:01
  'America/New_York', // west: mean time -04:56:02, negative offsets with seconds
  'Europe/London', // mean time -00:01:15, a negative offset under a minute
  'Africa/Monrovia', // -00:44:30 until 1972: seconds in an offset within living memory
  'Australia/Lord_Howe', // summer time half an hour ahead
];

const transitionsOf = new Map(
  ZONES.map(
    (zone) => [zone, hasTool('zdump') ? zdumpTransitions(zone, FIRST_YEAR, END_YEAR) : []] as const,
  ),
);

/** `+02:20:54` for 8_454_000, `-00:01:15` for -75_000, `+03:00` for 10_800_000. */
function formatOffset(offset: number): string {
  const total = Math.abs(offset) / 1000;
  const pad = (n: number) => String(n).padStart(2, '0');
  const seconds = total % 60 ? `:${pad(total % 60)}` : '';
  return `${offset < 0 ? '-' : '+'}${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}${seconds}`;
}

/** The offset zdump lists in force at `instant`: the last transition at or before it decides. */
function zdumpOffsetAt(transitions: Transition[], instant: number): number {
  let offset = transitions[0]?.before ?? NaN;
  for (const t of transitions) {
    if (t.at > instant) break;
    offset = t.after;
  }
  return offset;
}

/** One comparable line per instant: `<ISO instant> <zone> <offset>`. */
function line(zone: string, instant: number, offset: number): string {
  return `${new Date(instant).toISOString()} ${zone} ${formatOffset(offset)} (${offset / 1000} s)`;
}

describeWithZdump('the zdump oracle', () => {
  it('lists the transitions the cases below rely on', () => {
    const jerusalem = transitionsOf.get('Asia/Jerusalem') ?? [];
    // Mean time to Jerusalem mean time (1880), to +02:00 (1918), 1948's +04:00, the 1990s.
    expect(jerusalem.slice(0, 2).map((t) => [t.before / 1000, t.after / 1000])).toEqual([
      [8454, 8440],
      [8440, 7200],
    ]);
    expect(jerusalem.some((t) => t.after === 4 * 3_600_000)).toBe(true);
    expect(jerusalem.filter((t) => new Date(t.at).getUTCFullYear() === 1995)).toHaveLength(2);
    expect((transitionsOf.get('Africa/Monrovia') ?? []).map((t) => t.before / 1000)).toContain(
      -2670,
    );
    for (const zone of ZONES) expect(transitionsOf.get(zone)?.length, zone).toBeGreaterThan(0);
  });
});

describeWithZdump.each(ZONES)('offsetAt in %s, at every transition zdump lists', (zone) => {
  const transitions = transitionsOf.get(zone) ?? [];

  it('gives the offset before the change one second and one millisecond before it', () => {
    const actual = transitions.flatMap((t) => [
      line(zone, t.at - 1000, offsetAt(zone, t.at - 1000)),
      line(zone, t.at - 1, offsetAt(zone, t.at - 1)),
    ]);
    const expected = transitions.flatMap((t) => [
      line(zone, t.at - 1000, t.before),
      line(zone, t.at - 1, t.before),
    ]);
    expect(actual).toEqual(expected);
  });

  it('gives the offset after the change exactly at it and an hour later', () => {
    const actual = transitions.flatMap((t) => [
      line(zone, t.at, offsetAt(zone, t.at)),
      line(zone, t.at + 3_600_000, offsetAt(zone, t.at + 3_600_000)),
    ]);
    const expected = transitions.flatMap((t) => [
      line(zone, t.at, t.after),
      line(zone, t.at + 3_600_000, zdumpOffsetAt(transitions, t.at + 3_600_000)),
    ]);
    expect(actual).toEqual(expected);
  });
});

describeWithZdump('offsetAt, whatever the process zone (TZ)', () => {
  const original = process.env.TZ;
  afterAll(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  // Each newsroom zone read at every 10 minutes of the three hours after each transition of
  // the other one: under TZ set to that other zone, these are the wall times its local-time
  // Dates skip (the gap) or hold twice, where a reading through a local-time Date (date-fns-tz's
  // toZonedTime, say) goes wrong.
  const PAIRS = [
    ['Asia/Hebron', 'Asia/Jerusalem'],
    ['Asia/Jerusalem', 'Asia/Hebron'],
  ] as const;
  const PROCESS_ZONES = ['UTC', 'Asia/Jerusalem', 'Asia/Hebron', 'America/New_York'];

  it.each(PROCESS_ZONES)(
    'reads the newsroom zones across each other’s transitions under TZ=%s',
    (tz) => {
      process.env.TZ = tz;
      // Node applies a new TZ at once (the local-time Date of this instant shows it).
      expect(new Date(Date.UTC(2024, 6, 1)).getTimezoneOffset()).toBe(
        { UTC: 0, 'Asia/Jerusalem': -180, 'Asia/Hebron': -180, 'America/New_York': 240 }[tz],
      );
      const actual: string[] = [];
      const expected: string[] = [];
      for (const [zone, other] of PAIRS) {
        const own = zdumpTransitions(zone, 2000, 2027);
        for (const t of zdumpTransitions(other, 2000, 2027)) {
          for (
            let instant = t.at - 30 * MINUTE;
            instant < t.at + 3 * 3_600_000;
            instant += 10 * MINUTE
          ) {
            actual.push(line(zone, instant, offsetAt(zone, instant)));
            expected.push(line(zone, instant, zdumpOffsetAt(own, instant)));
          }
        }
      }
      expect(actual.length).toBeGreaterThan(2 * 54 * 20);
      expect(actual).toEqual(expected);
    },
  );

  it('reads the Hebron wall time 02:30 of 29 Mar 2024, in Jerusalem’s gap, under TZ=Asia/Jerusalem', () => {
    // Hand-worked: Palestine kept +02:00 until 20 Apr 2024, so 00:30Z is 02:30 in Hebron; Israel
    // went from 02:00 to 03:00 at 00:00Z, so under TZ=Asia/Jerusalem no local time is 02:30.
    process.env.TZ = 'Asia/Jerusalem';
    expect(offsetAt('Asia/Hebron', Date.UTC(2024, 2, 29, 0, 30))).toBe(2 * 3_600_000);
    expect(offsetAt('Asia/Jerusalem', Date.UTC(2024, 2, 29, 0, 30))).toBe(3 * 3_600_000);
    expect(
      wallTimeToInstant({ year: 2024, month: 3, day: 29, hour: 2, minute: 30 }, 'Asia/Hebron'),
    ).toBe(Date.UTC(2024, 2, 29, 0, 30));
  });
});

describeWithZdump(
  'datelines in one newsroom zone across the other’s transitions (the suite’s TZ)',
  () => {
    // The Hebron dateline 2:30 am on the night Israel's clocks skip 02:00-03:00 is an ordinary
    // winter time in Hebron, and the reverse; the offset is zdump's, from the zone's own list.
    it.each([
      ['Asia/Hebron', 'Asia/Jerusalem'],
      ['Asia/Jerusalem', 'Asia/Hebron'],
    ])('reads %s datelines around every %s transition of 2000-2026', (zone, other) => {
      const own = zdumpTransitions(zone, 1999, 2028);
      const actual: string[] = [];
      const expected: string[] = [];
      for (const t of zdumpTransitions(other, 2000, 2027)) {
        const offset = zdumpOffsetAt(own, t.at);
        // Only where the zone itself does not change within a day of the instant.
        if (zdumpOffsetAt(own, t.at - 86_400_000) !== zdumpOffsetAt(own, t.at + 86_400_000)) {
          continue;
        }
        for (let wall = t.at + offset - 90 * MINUTE; wall <= t.at + offset + 90 * MINUTE;) {
          const dateline = formatDateline(wall);
          const result = parseDateline(dateline, zone);
          actual.push(`${dateline} => ${result.ok ? new Date(result.instant).toISOString() : '?'}`);
          expected.push(`${dateline} => ${new Date(wall - offset).toISOString()}`);
          wall += 5 * MINUTE;
        }
      }
      expect(actual.length).toBeGreaterThan(30 * 37); // 36 and 38 of 54 transitions
      expect(actual).toEqual(expected);
    });
  },
);

describe('a zone Intl does not know', () => {
  // Each must be an error, as Intl makes it, never a NaN or a UTC instant (date-fns-tz reads
  // '' and 'Z' as UTC, and its toZonedTime answers an unknown name with an Invalid Date).
  const WALL = { year: 2024, month: 4, day: 19, hour: 18, minute: 22 };

  it.each(['Mars/Olympus', 'Asia/Jerusalme', 'Jerusalem', '', 'Z'])(
    'is a RangeError, not an Invalid Date: %j',
    (zone) => {
      expect(isKnownTimeZone(zone)).toBe(false);
      expect(() => offsetAt(zone, Date.UTC(2024, 3, 19))).toThrow(RangeError);
      expect(() => wallTimeToInstant(WALL, zone)).toThrow(RangeError);
      expect(() => parseDateline('Fri 19 Apr 2024 6:22 pm - Jerusalem Time', zone)).toThrow(
        RangeError,
      );
    },
  );

  it('does not stop a known zone from working afterwards', () => {
    expect(() => offsetAt('Mars/Olympus', 0)).toThrow(RangeError);
    expect(wallTimeToInstant(WALL, 'Asia/Jerusalem')).toBe(Date.UTC(2024, 3, 19, 15, 22));
  });
});
