import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { DraftProblem, Located } from './draft.ts';

export const TEXT_KEYS = [
  'title',
  'section',
  'dateline',
  'updated',
  'author',
  'summary',
  'image',
  'url',
  'id',
  'lang',
  'draft',
] as const;
export type TextKey = (typeof TEXT_KEYS)[number];

/** The keys of a front matter this service reads, each with the line of its value. */
export interface FrontMatter {
  fields: Partial<Record<TextKey, Located<string>>>;
  tags: Located<string>[];
  problems: DraftProblem[];
}

/** The front matter read by the `yaml` package: any YAML, with its errors located. */
export function readYamlFrontMatter(
  lines: readonly string[],
  from: number,
  to: number,
): FrontMatter | { fail: DraftProblem } {
  const offset = from; // front matter line n is file line n + offset
  const fail = (line: number, message: string) => ({ fail: { line, message } });
  const counter = new LineCounter();
  const doc = parseDocument(lines.slice(from, to).join('\n'), {
    lineCounter: counter,
    uniqueKeys: true,
  });
  const lineOf = (node: Node | null | undefined, fallback = 1) =>
    (node?.range ? counter.linePos(node.range[0]).line : fallback) + offset;
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = (yamlError.linePos?.[0].line ?? 1) + offset;
    const reason = (yamlError.message.split('\n')[0] ?? '').replace(
      / at line \d+, column \d+:?$/,
      '',
    );
    return fail(line, `the front matter is not valid YAML (${reason}); fix it`);
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    return fail(offset + 1, 'the front matter must be a list of key: value lines');
  }

  const problems: DraftProblem[] = [];
  const fields: Partial<Record<TextKey, Located<string>>> = {};
  const tags: Located<string>[] = [];
  for (const pair of doc.contents?.items ?? []) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    const line = lineOf(value, counter.linePos((pair.key as Node | null)?.range?.[0] ?? 0).line);
    if (key === 'tags') {
      if (value === null || (isScalar(value) && value.value === null)) continue;
      if (!isSeq(value)) {
        problems.push({ line, message: "tags must be a list, like 'tags: [Gaza, Rafah]'" });
        continue;
      }
      for (const item of value.items) {
        const text = scalarText(item as Node);
        if (text === undefined)
          problems.push({
            line: lineOf(item as Node, line),
            message: 'each tag must be plain text',
          });
        else if (text.trim()) tags.push({ value: text.trim(), line: lineOf(item as Node, line) });
      }
    } else if ((TEXT_KEYS as readonly string[]).includes(key)) {
      const text = scalarText(value);
      if (text === undefined)
        problems.push({ line, message: `${key} must be plain text, not a list or a map` });
      else if (text.trim()) fields[key as TextKey] = { value: text.trim(), line };
    }
  }
  return { fields, tags, problems };
}

function scalarText(node: Node | null): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}
