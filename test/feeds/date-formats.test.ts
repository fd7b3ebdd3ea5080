// The feed dates (src/render/date-formats.ts) are formatted by arithmetic; the Date methods
// that spell out the same formats, and the RFCs' own examples, are the reference.
import { describe, expect, it } from 'vitest';
import { rfc3339, rfc822 } from '../../src/render/date-formats.ts';

/** The reference: what `toISOString` gives, without `.000` when there are no milliseconds. */
function isoReference(instant: number): string {
  const iso = new Date(instant).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** A seeded sequence (mulberry32), so that every run checks the same instants. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Instants around the days a calendar gets wrong first: leap days, year and century ends. */
const EDGES = [
  '1970-01-01T00:00:00Z',
  '1972-02-29T23:59:59.999Z',
  '1999-12-31T23:59:59Z',
  '2000-02-29T12:00:00Z', // divisible by 400: a leap year
  '2000-03-01T00:00:00Z',
  '2024-04-19T15:22:00Z', // the Rafah dispatch's dateline, in UTC
  '2026-10-25T00:30:00Z',
  '2100-02-28T23:59:59Z', // divisible by 100 only: no 29 February
  '2100-03-01T00:00:00.001Z',
  '9999-12-31T23:59:59.999Z',
].map((text) => Date.parse(text));

describe('RFC 3339 dates (Atom, JSON Feed)', () => {
  it('formats the RFC 3339 section 5.8 example in UTC, milliseconds written out in three digits', () => {
    // "1985-04-12T23:20:50.52Z" (RFC 3339 section 5.8): the same instant, as toISOString writes it.
    expect(rfc3339(Date.parse('1985-04-12T23:20:50.52Z'))).toBe('1985-04-12T23:20:50.520Z');
    expect(rfc3339(Date.UTC(2024, 3, 19, 15, 22))).toBe('2024-04-19T15:22:00Z');
  });

  it('gives what toISOString gives at leap days and the ends of years and centuries', () => {
    for (const instant of EDGES) {
      for (const step of [-1, 0, 1, -1000, 1000, -86_400_000, 86_400_000]) {
        const near = instant + step;
        if (near < 0 || near >= Date.UTC(10000, 0, 1)) continue;
        expect(rfc3339(near), String(near)).toBe(isoReference(near));
      }
    }
  });

  it('gives what toISOString gives for 20,000 seeded instants from 1970 to 9999', () => {
    const random = seeded(0x3339);
    for (let i = 0; i < 20_000; i++) {
      // Every other instant on a whole minute, as datelines are.
      const instant = Math.floor(random() * Date.UTC(10000, 0, 1));
      const minute = instant - (instant % 60_000);
      expect(rfc3339(instant), String(instant)).toBe(isoReference(instant));
      expect(rfc3339(minute), String(minute)).toBe(isoReference(minute));
    }
  });

  it('leaves instants before 1970 and after 9999 to toISOString (expanded years)', () => {
    expect(rfc3339(Date.UTC(1969, 11, 31, 23, 59))).toBe('1969-12-31T23:59:00Z');
    expect(rfc3339(Date.UTC(10000, 0, 1))).toBe('+010000-01-01T00:00:00Z');
  });
});

describe('RFC 822 dates (RSS 2.0)', () => {
  it('writes the weekday, a two-digit day and a four-digit year in GMT, as toUTCString does', () => {
    expect(rfc822(Date.UTC(2024, 3, 19, 15, 22))).toBe('Fri, 19 Apr 2024 15:22:00 GMT');
    expect(rfc822(Date.UTC(2000, 1, 29, 8, 5, 9))).toBe('Tue, 29 Feb 2000 08:05:09 GMT');
    expect(rfc822(0)).toBe('Thu, 01 Jan 1970 00:00:00 GMT');
  });

  it('gives what toUTCString gives for 20,000 seeded instants and the calendar edges', () => {
    const random = seeded(0x822);
    const instants = [...EDGES];
    for (let i = 0; i < 20_000; i++) instants.push(Math.floor(random() * Date.UTC(10000, 0, 1)));
    for (const instant of instants) {
      expect(rfc822(instant), String(instant)).toBe(new Date(instant).toUTCString());
    }
  });
});
