import type { ReadResult } from './dateline.ts';

/**
 * Arabic datelines, as the newsroom's Arabic desk writes them:
 *
 *     الجمعة 19 نيسان 2024 6:22 مساءً - توقيت القدس
 *     الجمعة ١٩ أبريل ٢٠٢٤ ٦:٢٢ م - بتوقيت القدس
 *
 * Month names in the Levantine (كانون الثاني …) and Egyptian (يناير …) series,
 * Western or Arabic-Indic digits, the Arabic comma and the colon variants keyboards
 * produce. Tatweel, harakat and the direction and zero-width marks editors leave in
 * are ignored, and alef forms (أ إ آ ا) are read alike, so الإثنين is الاثنين.
 */

// Harakat (U+064B-U+065F, U+0670), tatweel, ALM, LRM/RLM, zero-width, embeddings, isolates, BOM:
// each code point on its own (the marks come first, so that none follows a base letter in the class).
const INVISIBLE = /[\u064B-\u065F\u0670\u0640\u061C\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

function normalize(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .replace(/[\u0623\u0625\u0622\u0671]/g, '\u0627') // أ إ آ ٱ -> ا
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u060C,]/g, ' ') // Arabic and Latin commas separate like spaces
    .replace(/[\uFF1A\u066B\uFE55]/g, ':') // fullwidth colon, Arabic decimal separator, small colon
    .replace(/\s+/g, ' ')
    .trim();
}

const WEEKDAYS = ['الاحد', 'الاثنين', 'الثلاثاء', 'الاربعاء', 'الخميس', 'الجمعة', 'السبت'];

const MONTHS: Record<string, number> = {
  'كانون الثاني': 1, يناير: 1,
  شباط: 2, فبراير: 2,
  اذار: 3, مارس: 3,
  نيسان: 4, ابريل: 4,
  ايار: 5, مايو: 5,
  حزيران: 6, يونيو: 6, يونيه: 6,
  تموز: 7, يوليو: 7, يوليه: 7,
  اب: 8, اغسطس: 8,
  ايلول: 9, سبتمبر: 9,
  'تشرين الاول': 10, اكتوبر: 10,
  'تشرين الثاني': 11, نوفمبر: 11,
  'كانون الاول': 12, ديسمبر: 12,
}; // prettier-ignore

const MORNING = new Set(['ص', 'صباحا']);
const EVENING = new Set(['م', 'مساء']);

// weekday, day, month (one or two words), year, h:mm, period, [dash] [ب]توقيت القدس
const FORM =
  /^(\S+) (\d{1,2}) (\S+(?: \S+)?) (\d{4}) (\d{1,2}):(\d{2}) ?(\S+) ?[-\u2013\u2014]? ?ب?توقيت القدس$/;

export const ARABIC_EXAMPLE = 'الجمعة 19 نيسان 2024 6:22 مساءً - توقيت القدس';

export function readArabicDateline(text: string): ReadResult {
  const match = FORM.exec(normalize(text));
  if (!match) return { ok: false, message: ` is not in the form '${ARABIC_EXAMPLE}'` };
  const [
    ,
    weekdayText = '',
    day = '',
    monthText = '',
    year = '',
    hour = '',
    minute = '',
    period = '',
  ] = match;
  const weekday = WEEKDAYS.indexOf(weekdayText);
  if (weekday < 0) {
    return { ok: false, message: `: '${weekdayText}' is not an Arabic weekday name, like الجمعة` };
  }
  const month = MONTHS[monthText];
  if (month === undefined) {
    return {
      ok: false,
      message: `: '${monthText}' is not an Arabic month name, like نيسان or أبريل`,
    };
  }
  const pm = EVENING.has(period);
  if (!pm && !MORNING.has(period)) {
    return { ok: false, message: `: '${period}' is neither ص/صباحاً (am) nor م/مساءً (pm)` };
  }
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
