import { expect, it } from 'vitest';
import { formatReport, runSoak, soakPassed } from '../../scripts/soak.ts';

// The short CI version of `npm run soak`: 5 s of mixed traffic while the store is edited.
it('serves 5 s of mixed traffic while the store is edited, with no 5xx and no failed connection', async () => {
  const report = await runSoak({ seconds: 5, connections: 50, log: () => {} });
  expect(soakPassed(report), formatReport(report)).toBe(true);
  expect(report.requests).toBeGreaterThan(500);
  expect(report.statuses['304']).toBeGreaterThan(0);
  expect(report.statuses['404']).toBeGreaterThan(0);
  expect(report.reloads).toBeGreaterThan(3);
}, 60_000);
