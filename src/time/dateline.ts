import { readArabicDateline } from './arabic-dateline.ts';
import { wallTimeToInstant, type WallTime } from './zoned-time.ts';

export type DatelineResult =
  { ok: true; wall: WallTime; instant: number } | { ok: false; message: string };

export const DATELINE_EXAMPLE = 'Fri 19 Apr 2024 6:22 pm - Jerusalem Time';

/** A dateline's parts as written, before any check: what each grammar reads. */
export interface DatelineParts {
  /** 0 = Sunday. */
  weekday: number;
  day: number;
  /** 1-12 */
  month: number;
  year: number;
  hour12: number;
  minute: number;
  pm: boolean;
}

export type ReadResult = { ok: true; parts: DatelineParts } | { ok: false; message: string };

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const WEEKDAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

// <Weekday> <day> <Month> <year> <h>:<mm> <am|pm> - Jerusalem Time
// Any run of white space between words; the dash may be a hyphen, en dash or em dash.
const DATELINE =
  /^\s*([a-z]+)\s+(\d{1,2})\s+([a-z]+)\s+(\d{4})\s+(\d{1,2}):(\d{2})\s*([ap]m)\s*[-\u2013\u2014]\s*jerusalem\s+time\s*$/i;

/**
 * Reads a dateline, English ("Fri 19 Apr 2024 6:22 pm - Jerusalem Time") or Arabic
 * ("الجمعة 19 نيسان 2024 6:22 مساءً - توقيت القدس"), as a wall time in `zone` and
 * returns its UTC instant. Every failure says, in English, what is wrong and how to
 * write it instead, quoting the dateline; nothing is guessed.
 */
export function parseDateline(text: string, zone: string): DatelineResult {
  const quoted = `'${text.trim()}'`;
  const read = /\p{Script=Arabic}/u.test(text)
    ? readArabicDateline(text)
    : readEnglishDateline(text);
  if (!read.ok) return { ok: false, message: `dateline ${quoted}${read.message}` };
  const { weekday, day, month, year, hour12, minute, pm } = read.parts;

  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const date = `${day} ${MONTH_NAMES[month - 1]} ${year}`;
  if (year < 1000 || day < 1 || day > daysInMonth) {
    return failed(quoted, `${date} is not a date (that month has ${daysInMonth} days)`);
  }
  if (hour12 < 1 || hour12 > 12 || minute > 59) {
    const time = `${hour12}:${String(minute).padStart(2, '0')}`;
    return failed(quoted, `${time} is not a 12-hour clock time; use 1:00 to 12:59 with am or pm`);
  }
  const realWeekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  if (realWeekday !== weekday) {
    return failed(
      quoted,
      `${date} is a ${WEEKDAY_NAMES[realWeekday]}, not a ${WEEKDAY_NAMES[weekday]}; check the date and the weekday`,
    );
  }
  // 12:05 am is five past midnight; 12:05 pm is five past noon.
  const wall: WallTime = { year, month, day, hour: (hour12 % 12) + (pm ? 12 : 0), minute };
  return { ok: true, wall, instant: wallTimeToInstant(wall, zone) };
}

function failed(quoted: string, message: string): DatelineResult {
  return { ok: false, message: `dateline ${quoted}: ${message}` };
}

/**
 * False when `text` cannot be a dateline, since it holds no digit: both forms write the day,
 * the year and the time in digits, Western or Arabic-Indic. A quick test for a line that is
 * almost never one (a dispatch's section line), with no message made.
 */
export function couldBeDateline(text: string): boolean {
  return /[0-9\u0660-\u0669\u06F0-\u06F9]/.test(text);
}

function readEnglishDateline(text: string): ReadResult {
  const match = DATELINE.exec(text);
  if (!match) return { ok: false, message: ` is not in the form '${DATELINE_EXAMPLE}'` };
  const [
    ,
    weekdayText = '',
    day = '',
    monthText = '',
    year = '',
    hour = '',
    minute = '',
    meridiem = '',
  ] = match;
  const weekday = WEEKDAYS.indexOf(weekdayText.toLowerCase());
  if (weekday < 0) {
    return {
      ok: false,
      message: `: '${weekdayText}' is not a weekday; use Sun, Mon, Tue, Wed, Thu, Fri or Sat`,
    };
  }
  const month = MONTHS.indexOf(monthText.toLowerCase()) + 1;
  if (month === 0) {
    return {
      ok: false,
      message: `: '${monthText}' is not a month; use Jan, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Oct, Nov or Dec`,
    };
  }
  const pm = meridiem.toLowerCase() === 'pm';
  const parts = {
    weekday,
    day: Number(day),
    month,
    year: Number(year),
    hour12: Number(hour),
    minute: Number(minute),
    pm,
  };
  return { ok: true, parts };
}
