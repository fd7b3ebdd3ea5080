import { expect, it } from 'vitest';
import { formatReport, runSoak, soakPassed } from '../../scripts/soak.ts';

// The short CI version of `npm run soak`: 8 s of mixed traffic while the store is edited, with
// its faults: a section of huge articles, two swaps of the linked content folder and a restart
// by SIGTERM halfway. No 5xx, no failed connection outside the restart, no body cut short.
it('serves 8 s of mixed traffic while the store is edited, swapped and restarted, with no error and no cut body', async () => {
  const report = await runSoak({ seconds: 8, connections: 50, log: () => {} });
  expect(soakPassed(report), formatReport(report)).toBe(true);
  expect(report.requests).toBeGreaterThan(500);
  expect(report.statuses['304']).toBeGreaterThan(0);
  expect(report.statuses['404']).toBeGreaterThan(0);
  expect(report.reloads).toBeGreaterThan(3);
  expect(report.swaps).toBe(2);
  expect(report.restartExits).toEqual([0]);
  expect(report.visibleMs.missing, formatReport(report)).toBe(0);
}, 90_000);
