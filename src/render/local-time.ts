/**
 * An instant as a reader of the newsroom's pages reads it: its wall time in `zone`, then UTC,
 * `Fri 19 Apr 2024, 6:22 pm Jerusalem time (15:22 UTC)`, with the UTC date when it is another
 * day. Read through Intl with the zone named, not date-fns-tz's formatInTimeZone, whose date
 * and time tokens pass through the process's own zone and come out an hour off for wall times
 * in that zone's summer-time gap (docs/performance.md, "Time zones (date-fns-tz)").
 */
export function localTime(instant: number, zone: string): string {
  const local = parts(instant, zone);
  const utc = parts(instant, 'UTC');
  const hour = (p: Record<string, string>) => `${p.hour}:${p.minute}`;
  const sameDay = local.day === utc.day && local.month === utc.month && local.year === utc.year;
  const utcHour = `${utc.hour24}:${utc.minute} UTC`;
  return (
    `${local.weekday} ${local.day} ${local.month} ${local.year}, ${hour(local)} ${local.dayPeriod} ` +
    `${zoneName(zone)} time (${sameDay ? utcHour : `${utcHour}, ${utc.weekday} ${utc.day} ${utc.month}`})`
  );
}

function parts(instant: number, zone: string): Record<string, string> {
  const out = read(instant, 'en-GB', zone, {
    weekday: 'short',
    month: 'short',
    hour: 'numeric',
    hour12: true,
  });
  out.dayPeriod = (out.dayPeriod ?? '').toLowerCase();
  // The 24-hour clock of the same reading, for the UTC part.
  const h = Number(out.hour) % 12;
  out.hour24 = String(out.dayPeriod === 'pm' ? h + 12 : h).padStart(2, '0');
  if (out.hour === '0') out.hour = '12'; // some ICU versions write midnight as 0 in en-GB
  return out;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** An instant's date and time fields in `zone` and `locale`, by a formatter kept per use. */
function read(
  instant: number,
  locale: string,
  zone: string,
  options: Intl.DateTimeFormatOptions,
): Record<string, string> {
  const key = `${locale} ${zone} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    const fields = { day: 'numeric', year: 'numeric', minute: '2-digit' } as const;
    format = new Intl.DateTimeFormat(locale, { timeZone: zone, ...fields, ...options });
    formats.set(key, format);
  }
  const out: Record<string, string> = {};
  for (const part of format.formatToParts(instant)) out[part.type] = part.value;
  return out;
}

const ARABIC_CITIES: Record<string, string> = {
  'Asia/Jerusalem': 'القدس',
  'Asia/Hebron': 'الخليل',
  'Asia/Gaza': 'غزة',
};

/**
 * The same for an Arabic page, in Arabic with Arabic-Indic digits, as Arabic dispatches write
 * their datelines: `الجمعة ١٩ أبريل ٢٠٢٤، ٦:٢٢ م بتوقيت القدس (١٥:٢٢ UTC)`.
 */
export function arabicLocalTime(instant: number, zone: string): string {
  const local = arabicParts(instant, zone, true);
  const utc = arabicParts(instant, 'UTC', false);
  const sameDay = local.day === utc.day && local.month === utc.month;
  const city = ARABIC_CITIES[zone] ?? zoneName(zone);
  const utcPart = `${utc.hour}:${utc.minute} UTC${sameDay ? '' : `، ${utc.weekday} ${utc.day} ${utc.month}`}`;
  return (
    `${local.weekday} ${local.day} ${local.month} ${local.year}، ${local.hour}:${local.minute} ` +
    `${local.dayPeriod} بتوقيت ${city} (${utcPart})`
  );
}

function arabicParts(instant: number, zone: string, twelve: boolean): Record<string, string> {
  return read(instant, 'ar-u-nu-arab', zone, {
    weekday: 'long',
    month: 'long',
    hour: twelve ? 'numeric' : '2-digit',
    ...(twelve ? { hour12: true } : { hourCycle: 'h23' as const }),
  });
}

/** `Asia/Jerusalem` -> `Jerusalem`, `America/New_York` -> `New York`. */
function zoneName(zone: string): string {
  return (zone.split('/').pop() ?? zone).replaceAll('_', ' ');
}
