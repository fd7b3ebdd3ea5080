import { wallTimeToInstant, type WallTime } from './zoned-time.ts';

export type DatelineResult =
  { ok: true; wall: WallTime; instant: number } | { ok: false; message: string };

export const DATELINE_EXAMPLE = 'Fri 19 Apr 2024 6:22 pm - Jerusalem Time';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const WEEKDAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
];
const MONTHS = [
  'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec',
] as const; // prettier-ignore

// <Weekday> <day> <Month> <year> <h>:<mm> <am|pm> - Jerusalem Time
// Any run of white space between words; the dash may be a hyphen, en dash or em dash.
const DATELINE =
  /^\s*([a-z]+)\s+(\d{1,2})\s+([a-z]+)\s+(\d{4})\s+(\d{1,2}):(\d{2})\s*([ap]m)\s*[-\u2013\u2014]\s*jerusalem\s+time\s*$/i;

function fail(message: string): DatelineResult {
  return { ok: false, message };
}

/**
 * Reads a dateline ("Fri 19 Apr 2024 6:22 pm - Jerusalem Time") as a wall time in
 * `zone` and returns its UTC instant. Every failure says what is wrong and how to
 * write it instead; nothing is guessed.
 */
export function parseDateline(text: string, zone: string): DatelineResult {
  const quoted = `'${text.trim()}'`;
  const match = DATELINE.exec(text);
  if (!match) {
    return fail(`dateline ${quoted} is not in the form '${DATELINE_EXAMPLE}'`);
  }
  const [, weekdayText = '', dayText = '', monthText = '', yearText = ''] = match;
  const [, , , , , hourText = '', minuteText = '', meridiem = ''] = match;

  const weekday = WEEKDAYS.indexOf(weekdayText.toLowerCase() as (typeof WEEKDAYS)[number]);
  if (weekday < 0) {
    return fail(
      `dateline ${quoted}: '${weekdayText}' is not a weekday; use Sun, Mon, Tue, Wed, Thu, Fri or Sat`,
    );
  }
  const monthIndex = MONTHS.indexOf(monthText.toLowerCase() as (typeof MONTHS)[number]);
  if (monthIndex < 0) {
    return fail(
      `dateline ${quoted}: '${monthText}' is not a month; use Jan, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Oct, Nov or Dec`,
    );
  }
  const year = Number(yearText);
  const month = monthIndex + 1;
  const day = Number(dayText);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (year < 1000 || day < 1 || day > daysInMonth) {
    return fail(
      `dateline ${quoted}: ${dayText} ${monthText} ${yearText} is not a date (that month has ${daysInMonth} days)`,
    );
  }
  const hour12 = Number(hourText);
  const minute = Number(minuteText);
  if (hour12 < 1 || hour12 > 12 || minute > 59) {
    return fail(
      `dateline ${quoted}: ${hourText}:${minuteText} is not a 12-hour clock time; use 1:00 to 12:59 with am or pm`,
    );
  }
  // 12:05 am is five past midnight; 12:05 pm is five past noon.
  const hour = (hour12 % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);

  const realWeekday = new Date(Date.UTC(year, monthIndex, day)).getUTCDay();
  if (realWeekday !== weekday) {
    return fail(
      `dateline ${quoted}: ${day} ${monthText} ${year} is a ${WEEKDAY_NAMES[realWeekday]}, not a ${WEEKDAY_NAMES[weekday]}; check the date and the weekday`,
    );
  }
  const wall: WallTime = { year, month, day, hour, minute };
  return { ok: true, wall, instant: wallTimeToInstant(wall, zone) };
}
