import { Marked, type Token } from 'marked';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { ArticleDraft, DraftProblem, DraftResult, Located } from './draft.ts';

const markdown = new Marked({ gfm: true, async: false });

const FENCE = /^---\s*$/;
const CLOSING_FENCE = /^(---|\.\.\.)\s*$/;
const TEXT_KEYS = [
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
] as const;
type TextKey = (typeof TEXT_KEYS)[number];

/**
 * Reads a Markdown article: YAML front matter between `---` lines, then the body.
 * Required keys: title, section, dateline. Optional: tags (a list), updated, author,
 * summary, image, url, id, lang. Unknown keys are ignored, so a newsroom can keep
 * its own notes there.
 */
export function parseMarkdown(lines: string[]): DraftResult {
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first < 0) return fail(1, 'the file is empty; start it with front matter between --- lines');
  if (!FENCE.test(lines[first] ?? '')) {
    return fail(
      first + 1,
      "no front matter; start the file with a line '---', the keys title, section and dateline, then '---'",
    );
  }
  const close = lines.findIndex((line, i) => i > first && CLOSING_FENCE.test(line));
  if (close < 0)
    return fail(first + 1, "the front matter is never closed; end it with a line '---'");

  const offset = first + 1; // front matter line n is file line n + offset
  const counter = new LineCounter();
  const doc = parseDocument(lines.slice(first + 1, close).join('\n'), {
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
  for (const key of ['title', 'section', 'dateline'] as const) {
    if (!fields[key])
      problems.push({ line: offset, message: `the front matter has no ${key}; add '${key}: ...'` });
  }
  const { title, section, dateline } = fields;
  if (!title || !section || !dateline || problems.length > 0) return { ok: false, problems };

  const tokens = markdown.lexer(lines.slice(close + 1).join('\n'));
  // Rendered here only to tell an empty body (blank, or only link definitions); the HTML
  // itself is made again when first needed (markdownBodyHtml), so the store does not hold it.
  if (!(markdown.parser(tokens) as string).trim())
    return fail(close + 2, 'no body text after the front matter; add at least one paragraph');
  const draft: ArticleDraft = {
    title,
    section,
    dateline,
    tags,
    updated: fields.updated,
    author: fields.author,
    image: fields.image,
    url: fields.url,
    id: fields.id,
    lang: fields.lang,
    summary: fields.summary?.value ?? firstParagraphText(tokens),
    body: { format: 'markdown', from: close + 1 },
  };
  return { ok: true, draft };
}

/** The HTML of a Markdown body that starts at line `from` (GitHub-flavoured, as marked reads it). */
export function markdownBodyHtml(lines: readonly string[], from: number): string {
  return (markdown.parse(lines.slice(from).join('\n')) as string).trim();
}

function fail(line: number, message: string): DraftResult {
  return { ok: false, problems: [{ line, message }] };
}

function scalarText(node: Node | null): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

/** The plain text of the first paragraph: what a summary is when none is given. */
function firstParagraphText(tokens: Token[]): string {
  const paragraph = tokens.find((token) => token.type === 'paragraph');
  return paragraph ? plainText([paragraph]).replace(/\s+/g, ' ').trim() : '';
}

function plainText(tokens: Token[]): string {
  return tokens
    .map((token) => {
      if ('tokens' in token && token.tokens) return plainText(token.tokens);
      if (token.type === 'br') return ' ';
      if (token.type === 'html') return '';
      // A code span's text is its source: `a &amp; b` shows those very characters.
      if (token.type === 'codespan') return String(token.text);
      return 'text' in token ? decodeEntities(String(token.text)) : '';
    })
    .join('');
}

/** marked keeps entities in token text (`&amp;`); the summary is plain text. */
function decodeEntities(text: string): string {
  const named: Record<string, string> = {
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    nbsp: '\u00a0',
  };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X'
          ? parseInt(name.slice(2), 16)
          : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return named[name.toLowerCase()] ?? whole;
  });
}
