// The dates feeds carry, formatted from a UTC instant (ms since the epoch) by arithmetic.
// `Date.prototype.toISOString` and `toUTCString` give the same text and are the reference the
// tests compare with; these are several times as fast (docs/performance.md), which matters
// because every Atom entry carries two and a page has fifty entries.

/** 10000-01-01T00:00:00Z: from here on (and before 1970) the Date methods format instead. */
const END_OF_FOUR_DIGIT_YEARS = 253_402_300_800_000;
const DAY_MS = 86_400_000;
const WEEKDAYS = ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed']; // 1970-01-01 was a Thursday
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface UtcFields {
  year: number;
  /** 1 to 12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** Days since 1970-01-01. */
  days: number;
}

/**
 * The proleptic Gregorian date and time of an instant in 1970 to 9999, by Howard Hinnant's
 * `civil_from_days` (chrono-Compatible Low-Level Date Algorithms): days are counted from
 * 0000-03-01 in 400-year eras, so that the leap day ends each counted year.
 */
function utcFields(instant: number): UtcFields | undefined {
  if (!(instant >= 0 && instant < END_OF_FOUR_DIGIT_YEARS) || !Number.isInteger(instant)) {
    return undefined;
  }
  const days = Math.floor(instant / DAY_MS);
  const msOfDay = instant - days * DAY_MS;
  const secondOfDay = Math.floor(msOfDay / 1000);
  const shifted = days + 719_468; // days from 0000-03-01 to 1970-01-01
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return {
    year: era * 400 + yearOfEra + (month <= 2 ? 1 : 0),
    month,
    day: dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1,
    hour: Math.floor(secondOfDay / 3600),
    minute: Math.floor(secondOfDay / 60) % 60,
    second: secondOfDay % 60,
    ms: msOfDay - secondOfDay * 1000,
    days,
  };
}

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const four = (n: number) => (n < 1000 ? String(n).padStart(4, '0') : `${n}`);

/**
 * RFC 3339 date-time in UTC, as Atom (RFC 4287 section 3.3) and JSON Feed want:
 * `2024-04-19T15:22:00Z`, with milliseconds only when there are some (`.520Z`).
 */
export function rfc3339(instant: number): string {
  const f = utcFields(instant);
  if (!f) {
    const iso = new Date(instant).toISOString();
    return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
  }
  const ms = f.ms === 0 ? '' : `.${String(f.ms).padStart(3, '0')}`;
  return `${four(f.year)}-${two(f.month)}-${two(f.day)}T${two(f.hour)}:${two(f.minute)}:${two(f.second)}${ms}Z`;
}

/**
 * RFC 822 date-time as RSS 2.0 wants it, in GMT with a four-digit year (RFC 1123 section
 * 5.2.14): `Fri, 19 Apr 2024 15:22:00 GMT`, what `toUTCString` gives.
 */
export function rfc822(instant: number): string {
  const f = utcFields(instant);
  if (!f) return new Date(instant).toUTCString();
  return `${WEEKDAYS[f.days % 7]}, ${two(f.day)} ${MONTHS[f.month - 1]} ${four(f.year)} ${two(f.hour)}:${two(f.minute)}:${two(f.second)} GMT`;
}
