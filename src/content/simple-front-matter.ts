import type { DraftProblem, Located } from './draft.ts';
import { TEXT_KEYS, type FrontMatter, type TextKey } from './front-matter.ts';

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$/;
const BLOCK_ITEM = /^( *)- +(.*)$/;
const SINGLE_QUOTED = /^'((?:[^']|'')*)'$/;
const DOUBLE_QUOTED = /^"([^"\\]*)"$/;
// YAML 1.2 (section 7.3.3): a plain scalar may not start with an indicator, and in block
// context ": " and " #" end it. Anything near those rules is left to the yaml package.
const PLAIN_START = /^[^\s\-?:,[\]{}#&*!|>'"%@`]/;
const PLAIN_STOPS = /: |:$|#|\t/;
// The core schema reads these plain scalars as numbers, booleans or null, not as text
// (YAML 1.2 section 10.3.2); `1e3` would be the text "1000". Caught wide, on purpose.
const NOT_TEXT = /^(?:[-+.\d~]|(?:true|false|null|yes|no|on|off|y|n)$)/i;
// Characters YAML does not allow unescaped (c-printable, section 5.1), tabs, and the
// characters YAML 1.1 took for line breaks (NEL, LS, PS).
const UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFEFF\u2028\u2029\t]/;

/**
 * The front matter on lines [from, to), when every line has one of the shapes most front
 * matter has: `key: text` with the text plain, 'single-quoted' or "double-quoted without
 * escapes" on one line; `tags:` with `- item` lines under it or `[a, b]`; blank lines and
 * `#` comment lines. Undefined for anything else (multi-line values, escapes, anchors, a
 * repeated key, text YAML would read as a number…), which the yaml package then reads.
 * Where it answers, it answers exactly as the yaml reading does: test/store/front-matter.test.ts
 * compares the two on thousands of generated front matters.
 */
export function readSimpleFrontMatter(
  lines: readonly string[],
  from: number,
  to: number,
): FrontMatter | undefined {
  const fields: Partial<Record<TextKey, Located<string>>> = {};
  const tags: Located<string>[] = [];
  const seen = new Set<string>();
  for (let i = from; i < to; i += 1) {
    const text = (lines[i] ?? '').trimEnd();
    if (text === '' || text.startsWith('#')) continue;
    if (UNPRINTABLE.test(text)) return undefined;
    const match = KEY_LINE.exec(text);
    if (!match) return undefined;
    const key = match[1] ?? '';
    const rest = match[2] ?? '';
    if (seen.has(key)) return undefined; // YAML rejects it (uniqueKeys): the yaml reading says so
    seen.add(key);
    if (key === 'tags') {
      if (rest === '') {
        const end = readBlockItems(lines, i + 1, to, tags);
        if (end === undefined) return undefined;
        i = end - 1;
      } else if (!readFlowItems(rest, i + 1, tags)) return undefined;
      continue;
    }
    const value = scalar(rest, false);
    if (value === undefined) return undefined;
    if ((TEXT_KEYS as readonly string[]).includes(key) && value.trim()) {
      fields[key as TextKey] = { value: value.trim(), line: i + 1 };
    }
  }
  return { fields, tags, problems: [] as DraftProblem[] };
}

/** `- item` lines from `start`, all at one indentation; the index after them, or undefined. */
function readBlockItems(
  lines: readonly string[],
  start: number,
  to: number,
  tags: Located<string>[],
): number | undefined {
  let indent: string | undefined;
  let i = start;
  for (; i < to; i += 1) {
    const text = (lines[i] ?? '').trimEnd();
    if (text === '') break;
    if (UNPRINTABLE.test(text)) return undefined;
    const match = BLOCK_ITEM.exec(text);
    if (!match) break;
    if (indent !== undefined && match[1] !== indent) return undefined;
    indent = match[1] ?? '';
    const value = scalar(match[2] ?? '', false);
    if (value === undefined) return undefined;
    if (value.trim()) tags.push({ value: value.trim(), line: i + 1 });
  }
  // No item at all is a null `tags:`; a line indented under the key is no item: both to yaml.
  if (indent === undefined || /^\s/.test(lines[i] ?? '')) return undefined;
  return i;
}

/** `[a, b, 'c']` with no quote holding a comma or a bracket; false when it is anything else. */
function readFlowItems(rest: string, line: number, tags: Located<string>[]): boolean {
  if (!rest.startsWith('[') || !rest.endsWith(']')) return false;
  const inner = rest.slice(1, -1).trim();
  if (inner === '') return true;
  for (const part of inner.split(',')) {
    const value = scalar(part.trim(), true);
    if (value === undefined) return false;
    if (value.trim()) tags.push({ value: value.trim(), line });
  }
  return true;
}

/** The text of one scalar written on one line, or undefined when it is not a simple one. */
function scalar(written: string, flow: boolean): string | undefined {
  const single = SINGLE_QUOTED.exec(written);
  if (single) return (single[1] ?? '').replace(/''/g, "'");
  const double = DOUBLE_QUOTED.exec(written);
  if (double) return double[1] ?? '';
  if (!PLAIN_START.test(written) || PLAIN_STOPS.test(written) || NOT_TEXT.test(written)) {
    return undefined;
  }
  // In a flow sequence `[`, `]`, `{`, `}` and `,` are indicators too (section 7.3.3).
  if (flow && /[[\]{},]/.test(written)) return undefined;
  return written;
}
