// The time-zone primitive of src/time: the UTC offset an IANA zone has in force at an instant,
// read through Intl (ECMA-402), that is the runtime's own tzdata. Internal to src/time
// (zoned-time.ts builds its policy on it); the tests hold it to zdump's listing of every
// transition, under several process zones and in workerd.
//
// Why not date-fns-tz (3.2.0, in package.json): its one reading of an instant that does not go
// through the process's own zone is the offset token (`xxx`) of format/formatInTimeZone, and
// that reading comes with costs and no gain in correctness:
// - getTimezoneOffset(zone, date) reads the date's local fields as a wall time in `zone`: an
//   hour off for the two hours after each Israeli transition under TZ=UTC or Asia/Jerusalem.
// - toZonedTime, and the date and time tokens of formatInTimeZone, write the zone's wall time
//   into the local fields of a Date; ECMA-262's local time cannot hold a wall time that falls
//   in a gap of the process's zone (LocalTime and UTC, sec. 21.4.1.25-26), so under
//   TZ=Asia/Jerusalem the Asia/Hebron wall time 02:30 of 29 Mar 2024 reads back as 03:30.
// - `xxx` has no seconds (ISO 8601's ±hh:mm) and truncates local mean time: Asia/Jerusalem's
//   +02:20:54 until 1880 shows as +02:20. It takes '' and 'Z' for UTC, and toZonedTime answers
//   a zone it does not know with an Invalid Date, not an error.
// - formatInTimeZone loads all of date-fns (its tzIntlTimeZoneName imports getDefaultOptions
//   from the package's index) and costs two Intl readings and a date-fns format a call. Side
//   by side with this file, the first start, the restart and the Worker's start were slower
//   (docs/performance.md, "Time zones (date-fns-tz)").

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    // Throws a RangeError for a zone this runtime's Intl does not know.
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
 * The UTC offset (ms, east positive) `zone` has in force at `instant` (ms since the epoch),
 * whatever the process's own zone: the zone's wall clock at that instant, read through Intl
 * to the second (local mean time has seconds in its offset), minus the instant. A zone Intl
 * does not know throws a RangeError.
 */
export function offsetAt(zone: string, instant: number): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const { year = NaN, month = NaN, day = NaN, hour = NaN, minute = NaN, second = NaN } = fields;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  return wall - (instant - (((instant % 1000) + 1000) % 1000));
}
