// A Markdown body that opens with a plain paragraph, read without marked: most bodies do, and
// their load then skips marked's block pass over the whole body, the larger part of loading
// one of the benchmark's Markdown files (docs/performance.md).

/**
 * Characters that may start inline markup (CommonMark and GFM): escapes, code spans,
 * emphasis, strikethrough, links and images, raw HTML and `<…>` autolinks. A paragraph with
 * none of them is one run of text. (GFM's bare autolinks, `www.…`, `https://…` and emails,
 * may stay: a link whose text is its address reads as the same text.)
 */
const INLINE_MARKUP = /[\\`*_~[\]<]/;

/**
 * What a line may not start with to be sure it goes on a paragraph (CommonMark 4 and 5, GFM
 * tables): indentation (indented code, or a list item's continuation), a heading `#`, a
 * block quote `>`, list markers `- + *` and `1.` or `1)`, a thematic break or a setext
 * underline `- * _ =`, a fence `` ` ~ ``, an HTML block `<`, a link reference definition `[`,
 * a table's delimiter row `| : -`.
 */
const BLOCK_START = /^(?:[ \t#>\-+*_=`~<[|:]|\d{1,9}[.)])/;

/** A blank line as Markdown has it: spaces and tabs only (JavaScript's trim takes more). */
const BLANK = /^[ \t]*$/;

/**
 * When the body starting at line `from` opens (after blank lines) with a paragraph of plain
 * text — each of its lines free of anything that could start a block or inline markup — its
 * lines joined by line feeds, exactly the text marked's one text token would hold; else
 * undefined, and marked must read the body (parse-markdown.ts's scanBody). Such a body is not
 * empty. Entities (`&amp;`) are left in: the caller decodes them as it does marked's text.
 * test/store/markdown-body.test.ts holds every answer to marked's.
 */
export function plainParagraph(lines: readonly string[], from: number): string | undefined {
  let first = from;
  while (first < lines.length && BLANK.test(lines[first]!)) first += 1;
  let end = first;
  while (end < lines.length && !BLANK.test(lines[end]!)) {
    const line = lines[end]!;
    if (BLOCK_START.test(line) || INLINE_MARKUP.test(line)) return undefined;
    end += 1;
  }
  return end > first ? lines.slice(first, end).join('\n') : undefined;
}
