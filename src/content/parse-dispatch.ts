import { couldBeDateline, parseDateline, DATELINE_EXAMPLE } from '../time/dateline.ts';
import type { Lines } from './clean-lines.ts';
import type { DraftResult, Located } from './draft.ts';
import { escapeHtml } from './text.ts';

const TAGS_LINE = 'Tags';
const FOOTER_LINE = 'Share your opinion';

/**
 * Reads a raw dispatch in the newsroom's export format:
 *
 *     SECTION
 *     <dateline>
 *     <title>
 *     <paragraph>            (paragraphs separated by one or more blank lines)
 *     Tags
 *     <tag>                  (one per line, possibly none)
 *     Share your opinion     (page furniture from here on: never article text)
 *     <title again>
 *
 * The `Tags` block and the footer are optional; without them the body runs to the
 * end of the file.
 */
export function parseDispatch(lines: Lines): DraftResult {
  const section = nextNonBlank(lines, 0);
  if (!section) return problem(1, 'the file is empty; a dispatch starts with its section line');
  if (couldBeDateline(section.value) && parseDateline(section.value, 'UTC').ok) {
    return problem(
      section.line,
      'the first line is a dateline; put the section (like PALESTINE) on the line above it',
    );
  }
  // A located line's `line` is 1-based: the next line's index.
  const dateline = nextNonBlank(lines, section.line);
  if (!dateline) {
    return problem(
      section.line + 1,
      `no dateline after the section line; add one like '${DATELINE_EXAMPLE}'`,
    );
  }
  const title = nextNonBlank(lines, dateline.line);
  if (!title)
    return problem(
      dateline.line + 1,
      'no title after the dateline; add the title on the next line',
    );

  const bodyStart = title.line;
  const footer = lastIndexOfLine(lines, FOOTER_LINE, bodyStart, lines.length);
  const end = footer < 0 ? lines.length : footer;
  const tagsLine = lastIndexOfLine(lines, TAGS_LINE, bodyStart, end);
  const bodyEnd = tagsLine < 0 ? end : tagsLine;

  const summary = firstParagraph(lines, bodyStart, bodyEnd);
  if (!summary) {
    return problem(title.line + 1, 'no body text after the title; add at least one paragraph');
  }
  const tags: Located<string>[] = [];
  if (tagsLine >= 0) {
    for (let i = tagsLine + 1; i < end; i += 1) {
      const value = (lines.at(i) ?? '').trim();
      if (value) tags.push({ value, line: i + 1 });
    }
  }
  return {
    ok: true,
    draft: {
      title,
      section,
      dateline,
      tags,
      summary,
      body: { format: 'dispatch', from: bodyStart, to: bodyEnd },
    },
  };
}

/** The first line from index `from` on that is not blank, trimmed, with its 1-based number. */
function nextNonBlank(lines: Lines, from: number): Located<string> | undefined {
  for (let i = from; i < lines.length; i += 1) {
    const value = (lines.at(i) ?? '').trim();
    if (value !== '') return { value, line: i + 1 };
  }
  return undefined;
}

function problem(line: number, message: string): DraftResult {
  return { ok: false, problems: [{ line, message }] };
}

function lastIndexOfLine(lines: Lines, wanted: string, from: number, to: number): number {
  for (let i = to - 1; i >= from; i -= 1) if ((lines.at(i) ?? '').trim() === wanted) return i;
  return -1;
}

/**
 * The HTML of a dispatch's body, lines [from, to): each paragraph a `<p>`, its lines
 * trimmed and kept apart by newlines. Made when the body is first needed, not at load.
 */
export function dispatchBodyHtml(lines: readonly string[], from: number, to: number): string {
  return toParagraphs(lines.slice(from, to))
    .map((p) => `<p>${escapeHtml(p.join('\n'))}</p>`)
    .join('\n');
}

/** The first paragraph of lines [from, to) as one line of plain text; '' when there is none. */
function firstParagraph(lines: Lines, from: number, to: number): string {
  const words: string[] = [];
  for (let i = from; i < to; i += 1) {
    const text = (lines.at(i) ?? '').trim();
    if (text) words.push(text);
    else if (words.length > 0) break;
  }
  return words.join(' ');
}

function toParagraphs(lines: string[]): string[][] {
  const paragraphs: string[][] = [];
  let current: string[] = [];
  for (const line of lines) {
    const text = line.trim();
    if (text) current.push(text);
    else if (current.length > 0) {
      paragraphs.push(current);
      current = [];
    }
  }
  if (current.length > 0) paragraphs.push(current);
  return paragraphs;
}

