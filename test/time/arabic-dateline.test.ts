import { describe, expect, it } from 'vitest';
import { parseDateline } from '../../src/time/dateline.ts';

const ZONE = 'Asia/Jerusalem';
const instant = (text: string) => {
  const result = parseDateline(text, ZONE);
  if (!result.ok) throw new Error(result.message);
  return new Date(result.instant).toISOString();
};
const message = (text: string) => {
  const result = parseDateline(text, ZONE);
  if (result.ok) throw new Error(`accepted ${text}`);
  return result.message;
};

describe('Arabic datelines', () => {
  it('read both forms of the seed time as 2024-04-19T15:22:00Z (18:22 at +03:00)', () => {
    expect(instant('الجمعة 19 نيسان 2024 6:22 مساءً - توقيت القدس')).toBe(
      '2024-04-19T15:22:00.000Z',
    );
    expect(instant('الجمعة ١٩ أبريل ٢٠٢٤ ٦:٢٢ م - بتوقيت القدس')).toBe('2024-04-19T15:22:00.000Z');
  });

  it('ignore tatweel, harakat, direction and zero-width marks, and read Arabic commas and colons', () => {
    for (const text of [
      '\u200Fالجمعـــة\u200F، 19 نيسان 2024، 6:22 مساءً – بتوقيت القدس',
      '\u2067الجمعة ١٩ إبريل ٢٠٢٤ ٦٫٢٢ مساء - توقيت القدس\u2069',
      'الجمعة\u200B 19 أبريل 2024 6\uFF1A22 م -بتوقيت القدس',
      '  الجمعة   19   نيسان   2024   6:22   م   -   توقيت   القدس  ',
    ]) {
      expect(instant(text), text).toBe('2024-04-19T15:22:00.000Z');
    }
  });

  // Each month in both series on the 15th of 2024 at 10:00 am; the weekday and the offset
  // worked by hand: Israel's summer time ran 29 Mar to 27 Oct 2024.
  it.each([
    ['الاثنين 15 كانون الثاني 2024', 'الاثنين 15 يناير 2024', '2024-01-15T08:00:00.000Z'],
    ['الخميس 15 شباط 2024', 'الخميس 15 فبراير 2024', '2024-02-15T08:00:00.000Z'],
    ['الجمعة 15 آذار 2024', 'الجمعة 15 مارس 2024', '2024-03-15T08:00:00.000Z'],
    ['الاثنين 15 نيسان 2024', 'الإثنين 15 إبريل 2024', '2024-04-15T07:00:00.000Z'],
    ['الأربعاء 15 أيار 2024', 'الأربعاء 15 مايو 2024', '2024-05-15T07:00:00.000Z'],
    ['السبت 15 حزيران 2024', 'السبت 15 يونيه 2024', '2024-06-15T07:00:00.000Z'],
    ['الاثنين 15 تموز 2024', 'الاثنين 15 يوليه 2024', '2024-07-15T07:00:00.000Z'],
    ['الخميس 15 آب 2024', 'الخميس 15 أغسطس 2024', '2024-08-15T07:00:00.000Z'],
    ['الأحد 15 أيلول 2024', 'الأحد 15 سبتمبر 2024', '2024-09-15T07:00:00.000Z'],
    ['الثلاثاء 15 تشرين الأول 2024', 'الثلاثاء 15 أكتوبر 2024', '2024-10-15T07:00:00.000Z'],
    ['الجمعة 15 تشرين الثاني 2024', 'الجمعة 15 نوفمبر 2024', '2024-11-15T08:00:00.000Z'],
    ['الأحد 15 كانون الأول 2024', 'الأحد 15 ديسمبر 2024', '2024-12-15T08:00:00.000Z'],
  ])('reads %s and %s alike', (levantine, egyptian, expected) => {
    expect(instant(`${levantine} 10:00 صباحاً - توقيت القدس`)).toBe(expected);
    expect(instant(`${egyptian} 10:00 ص - بتوقيت القدس`)).toBe(expected);
  });

  it('knows the other spellings: يونيو, يوليو, صباحا', () => {
    expect(instant('السبت 15 يونيو 2024 10:00 صباحا - توقيت القدس')).toBe(
      '2024-06-15T07:00:00.000Z',
    );
    expect(instant('الاثنين 15 يوليو 2024 10:00 ص - توقيت القدس')).toBe('2024-07-15T07:00:00.000Z');
  });

  it('reads 12:05 ص as five past midnight and 12:05 م as five past noon', () => {
    // 1 Jan 2024, winter (+02:00): 00:05 -> 22:05Z the day before; 12:05 -> 10:05Z.
    expect(instant('الاثنين 1 كانون الثاني 2024 12:05 ص - توقيت القدس')).toBe(
      '2023-12-31T22:05:00.000Z',
    );
    expect(instant('الاثنين 1 كانون الثاني 2024 12:05 م - توقيت القدس')).toBe(
      '2024-01-01T10:05:00.000Z',
    );
  });

  it('apply the same summer-time rule: the gap with the offset before, the overlap first', () => {
    // 29 Mar 2024 02:30 does not exist (02:00 -> 03:00): read at +02:00 = 00:30Z.
    expect(instant('الجمعة 29 آذار 2024 2:30 ص - توقيت القدس')).toBe('2024-03-29T00:30:00.000Z');
    // 27 Oct 2024 01:30 happens twice: the first, at +03:00 = 22:30Z the day before.
    expect(instant('الأحد 27 تشرين الأول 2024 1:30 ص - توقيت القدس')).toBe(
      '2024-10-26T22:30:00.000Z',
    );
  });

  it('report errors in English, quoting the dateline', () => {
    const wrongDay = 'الخميس 19 نيسان 2024 6:22 مساءً - توقيت القدس';
    expect(message(wrongDay)).toBe(
      `dateline '${wrongDay}': 19 Apr 2024 is a Friday, not a Thursday; check the date and the weekday`,
    );
    expect(message('الجمعة 31 نيسان 2024 6:22 م - توقيت القدس')).toMatch(
      /31 Apr 2024 is not a date/,
    );
    expect(message('الجمعة 19 نيسان 2024 13:22 م - توقيت القدس')).toMatch(
      /13:22 is not a 12-hour clock time/,
    );
    expect(message('الجمعة 19 نيسن 2024 6:22 م - توقيت القدس')).toMatch(
      /'نيسن' is not an Arabic month name/,
    );
    expect(message('الجمعه 19 نيسان 2024 6:22 م - توقيت القدس')).toMatch(
      /'الجمعه' is not an Arabic weekday/,
    );
    expect(message('الجمعة 19 نيسان 2024 6:22 ظهرا - توقيت القدس')).toMatch(/'ظهرا' is neither/);
    expect(message('الجمعة 19 نيسان 2024 6:22 م')).toMatch(
      /is not in the form 'الجمعة 19 نيسان 2024 6:22 مساءً - توقيت القدس'/,
    );
  });
});
