// Time truth on Node: datelines are read with the runtime's copy of the tz database (ICU's, in
// Node), which is only as new as Node itself; the system's /usr/share/zoneinfo is updated by
// the operating system. A rule change one of them lacks is a wrong hour in every feed, so at
// start the two are compared for NEWSROOM_TZ over the past year and the next two.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { offsetAt } from '../../time/zone-offset.ts';

const DAY = 86_400_000;

/** A zone's UTC offsets by the system's zoneinfo: transition instants (ms) and offsets (ms). */
export interface SystemZone {
  /** Offset in force before the first transition (RFC 8536 section 3.2: time type 0). */
  initial: number;
  transitions: { at: number; offset: number }[];
}

/**
 * The transitions of a TZif file (RFC 8536), from its version 2+ data block (64-bit times).
 * Hand-read: the format is small and fixed, and no maintained package reads it for Node. The
 * footer's rule for times past the last transition is not read: comparisons stop there.
 */
export function readTzif(bytes: Uint8Array): SystemZone {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = new TextDecoder().decode(bytes.subarray(0, 4));
  if (magic !== 'TZif' || bytes[4] === 0) throw new Error('not a TZif file of version 2 or later');
  const counts = (at: number) => [0, 1, 2, 3, 4, 5].map((i) => view.getUint32(at + 20 + i * 4));
  // Skip the version 1 block (32-bit times) to the second header.
  const [isut1 = 0, isstd1 = 0, leap1 = 0, time1 = 0, type1 = 0, char1 = 0] = counts(0);
  const second = 44 + time1 * 5 + type1 * 6 + char1 + leap1 * 8 + isstd1 + isut1;
  const [, , , timecnt = 0, typecnt = 0] = counts(second);
  let at = second + 44;
  const times: number[] = [];
  for (let i = 0; i < timecnt; i += 1) times.push(Number(view.getBigInt64(at + i * 8)) * 1000);
  at += timecnt * 8;
  const indexes = Array.from(bytes.subarray(at, at + timecnt));
  at += timecnt;
  const offsets: number[] = [];
  for (let i = 0; i < typecnt; i += 1) offsets.push(view.getInt32(at + i * 6) * 1000);
  return {
    initial: offsets[0] ?? 0,
    transitions: times.map((time, i) => ({ at: time, offset: offsets[indexes[i] ?? 0] ?? 0 })),
  };
}

function systemOffset(zone: SystemZone, instant: number): number {
  let offset = zone.initial;
  for (const t of zone.transitions) {
    if (t.at > instant) break;
    offset = t.offset;
  }
  return offset;
}

export interface TzdataComparison {
  runtime: string;
  system: string;
  /** The first instant where the two disagree, with each one's offset (ms); none: they agree. */
  disagreement?: { at: number; runtime: number; system: number };
}

/**
 * Compares the runtime's offsets for `zone` with the system's zoneinfo from a year before `now`
 * to two years after (at every transition the system lists, and once a day between), up to the
 * system's last listed transition. Undefined when the system has no zoneinfo for the zone.
 */
export function compareTzdata(
  zone: string,
  now: number,
  { dir = '/usr/share/zoneinfo', runtime = process.versions.tz ?? 'unknown' } = {},
): TzdataComparison | undefined {
  let system: SystemZone;
  try {
    system = readTzif(readFileSync(join(dir, zone)));
  } catch {
    return undefined;
  }
  const last = system.transitions.at(-1)?.at ?? -Infinity;
  const from = Math.floor(now / 1000) * 1000 - 365 * DAY; // on whole seconds, as transitions are
  const to = Math.min(now + 2 * 365 * DAY, last);
  const instants: number[] = [];
  for (const t of system.transitions)
    if (t.at >= from && t.at <= to) instants.push(t.at - 1000, t.at);
  for (let t = from; t <= to; t += DAY) instants.push(t);
  instants.sort((a, b) => a - b);
  const comparison: TzdataComparison = { runtime, system: systemVersion(dir) };
  const differ = (instant: number) => offsetAt(zone, instant) !== systemOffset(system, instant);
  let agreed = from - DAY;
  for (const instant of instants) {
    if (!differ(instant)) {
      agreed = instant;
      continue;
    }
    // The first second they differ, between the last sample they agreed at and this one: the
    // transition one of them has and the other lacks.
    let [low, high] = [agreed, instant];
    while (high - low > 1000) {
      const mid = low + Math.floor((high - low) / 2000) * 1000;
      if (differ(mid)) high = mid;
      else low = mid;
    }
    const at = high;
    comparison.disagreement = {
      at,
      runtime: offsetAt(zone, at),
      system: systemOffset(system, at),
    };
    break;
  }
  return comparison;
}

/** The start-up warning for a comparison that found a disagreement; undefined when none. */
export function tzdataWarning(zone: string, comparison: TzdataComparison | undefined) {
  const d = comparison?.disagreement;
  if (!comparison || !d) return undefined;
  const utc = (ms: number) => {
    const sign = ms < 0 ? '-' : '+';
    const minutes = Math.abs(ms) / 60_000;
    const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
    return `UTC${sign}${hh}:${String(minutes % 60).padStart(2, '0')}`;
  };
  return (
    `dateline: warning: the runtime's time-zone data (tzdata ${comparison.runtime}) and the ` +
    `system's (tzdata ${comparison.system}) disagree on ${zone}: at ` +
    `${new Date(d.at).toISOString()} the runtime says ${utc(d.runtime)}, the system ` +
    `${utc(d.system)}; datelines are read with the runtime's, so update Node if the system's is right`
  );
}

/** The system's tzdata release: `# version 2026a` at the head of tzdata.zi, else +VERSION. */
function systemVersion(dir: string): string {
  for (const [file, pattern] of [
    ['tzdata.zi', /^# version (\S+)/],
    ['+VERSION', /^(\S+)/],
  ] as const) {
    try {
      const match = pattern.exec(readFileSync(join(dir, file), 'utf8'));
      if (match?.[1]) return match[1];
    } catch {
      // not there: the next
    }
  }
  return 'unknown';
}
