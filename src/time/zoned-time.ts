import { offsetAt } from './zone-offset.ts';

/** A wall-clock reading with no zone attached: what a dateline says. */
export interface WallTime {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  /** 0-23 */
  hour: number;
  minute: number;
}

const DAY_MS = 86_400_000;

/** True when `zone` is an IANA zone name this runtime's Intl knows. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// The offset in force at an instant comes from Intl (offsetAt, zone-offset.ts, which says why
// not from date-fns-tz). This file keeps the project's policy for the wall times a transition
// skips or repeats, and remembers offsets by day.
const dayOffsets = new Map<string, Map<number, number>>();

/**
 * offsetAt, remembering each zone's offset at every UTC midnight it looks at. When a
 * day starts and ends with the same offset, that offset holds all day: a change within it
 * would have to be undone within it, two changes in two days, which no zone does (the same
 * premise as Temporal's and wallTimeToInstant's). Only the days that hold a transition ask
 * Intl for the instant itself. Each dateline asks for three or four offsets, and a store's
 * datelines fall on far fewer days than it has datelines.
 */
function cachedOffsetAt(zone: string, instant: number): number {
  const day = Math.floor(instant / DAY_MS);
  const start = offsetAtMidnight(zone, day);
  return start === offsetAtMidnight(zone, day + 1) ? start : offsetAt(zone, instant);
}

function offsetAtMidnight(zone: string, day: number): number {
  let days = dayOffsets.get(zone);
  if (!days) dayOffsets.set(zone, (days = new Map<number, number>()));
  let offset = days.get(day);
  if (offset === undefined) {
    offset = offsetAt(zone, day * DAY_MS);
    if (days.size > 100_000) days.clear(); // about 270 years of days: never in practice
    days.set(day, offset);
  }
  return offset;
}

/**
 * The UTC instant (ms since the epoch) of a wall-clock time in an IANA zone.
 *
 * Wall times that do not exist or exist twice are resolved by the "compatible"
 * disambiguation of RFC 5545 section 3.3.5 and TC39 Temporal
 * (GetPossibleEpochNanoseconds + DisambiguatePossibleEpochNanoseconds):
 * - in a spring-forward gap the offset in force before the jump applies, so
 *   02:30 on a 02:00 -> 03:00 night is read as 03:30 summer time;
 * - in a fall-back overlap the earlier (summer-time) occurrence is meant.
 *
 * date-fns-tz's fromZonedTime resolves both the other way. The two candidate
 * offsets are those a day either side, as Temporal does: zones never change
 * offset twice within two days. A zone Intl does not know throws a RangeError.
 */
export function wallTimeToInstant(wall: WallTime, zone: string): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const before = cachedOffsetAt(zone, asUtc - DAY_MS);
  const after = cachedOffsetAt(zone, asUtc + DAY_MS);
  const candidates = (before === after ? [before] : [before, after])
    .map((offset) => asUtc - offset)
    .filter((instant) => cachedOffsetAt(zone, instant) === asUtc - instant);
  if (candidates.length === 0) return asUtc - before; // the gap: read with the earlier offset
  return Math.min(...candidates); // the overlap: the first occurrence
}
