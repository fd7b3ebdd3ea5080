// Oracles for time-zone tests that do not share code with src/time:
// - zdump (the tz project's own dumper, reading /usr/share/zoneinfo) for transitions;
// - Debian's /usr/bin/python3 with zoneinfo for wall time -> instant with fold=0.
// Both read the system tzdata; the code under test uses the runtime's ICU copy.
import { execFileSync } from 'node:child_process';
import { DEBIAN_PYTHON, needTool } from './tools.ts';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A change of UTC offset: at instant `at` (ms) the offset goes from `before` to `after` (ms). */
export interface Transition {
  zone: string;
  at: number;
  before: number;
  after: number;
}

// Asia/Jerusalem  Fri Mar 31 23:59:59 2000 UT = Sat Apr  1 01:59:59 2000 IST isdst=0 gmtoff=7200
const ZDUMP_LINE =
  /^(\S+)\s+(\w{3}) (\w{3})\s+(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4}) UTC? = (\w{3}) (\w{3})\s+(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4}) \S+ isdst=[01] gmtoff=(-?\d+)$/;

interface ZdumpLine {
  instant: number;
  offset: number;
}

function dateFromFields(fields: string[]): number {
  const [month = '', day = '', hour = '', minute = '', second = '', year = ''] = fields;
  const monthIndex = MONTHS.indexOf(month);
  if (monthIndex < 0) throw new Error(`zdump: unknown month '${month}'`);
  return Date.UTC(Number(year), monthIndex, Number(day), +hour, +minute, +second);
}

function parseZdumpLine(line: string): ZdumpLine {
  const m = ZDUMP_LINE.exec(line);
  if (!m) throw new Error(`zdump: cannot read line '${line}'`);
  const instant = dateFromFields(m.slice(3, 9));
  const offset = Number(m[16]) * 1000;
  const local = dateFromFields(m.slice(10, 16));
  // Self-check of the reading and of our calendar arithmetic: local = UT + gmtoff, and
  // both weekdays that zdump printed agree with Date.UTC.
  if (local !== instant + offset) throw new Error(`zdump: local != UT + gmtoff in '${line}'`);
  if (
    WEEKDAYS[new Date(instant).getUTCDay()] !== m[2] ||
    WEEKDAYS[new Date(local).getUTCDay()] !== m[9]
  ) {
    throw new Error(`zdump: weekday disagrees with Date.UTC in '${line}'`);
  }
  return { instant, offset };
}

/** Every offset change of `zone` from 1 Jan `fromYear` up to (not including) 1 Jan `toYear`. */
export function zdumpTransitions(zone: string, fromYear: number, toYear: number): Transition[] {
  needTool('zdump');
  const out = execFileSync('/usr/bin/zdump', ['-v', '-c', `${fromYear},${toYear}`, zone], {
    encoding: 'utf8',
  });
  const lines = out
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.endsWith('= NULL'))
    .map(parseZdumpLine);
  if (lines.length % 2 !== 0) throw new Error(`zdump ${zone}: odd number of lines`);
  const transitions: Transition[] = [];
  for (let i = 0; i < lines.length; i += 2) {
    const last = lines[i];
    const first = lines[i + 1];
    if (!last || !first || first.instant - last.instant !== 1000) {
      throw new Error(`zdump ${zone}: lines ${i} and ${i + 1} are not one second apart`);
    }
    // zdump also lists changes of abbreviation or isdst alone; only offset changes move clocks.
    if (first.offset !== last.offset) {
      transitions.push({ zone, at: first.instant, before: last.offset, after: first.offset });
    }
  }
  return transitions;
}

/**
 * The policy, written from the transition alone: wall time `wall` (ms, read as if UTC)
 * means `wall - before` until the later of the two wall readings of the transition
 * instant, and `wall - after` from then on. Gap -> offset before; overlap -> first.
 */
export function expectedInstant(wall: number, t: Transition): number {
  return wall < t.at + Math.max(t.before, t.after) ? wall - t.before : wall - t.after;
}

/**
 * Wall times (ms, as if UTC) on whole minutes, from 3 minutes before the gap or overlap to 3
 * after (an offset of local mean time has seconds, so its edges are rounded out to minutes).
 */
export function wallTimesAround(t: Transition): number[] {
  const low = Math.floor((t.at + Math.min(t.before, t.after)) / MINUTE) * MINUTE - 3 * MINUTE;
  const high = Math.ceil((t.at + Math.max(t.before, t.after)) / MINUTE) * MINUTE + 3 * MINUTE;
  const walls: number[] = [];
  for (let wall = low; wall <= high; wall += MINUTE) walls.push(wall);
  return walls;
}

/** `Fri 19 Apr 2024 6:22 pm - Jerusalem Time` for a wall time given as ms read as UTC. */
export function formatDateline(wall: number): string {
  const d = new Date(wall);
  const hour = d.getUTCHours();
  const minute = String(d.getUTCMinutes()).padStart(2, '0');
  const clock = `${hour % 12 === 0 ? 12 : hour % 12}:${minute} ${hour < 12 ? 'am' : 'pm'}`;
  const date = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  return `${WEEKDAYS[d.getUTCDay()]} ${date} ${clock} - Jerusalem Time`;
}

/** `+02:00` for 7_200_000. */
export function formatOffset(offset: number): string {
  const minutes = Math.abs(offset) / MINUTE;
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${offset < 0 ? '-' : '+'}${hh}:${mm}`;
}

const PYTHON_SCRIPT = `
import json, sys
from datetime import datetime
from zoneinfo import ZoneInfo
out = []
for c in json.load(sys.stdin):
    dt = datetime(c['year'], c['month'], c['day'], c['hour'], c['minute'], tzinfo=ZoneInfo(c['zone']))
    assert dt.fold == 0
    out.append(round(dt.timestamp() * 1000))
json.dump(out, sys.stdout)
`;

/**
 * UTC instants (ms) of wall times in zones per Python's zoneinfo with fold=0 (PEP 495:
 * in a gap the offset before the transition, in an overlap the earlier occurrence).
 * One python process for all cases.
 */
export function pythonZoneinfoInstants(cases: { zone: string; wall: number }[]): number[] {
  needTool('python3-zoneinfo');
  needTool('zdump'); // its tzdata: python's zoneinfo reads /usr/share/zoneinfo
  const input = cases.map(({ zone, wall }) => {
    const d = new Date(wall);
    return {
      zone,
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
    };
  });
  // -I: isolated mode, no PYTHON* variables or user site-packages from this environment.
  const out = execFileSync(DEBIAN_PYTHON, ['-I', '-c', PYTHON_SCRIPT], {
    input: JSON.stringify(input),
    encoding: 'utf8',
  });
  const result: unknown = JSON.parse(out);
  if (!Array.isArray(result) || result.length !== cases.length) {
    throw new Error(`python returned ${out.slice(0, 200)}`);
  }
  return result.map(Number);
}
