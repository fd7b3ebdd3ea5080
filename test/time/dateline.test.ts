// Hand-worked cases for parseDateline. Offsets: Israel and Palestine are +02:00 in winter
// and +03:00 in summer; the instant is the wall time minus the offset in force.
import { describe, expect, it } from 'vitest';
import { couldBeDateline, parseDateline } from '../../src/time/dateline.ts';

const JERUSALEM = 'Asia/Jerusalem';
const HEBRON = 'Asia/Hebron';

/** The instant parseDateline reads, as an ISO string; fails the test on a rejection. */
function instantOf(text: string, zone: string = JERUSALEM): string {
  const result = parseDateline(text, zone);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse: ${result.message}`);
  return new Date(result.instant).toISOString();
}

/** The rejection message; fails the test if the dateline is accepted. */
function messageOf(text: string): string {
  const result = parseDateline(text, JERUSALEM);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
  return result.message;
}

describe('parseDateline', () => {
  it('reads the example dateline as Israel summer time in Asia/Jerusalem', () => {
    // Summer time began Fri 29 Mar 2024: 18:22 +03:00 = 15:22Z.
    const result = parseDateline('Fri 19 Apr 2024 6:22 pm - Jerusalem Time', JERUSALEM);
    expect(result).toEqual({
      ok: true,
      wall: { year: 2024, month: 4, day: 19, hour: 18, minute: 22 },
      instant: Date.UTC(2024, 3, 19, 15, 22),
    });
  });

  it('reads the example dateline as winter time in Asia/Hebron, where summer began a day later', () => {
    // Palestine moved its clocks on Sat 20 Apr 2024: 18:22 +02:00 = 16:22Z.
    expect(instantOf('Fri 19 Apr 2024 6:22 pm - Jerusalem Time', HEBRON)).toBe(
      '2024-04-19T16:22:00.000Z',
    );
  });

  describe('on the 12-hour clock (winter, +02:00)', () => {
    it('reads 12:05 am as five past midnight', () => {
      // 00:05 +02:00 on 15 Jan = 22:05Z on 14 Jan.
      expect(instantOf('Mon 15 Jan 2024 12:05 am - Jerusalem Time')).toBe(
        '2024-01-14T22:05:00.000Z',
      );
      expect(parseDateline('Mon 15 Jan 2024 12:05 am - Jerusalem Time', JERUSALEM)).toMatchObject({
        wall: { year: 2024, month: 1, day: 15, hour: 0, minute: 5 },
      });
    });

    it('reads 12:05 pm as five past noon', () => {
      // 12:05 +02:00 = 10:05Z.
      expect(instantOf('Mon 15 Jan 2024 12:05 pm - Jerusalem Time')).toBe(
        '2024-01-15T10:05:00.000Z',
      );
    });

    it('reads 12:00 am as midnight at the start of the day and 12:00 pm as noon', () => {
      expect(instantOf('Mon 15 Jan 2024 12:00 am - Jerusalem Time')).toBe(
        '2024-01-14T22:00:00.000Z',
      );
      expect(instantOf('Mon 15 Jan 2024 12:00 pm - Jerusalem Time')).toBe(
        '2024-01-15T10:00:00.000Z',
      );
    });

    it('reads the hours either side of midnight and noon', () => {
      expect(instantOf('Mon 15 Jan 2024 1:00 am - Jerusalem Time')).toBe(
        '2024-01-14T23:00:00.000Z',
      );
      expect(instantOf('Mon 15 Jan 2024 11:59 am - Jerusalem Time')).toBe(
        '2024-01-15T09:59:00.000Z',
      );
      expect(instantOf('Mon 15 Jan 2024 1:00 pm - Jerusalem Time')).toBe(
        '2024-01-15T11:00:00.000Z',
      );
      expect(instantOf('Mon 15 Jan 2024 11:59 pm - Jerusalem Time')).toBe(
        '2024-01-15T21:59:00.000Z',
      );
    });
  });

  it('ignores the case of names, am/pm and the suffix', () => {
    expect(instantOf('fri 19 APR 2024 6:22 PM - jerusalem time')).toBe('2024-04-19T15:22:00.000Z');
  });

  it('accepts any run of spaces and tabs between words', () => {
    expect(instantOf('  Fri   19\tApr \t 2024  6:22\t pm   -  Jerusalem \t Time  ')).toBe(
      '2024-04-19T15:22:00.000Z',
    );
  });

  it('accepts 29 Feb in a leap year', () => {
    // 09:15 +02:00 = 07:15Z.
    expect(instantOf('Thu 29 Feb 2024 9:15 am - Jerusalem Time')).toBe('2024-02-29T07:15:00.000Z');
  });

  describe('rejects, quoting the dateline and saying what is wrong,', () => {
    it('a weekday that does not match the date', () => {
      const text = 'Thu 19 Apr 2024 6:22 pm - Jerusalem Time';
      const message = messageOf(text);
      expect(message).toContain(`'${text}'`);
      expect(message).toMatch(/Friday/);
      expect(message).toMatch(/Thursday/);
    });

    it.each([
      ['Wed 31 Apr 2024 6:22 pm - Jerusalem Time', '31 Apr 2024', '30 days'],
      ['Wed 29 Feb 2023 6:22 pm - Jerusalem Time', '29 Feb 2023', '28 days'],
      ['Mon 0 Apr 2024 6:22 pm - Jerusalem Time', '0 Apr 2024', '30 days'],
    ])('an impossible date: %s', (text, date, length) => {
      const message = messageOf(text);
      expect(message).toContain(`'${text}'`);
      expect(message).toContain(`${date} is not a date`);
      expect(message).toContain(length);
    });

    it.each([
      ['Fri 19 Apr 2024 0:22 pm - Jerusalem Time', '0:22'],
      ['Fri 19 Apr 2024 13:22 pm - Jerusalem Time', '13:22'],
      ['Fri 19 Apr 2024 6:60 pm - Jerusalem Time', '6:60'],
    ])('a time that is not on the 12-hour clock: %s', (text, clock) => {
      const message = messageOf(text);
      expect(message).toContain(`'${text}'`);
      expect(message).toContain(`${clock} is not a 12-hour clock time`);
    });

    it('an unknown month name', () => {
      const text = 'Fri 19 Apl 2024 6:22 pm - Jerusalem Time';
      const message = messageOf(text);
      expect(message).toContain(`'${text}'`);
      expect(message).toContain(`'Apl' is not a month`);
    });

    it('an unknown weekday name', () => {
      const text = 'Fry 19 Apr 2024 6:22 pm - Jerusalem Time';
      const message = messageOf(text);
      expect(message).toContain(`'${text}'`);
      expect(message).toContain(`'Fry' is not a weekday`);
    });

    it('a dateline without the "- Jerusalem Time" suffix', () => {
      const text = 'Fri 19 Apr 2024 6:22 pm';
      const message = messageOf(text);
      expect(message).toContain(`'${text}'`);
      expect(message).toContain('is not in the form');
      expect(message).toContain('Jerusalem Time');
    });

    it('an empty string', () => {
      const message = messageOf('');
      expect(message).toContain(`dateline ''`);
      expect(message).toContain('is not in the form');
    });
  });

  // Israel: Fri 29 Mar 2024 02:00 +02:00 -> 03:00 +03:00 (at 00:00Z), and
  //         Sun 27 Oct 2024 02:00 +03:00 -> 01:00 +02:00 (at 26 Oct 23:00Z).
  // Palestine: Sat 20 Apr 2024 02:00 -> 03:00 (at 00:00Z), Sat 26 Oct 2024 02:00 -> 01:00.
  describe('around daylight-saving transitions', () => {
    it('reads a wall time inside the spring-forward gap with the offset before the jump', () => {
      // 02:30 does not exist; with +02:00 it is 02:30 - 2h = 00:30Z (= 03:30 summer time).
      expect(instantOf('Fri 29 Mar 2024 2:30 am - Jerusalem Time')).toBe(
        '2024-03-29T00:30:00.000Z',
      );
    });

    it('reads the first summer-time minutes after the gap with the summer offset', () => {
      // 03:00 +03:00 = 00:00Z; 03:30 +03:00 = 00:30Z, the same instant as 02:30 above.
      expect(instantOf('Fri 29 Mar 2024 3:00 am - Jerusalem Time')).toBe(
        '2024-03-29T00:00:00.000Z',
      );
      expect(instantOf('Fri 29 Mar 2024 3:30 am - Jerusalem Time')).toBe(
        '2024-03-29T00:30:00.000Z',
      );
      // 04:30 +03:00 = 01:30Z.
      expect(instantOf('Fri 29 Mar 2024 4:30 am - Jerusalem Time')).toBe(
        '2024-03-29T01:30:00.000Z',
      );
    });

    it('reads the minute before the gap with the winter offset', () => {
      // 01:59 +02:00 = 23:59Z on 28 Mar; 02:00 (first missing minute) +02:00 = 00:00Z.
      expect(instantOf('Fri 29 Mar 2024 1:59 am - Jerusalem Time')).toBe(
        '2024-03-28T23:59:00.000Z',
      );
      expect(instantOf('Fri 29 Mar 2024 2:00 am - Jerusalem Time')).toBe(
        '2024-03-29T00:00:00.000Z',
      );
    });

    it('reads a wall time that occurs twice at fall-back as its first (summer-time) occurrence', () => {
      // 01:30 happens at 01:30 +03:00 = 22:30Z and again at 01:30 +02:00 = 23:30Z; first wins.
      expect(instantOf('Sun 27 Oct 2024 1:30 am - Jerusalem Time')).toBe(
        '2024-10-26T22:30:00.000Z',
      );
      // 01:00 +03:00 = 22:00Z; 01:59 +03:00 = 22:59Z.
      expect(instantOf('Sun 27 Oct 2024 1:00 am - Jerusalem Time')).toBe(
        '2024-10-26T22:00:00.000Z',
      );
      expect(instantOf('Sun 27 Oct 2024 1:59 am - Jerusalem Time')).toBe(
        '2024-10-26T22:59:00.000Z',
      );
    });

    it('reads wall times after the repeated hour with the winter offset', () => {
      // 02:00 +02:00 = 00:00Z on 27 Oct; 02:30 +02:00 = 00:30Z; 03:30 +02:00 = 01:30Z.
      expect(instantOf('Sun 27 Oct 2024 2:00 am - Jerusalem Time')).toBe(
        '2024-10-27T00:00:00.000Z',
      );
      expect(instantOf('Sun 27 Oct 2024 2:30 am - Jerusalem Time')).toBe(
        '2024-10-27T00:30:00.000Z',
      );
      expect(instantOf('Sun 27 Oct 2024 3:30 am - Jerusalem Time')).toBe(
        '2024-10-27T01:30:00.000Z',
      );
    });

    it('reads wall times before the repeated hour with the summer offset', () => {
      // 12:30 am +03:00 = 21:30Z on 26 Oct.
      expect(instantOf('Sun 27 Oct 2024 12:30 am - Jerusalem Time')).toBe(
        '2024-10-26T21:30:00.000Z',
      );
    });

    it('applies the same policy on Palestinian transition dates in Asia/Hebron', () => {
      // Gap: 02:30 +02:00 = 00:30Z; after it 03:30 +03:00 = 00:30Z.
      expect(instantOf('Sat 20 Apr 2024 2:30 am - Jerusalem Time', HEBRON)).toBe(
        '2024-04-20T00:30:00.000Z',
      );
      expect(instantOf('Sat 20 Apr 2024 3:30 am - Jerusalem Time', HEBRON)).toBe(
        '2024-04-20T00:30:00.000Z',
      );
      // Overlap: first 01:30 is +03:00 = 22:30Z on 25 Oct; 02:30 +02:00 = 00:30Z.
      expect(instantOf('Sat 26 Oct 2024 1:30 am - Jerusalem Time', HEBRON)).toBe(
        '2024-10-25T22:30:00.000Z',
      );
      expect(instantOf('Sat 26 Oct 2024 2:30 am - Jerusalem Time', HEBRON)).toBe(
        '2024-10-26T00:30:00.000Z',
      );
    });
  });
});

describe('couldBeDateline', () => {
  it('is true of every form of dateline the reader accepts, Western or Arabic-Indic digits', () => {
    for (const text of [
      'Fri 19 Apr 2024 6:22 pm - Jerusalem Time',
      'الجمعة 19 نيسان 2024 6:22 مساءً - توقيت القدس',
      'الجمعة ١٩ أبريل ٢٠٢٤ ٦:٢٢ م - بتوقيت القدس',
      // Extended Arabic-Indic digits (Persian and Urdu keyboards).
      'الجمعة ۱۹ أبريل ۲۰۲۴ ۶:۲۲ م - بتوقيت القدس',
    ]) {
      expect(parseDateline(text, JERUSALEM).ok, text).toBe(true);
      expect(couldBeDateline(text), text).toBe(true);
    }
  });

  it('is false only of text the reader would reject anyway', () => {
    // Datelines with their digits spelled out or gone: no digit, and no dateline either.
    for (const text of [
      'PALESTINE',
      'ARAB AND WORLD',
      'فلسطين',
      'Fri nineteen Apr twenty-four six pm - Jerusalem Time',
      'الجمعة نيسان مساءً - توقيت القدس',
      '',
    ]) {
      expect(couldBeDateline(text), text).toBe(false);
      expect(parseDateline(text, JERUSALEM).ok, text).toBe(false);
    }
  });
});
