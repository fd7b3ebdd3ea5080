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

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * The zone's UTC offset (ms, east positive) in force at `instant` (ms since the
 * epoch): the zone's wall clock at that instant, read through Intl (the runtime's
 * tzdata), minus the instant. date-fns-tz's getTimezoneOffset is not used: it reads
 * its argument as a wall time, which is off by an hour for two hours after every
 * transition (found by test/time/transitions.test.ts).
 */
function offsetAt(zone: string, instant: number): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const { year = NaN, month = NaN, day = NaN, hour = NaN, minute = NaN, second = NaN } = fields;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  return wall - (instant - (((instant % 1000) + 1000) % 1000));
}

const dayOffsets = new Map<string, Map<number, number>>();

/**
 * offsetAt, remembering each zone's offset at every UTC midnight it looks at. When a
 * day starts and ends with the same offset, that offset holds all day: a change within it
 * would have to be undone within it, two changes in two days, which no zone does (the same
 * premise as Temporal's and wallTimeToInstant's). Only the days that hold a transition ask
 * Intl for the instant itself. Intl's formatToParts costs about 6 µs a call; a store of
 * 100k datelines asks for 300k offsets, over at most a few thousand distinct days.
 */
function cachedOffsetAt(zone: string, instant: number): number {
  const day = Math.floor(instant / DAY_MS);
  const start = offsetAtMidnight(zone, day);
  return start === offsetAtMidnight(zone, day + 1) ? start : offsetAt(zone, instant);
}

function offsetAtMidnight(zone: string, day: number): number {
  let days = dayOffsets.get(zone);
  if (!days) dayOffsets.set(zone, (days = new Map()));
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
 * offset twice within two days.
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
