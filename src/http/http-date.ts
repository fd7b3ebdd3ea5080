/**
 * HTTP dates, RFC 9110 section 5.6.7: senders use IMF-fixdate; recipients must also
 * accept the obsolete RFC 850 and asctime forms.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// Sun, 06 Nov 1994 08:49:37 GMT
const IMF_FIXDATE = /^[A-Z][a-z]{2}, (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
// Sunday, 06-Nov-94 08:49:37 GMT
const RFC_850 = /^[A-Z][a-z]+, (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
// Sun Nov  6 08:49:37 1994
const ASCTIME = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/** IMF-fixdate of an instant, to the second. */
export function formatHttpDate(instant: number): string {
  return new Date(instant).toUTCString();
}

/** Milliseconds since the epoch, or undefined when `text` is not an HTTP date. */
export function parseHttpDate(text: string): number | undefined {
  const value = text.trim();
  let m = IMF_FIXDATE.exec(value);
  if (m) return build(m[3], m[2], m[1], m[4], m[5], m[6]);
  m = RFC_850.exec(value);
  if (m) {
    // RFC 9110: a two-digit year more than 50 years in the future is in the past century.
    const yy = Number(m[3]);
    const thisYear = new Date().getUTCFullYear();
    let year = Math.floor(thisYear / 100) * 100 + yy;
    if (year > thisYear + 50) year -= 100;
    return build(String(year), m[2], m[1], m[4], m[5], m[6]);
  }
  m = ASCTIME.exec(value);
  if (m) return build(m[6], m[1], m[2], m[3], m[4], m[5]);
  return undefined;
}

function build(...fields: (string | undefined)[]): number | undefined {
  const [year, monthName, day, hour, minute, second] = fields;
  const month = MONTHS.indexOf(monthName ?? '');
  const numbers = [year, day, hour, minute, second].map((f) => Number((f ?? '').trim()));
  const [y = NaN, d = NaN, h = NaN, mi = NaN, s = NaN] = numbers;
  if (month < 0 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const instant = Date.UTC(y, month, d, h, mi, Math.min(s, 59));
  return new Date(instant).getUTCDate() === d ? instant : undefined;
}
