// Time truth on Node (src/adapters/node/tzdata-check.ts): the runtime's offsets for the
// newsroom's zone are compared at start with the system's zoneinfo, read from its TZif file,
// and a disagreement is said in one warning naming both tzdata releases. The system's copy of
// another zone (Asia/Hebron's rules, which move Palestine's clocks on other dates) stands in
// for a copy of Asia/Jerusalem that lacks a rule change.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareTzdata, readTzif, tzdataWarning } from '../../src/adapters/node/tzdata-check.ts';
import { parseConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { buildCatalog } from '../../src/store/catalog.ts';
import { fixedStore } from '../../src/store/store.ts';
import { needTool } from '../support/tools.ts';
import { zdumpTransitions } from '../support/zdump.ts';

const ZONEINFO = '/usr/share/zoneinfo';
const NOW = Date.UTC(2026, 11, 7, 12, 0);
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A zoneinfo folder whose Asia/Jerusalem is the system's file of `source`, at release `version`. */
function zoneinfo(source: string, version: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-zoneinfo-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'Asia'));
  copyFileSync(join(ZONEINFO, source), join(dir, 'Asia/Jerusalem'));
  writeFileSync(join(dir, 'tzdata.zi'), `# version ${version}\n# …\n`);
  return dir;
}

describe("the runtime's tzdata against the system's", () => {
  it('reads every transition of a TZif file as zdump lists it', () => {
    needTool('zdump');
    const zone = readTzif(readFileSync(join(ZONEINFO, 'Asia/Jerusalem')));
    const from = Date.UTC(2000, 0, 1);
    const to = Date.UTC(2030, 0, 1);
    // zdump lists offset changes; a TZif file may also change only an abbreviation.
    const ours = zone.transitions.filter(
      (t, i) =>
        t.at >= from && t.at < to && t.offset !== (zone.transitions[i - 1]?.offset ?? zone.initial),
    );
    const zdump = zdumpTransitions('Asia/Jerusalem', 2000, 2030);
    expect(ours.map((t) => [t.at, t.offset])).toEqual(zdump.map((t) => [t.at, t.after]));
  });

  it("finds them agreeing on the system's own Asia/Jerusalem, and says nothing", () => {
    needTool('zdump');
    const comparison = compareTzdata('Asia/Jerusalem', NOW, {
      dir: zoneinfo('Asia/Jerusalem', '2099z'),
      runtime: '2025c',
    });
    expect(comparison).toEqual({ runtime: '2025c', system: '2099z' });
    expect(tzdataWarning('Asia/Jerusalem', comparison)).toBeUndefined();
  });

  it('warns, naming both releases and the first instant where they differ', () => {
    needTool('zdump');
    const comparison = compareTzdata('Asia/Jerusalem', NOW, {
      dir: zoneinfo('Asia/Hebron', '2099z'),
      runtime: '2025c',
    });
    // The first difference is the first transition either one has in the window that the
    // other lacks: an instant of a transition of the two zones in zdump's listing.
    const transitions = [
      ...zdumpTransitions('Asia/Jerusalem', 2025, 2029),
      ...zdumpTransitions('Asia/Hebron', 2025, 2029),
    ].map((t) => t.at);
    const at = comparison?.disagreement?.at ?? NaN;
    expect(transitions.some((t) => at === t || at === t - 1000)).toBe(true);
    const warning = tzdataWarning('Asia/Jerusalem', comparison) ?? '';
    expect(warning).toMatch(
      /^dateline: warning: the runtime's time-zone data \(tzdata 2025c\) and the system's \(tzdata 2099z\) disagree on Asia\/Jerusalem: at \S+Z the runtime says UTC\+0[23]:00, the system UTC\+0[23]:00; /,
    );
  });

  it('says nothing where the system has no zoneinfo for the zone', () => {
    const empty = mkdtempSync(join(tmpdir(), 'dateline-zoneinfo-'));
    dirs.push(empty);
    expect(compareTzdata('Asia/Jerusalem', NOW, { dir: empty })).toBeUndefined();
    expect(tzdataWarning('Asia/Jerusalem', undefined)).toBeUndefined();
  });

  it("reports the runtime's release in /healthz, as the Node server gives it", async () => {
    const config = parseConfig({});
    const app = createApp({
      store: fixedStore(buildCatalog([], config)),
      config,
      clock: () => NOW,
      tzdata: process.versions.tz,
    });
    const health = (await (await app.request('/healthz')).json()) as Record<string, unknown>;
    expect(health).toEqual({ status: 'ok', articles: 0, rejected: 0, tzdata: process.versions.tz });
    expect(health.tzdata).toMatch(/^\d{4}[a-z]$/);
  });
});
