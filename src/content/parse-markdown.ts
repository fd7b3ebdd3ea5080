import { Marked, type Token, type Tokens } from 'marked';
import type { ArticleDraft, DraftResult } from './draft.ts';
import { readYamlFrontMatter } from './front-matter.ts';
import { plainParagraph } from './plain-paragraph.ts';
import { readSimpleFrontMatter } from './simple-front-matter.ts';

const markdown = new Marked({ gfm: true, async: false });

const FENCE = /^---\s*$/;
const CLOSING_FENCE = /^(---|\.\.\.)\s*$/;
/**
 * Reads a Markdown article: YAML front matter between `---` lines, then the body.
 * Required keys: title, section, dateline. Optional: tags (a list), updated, author,
 * summary, image, url, id, lang, draft. Unknown keys are ignored, so a newsroom can keep
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
  // Most front matter has a few plain shapes, read far faster than YAML is
  // (docs/performance.md; simple-front-matter.ts, held to the yaml reading by
  // test/store/front-matter.test.ts).
  const read =
    readSimpleFrontMatter(lines, first + 1, close) ?? readYamlFrontMatter(lines, first + 1, close);
  if ('fail' in read) return { ok: false, problems: [read.fail] };
  const { fields, tags, problems } = read;
  // `draft: true` (Hugo's and Jekyll's key) keeps a file out of everything, unchecked: an
  // editor's work in progress may lack a title or a dateline yet.
  const marked = fields.draft?.value.toLowerCase();
  if (marked === 'true') return { ok: false, problems: [], isDraft: true };
  if (marked !== undefined && marked !== 'false') {
    problems.push({
      line: fields.draft!.line,
      message: `draft must be true or false, not '${fields.draft!.value}'`,
    });
  }
  for (const key of ['title', 'section', 'dateline'] as const) {
    if (!fields[key])
      problems.push({ line: offset, message: `the front matter has no ${key}; add '${key}: ...'` });
  }
  const { title, section, dateline } = fields;
  if (!title || !section || !dateline || problems.length > 0) return { ok: false, problems };

  // A body opening with a plain paragraph is read without marked (plain-paragraph.ts).
  const plain = plainParagraph(lines, close + 1);
  const body =
    plain === undefined ? scanBody(lines.slice(close + 1).join('\n'), !fields.summary) : undefined;
  if (body?.empty)
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
    summary:
      fields.summary?.value ??
      (plain === undefined ? paragraphText(body?.paragraph) : plainParagraphText(plain)),
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

/**
 * What loading needs of a Markdown body, without rendering it (its HTML is made on first
 * use): whether it holds anything (only blank lines and link definitions render to
 * nothing), and its first paragraph, whose text is the summary when none is given.
 * marked's block pass finds both; of the inline pass, which costs the most, only the first
 * paragraph's is run. Link definitions anywhere in the body are known by then, as in a full
 * lex. test/store/markdown-body.test.ts holds this to a full lex and render.
 */
export function scanBody(
  body: string,
  wantParagraph: boolean,
): { empty: boolean; paragraph?: Tokens.Paragraph | undefined } {
  const lexer = new markdown.Lexer(markdown.defaults);
  const tokens = lexer.blockTokens(body, lexer.tokens);
  const empty = tokens.every((token) => token.type === 'space' || token.type === 'def');
  const paragraph = wantParagraph
    ? tokens.find((token): token is Tokens.Paragraph => token.type === 'paragraph')
    : undefined;
  const queued = paragraph && lexer.inlineQueue.find((entry) => entry.tokens === paragraph.tokens);
  if (queued) lexer.inlineTokens(queued.src, queued.tokens);
  return { empty, paragraph };
}

/** The plain text of a paragraph on one line: what a summary is when none is given. */
export function paragraphText(paragraph: Tokens.Paragraph | undefined): string {
  return paragraph ? oneLine(plainText([paragraph])) : '';
}

/** The summary of a plain paragraph (plain-paragraph.ts): its one text, entities decoded. */
export function plainParagraphText(text: string): string {
  return oneLine(decodeEntities(text));
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

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
