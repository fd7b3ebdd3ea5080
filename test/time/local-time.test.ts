// Dates on pages (src/render/local-time.ts): the newsroom's wall time beside UTC. Expected
// values are worked by hand from Israel's 2024 rules: summer time (UTC+3) from 02:00 on Fri 29
// March (clocks to 03:00) to 02:00 on Sun 27 October (clocks back to 01:00), else UTC+2.
import { describe, expect, it } from 'vitest';
import { arabicLocalTime, localTime } from '../../src/render/local-time.ts';
import { contentApp } from '../support/app.ts';

const at = (iso: string) => Date.parse(iso);

describe('dates on pages', () => {
  it("show the seed's dateline as its editor wrote it, beside UTC", async () => {
    expect(localTime(at('2024-04-19T15:22:00Z'), 'Asia/Jerusalem')).toBe(
      'Fri 19 Apr 2024, 6:22 pm Jerusalem time (15:22 UTC)',
    );
    const { get } = await contentApp();
    const page = await (await get('/articles/2024/rafah-talks')).text();
    expect(page).toContain(
      '<time datetime="2024-04-19T15:22:00Z" dir="ltr">Fri 19 Apr 2024, 6:22 pm Jerusalem time (15:22 UTC)</time>',
    );
  });

  it('name the UTC day when it is another one, across midnight and both summer-time edges', () => {
    const cases: [string, string][] = [
      ['2024-01-01T22:05:00Z', 'Tue 2 Jan 2024, 12:05 am Jerusalem time (22:05 UTC, Mon 1 Jan)'],
      ['2024-06-01T09:00:00Z', 'Sat 1 Jun 2024, 12:00 pm Jerusalem time (09:00 UTC)'],
      // The first instant of summer time: 02:00 became 03:00.
      ['2024-03-29T00:00:00Z', 'Fri 29 Mar 2024, 3:00 am Jerusalem time (00:00 UTC)'],
      ['2024-03-28T23:59:00Z', 'Fri 29 Mar 2024, 1:59 am Jerusalem time (23:59 UTC, Thu 28 Mar)'],
      // 1:30 am happened twice on 27 October: first in summer time, then in winter time.
      ['2024-10-26T22:30:00Z', 'Sun 27 Oct 2024, 1:30 am Jerusalem time (22:30 UTC, Sat 26 Oct)'],
      ['2024-10-26T23:30:00Z', 'Sun 27 Oct 2024, 1:30 am Jerusalem time (23:30 UTC, Sat 26 Oct)'],
    ];
    for (const [iso, shown] of cases) expect(localTime(at(iso), 'Asia/Jerusalem'), iso).toBe(shown);
  });

  it("name the newsroom's zone by its city", () => {
    // Palestine moved to summer time on 20 April 2024: still UTC+2 on the 19th.
    expect(localTime(at('2024-04-19T15:22:00Z'), 'Asia/Hebron')).toBe(
      'Fri 19 Apr 2024, 5:22 pm Hebron time (15:22 UTC)',
    );
    expect(localTime(at('2024-04-19T15:22:00Z'), 'America/New_York')).toBe(
      'Fri 19 Apr 2024, 11:22 am New York time (15:22 UTC)',
    );
  });

  it('are written in Arabic, with Arabic-Indic digits, on an Arabic page', async () => {
    // As the newsroom's Arabic datelines write them (بتوقيت القدس), the UTC part beside.
    expect(arabicLocalTime(at('2024-04-19T15:22:00Z'), 'Asia/Jerusalem')).toBe(
      'الجمعة ١٩ أبريل ٢٠٢٤، ٦:٢٢ م بتوقيت القدس (١٥:٢٢ UTC)',
    );
    expect(arabicLocalTime(at('2024-10-26T22:30:00Z'), 'Asia/Jerusalem')).toBe(
      'الأحد ٢٧ أكتوبر ٢٠٢٤، ١:٣٠ ص بتوقيت القدس (٢٢:٣٠ UTC، السبت ٢٦ أكتوبر)',
    );
    const { get } = await contentApp();
    const page = await (await get('/articles/2024/gaza-aid-trucks-ar')).text();
    expect(page).toMatch(/<time datetime="[^"]+" lang="ar" dir="rtl">\S+ [٠-٩]+ /);
    expect(page).toContain('<p>الوسوم: ');
    expect(page).not.toMatch(/Tags:|updated|>By /);
  });
});
