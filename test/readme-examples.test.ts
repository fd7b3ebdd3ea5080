// README.md is the user's manual: every example in it must work on the repository's own
// content/ folder, as `npm start` serves it. The examples are read out of README.md itself,
// so an example added, changed or made stale there is checked here without editing this file.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../src/content/article.ts';
import { parseDateline } from '../src/time/dateline.ts';
import { appFromFiles, CONTENT_DIR, contentApp, dispatch, filesFrom } from './support/app.ts';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const SITE = 'http://localhost:8787';

/** The README's limit (issue 22): a manual, not the project's history. */
const MAX_README_BYTES = 25_000;

interface CodeBlock {
  lang: string;
  text: string;
  /** The README up to the block's opening fence. */
  before: string;
}

/** Every fenced code block of a Markdown text, with its info string. */
function codeBlocks(markdown: string): CodeBlock[] {
  return [...markdown.matchAll(/^```(\S*)\n([\s\S]*?)^```$/gm)].map((match) => ({
    lang: match[1] ?? '',
    text: match[2] ?? '',
    before: markdown.slice(0, match.index),
  }));
}

const blocks = codeBlocks(README);

/** What the README says a request answers. */
interface Expectation {
  status: number;
  /** For a redirect: the Location, absolute. */
  location?: string;
  /** For a feed: exactly this many items; without it, at least one. */
  items?: number;
  /** For a JSON answer given in full. */
  json?: unknown;
}

interface Example {
  /** The README line, as written. */
  line: string;
  method: 'GET' | 'HEAD';
  /** Path and query, as curl sends them. */
  target: string;
  headers: Record<string, string>;
  /** A shell variable the line sets to the answer's ETag: `etag=$(curl -sI … | grep -i etag …)`. */
  sets?: string;
  expect: Expectation;
}

/** Splits a shell line at its comment: the first `#` outside quotes after white space. */
function splitComment(line: string): { command: string; comment: string } {
  let quote = '';
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i] ?? '';
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) {
      return { command: line.slice(0, i).trim(), comment: line.slice(i + 1).trim() };
    }
  }
  return { command: line.trim(), comment: '' };
}

/** Shell words: white space splits, single quotes keep, double quotes expand `$name`. */
function shellWords(command: string, vars: ReadonlyMap<string, string>): string[] {
  const words: string[] = [];
  const pattern = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (const match of command.matchAll(pattern)) {
    const [, single, double, bare] = match;
    const expand = (text: string) =>
      text.replace(/\$(\w+)/g, (_, name: string) => {
        const value = vars.get(name);
        if (value === undefined) throw new Error(`$${name} is not set by an earlier example`);
        return value;
      });
    words.push(single ?? expand(double ?? bare ?? ''));
  }
  return words;
}

/** What a comment such as `# 301 to /page/2/rss.xml?limit=5` or `# 5 items` promises. */
function expectationOf(comment: string): Expectation {
  const redirect = /^301 to (\S+)/.exec(comment);
  if (redirect) return { status: 301, location: SITE + (redirect[1] ?? '') };
  if (comment.startsWith('{')) return { status: 200, json: JSON.parse(comment) as unknown };
  const items = /^(\d+) items?\b/.exec(comment);
  if (items) return { status: 200, items: Number(items[1]) };
  const status = /^([1-5]\d\d)\b/.exec(comment);
  return { status: status ? Number(status[1]) : 200 };
}

/**
 * Every curl line in the README's shell blocks, as a request and what its comment says
 * it answers. Variables a line sets are known to the lines after it (as in a shell); the
 * value is a placeholder until the test makes the request.
 */
function curlExamples(): Example[] {
  const examples: Example[] = [];
  const names = new Map<string, string>();
  for (const block of blocks.filter((b) => b.lang === 'sh')) {
    for (const line of block.text.split('\n')) {
      if (!/\bcurl\s/.test(line)) continue;
      const { command, comment } = splitComment(line);
      const assignment = /^(\w+)=\$\((curl\s[^|)]*)/.exec(command);
      const curl = assignment ? (assignment[2] ?? '') : command;
      const words = shellWords(curl, new Map([...names.keys()].map((name) => [name, `$${name}`])));
      if (words[0] !== 'curl') throw new Error(`not a curl command: ${line}`);
      const headers: Record<string, string> = {};
      let method: Example['method'] = 'GET';
      let url: string | undefined;
      for (let i = 1; i < words.length; i += 1) {
        const word = words[i] ?? '';
        if (word === '-H') {
          const header = words[(i += 1)] ?? '';
          const colon = header.indexOf(':');
          headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
        } else if (/^-[a-zA-Z]+$/.test(word)) {
          if (word.includes('I')) method = 'HEAD';
        } else if (word.startsWith(SITE)) {
          url = word;
        } else {
          throw new Error(`unexpected curl argument '${word}' in: ${line}`);
        }
      }
      if (!url) throw new Error(`no ${SITE} URL in: ${line}`);
      const { pathname, search } = new URL(url);
      const example: Example = {
        line: line.trim(),
        method,
        target: pathname + search,
        headers,
        expect: expectationOf(comment),
      };
      if (assignment?.[1]) {
        example.sets = assignment[1];
        names.set(assignment[1], '');
      }
      examples.push(example);
    }
  }
  return examples;
}

/** The items of a feed body, by its content type. */
function itemCount(contentType: string, body: string): number {
  if (contentType.startsWith('application/feed+json')) {
    return (JSON.parse(body) as { items: unknown[] }).items.length;
  }
  const tag = contentType.startsWith('application/atom+xml') ? 'entry' : 'item';
  return body.match(new RegExp(`<${tag}[\\s>]`, 'g'))?.length ?? 0;
}

const FEED_TYPE = /^application\/(rss\+xml|atom\+xml|feed\+json)/;

describe('every curl example in the README', async () => {
  const { app } = await contentApp();
  const examples = curlExamples();
  const vars = new Map<string, string>();

  it('is found: routes, paging, redirects, filters, conditional GET and errors', () => {
    expect(examples.length).toBeGreaterThanOrEqual(15);
    const statuses = new Set(examples.map((e) => e.expect.status));
    for (const status of [200, 301, 304, 400, 404]) expect(statuses).toContain(status);
    expect(examples.some((e) => e.target.includes('/page/'))).toBe(true);
    expect(examples.some((e) => e.target.includes('filter='))).toBe(true);
  });

  // In README order, as a reader would run them: a line may use what an earlier one set.
  for (const example of examples) {
    it(`answers as the README says: ${example.line}`, async () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(example.headers)) {
        headers[name] = value.replace(/\$(\w+)/g, (_, variable: string) => {
          const set = vars.get(variable);
          if (set === undefined) throw new Error(`$${variable} was not set by an earlier line`);
          return set;
        });
      }
      const response = await app.request(example.target, { method: example.method, headers });
      const { expect: wanted } = example;
      expect(response.status, example.line).toBe(wanted.status);
      if (example.sets) {
        const etag = response.headers.get('etag');
        expect(etag, 'the answer has an ETag to keep').toBeTruthy();
        vars.set(example.sets, etag ?? '');
      }
      if (wanted.location !== undefined) {
        expect(response.headers.get('location')).toBe(wanted.location);
      }
      if (wanted.status !== 200 || example.method === 'HEAD') return;
      const body = await response.text();
      if (wanted.json !== undefined) expect(JSON.parse(body)).toEqual(wanted.json);
      const contentType = response.headers.get('content-type') ?? '';
      if (FEED_TYPE.test(contentType)) {
        const items = itemCount(contentType, body);
        if (wanted.items !== undefined) expect(items).toBe(wanted.items);
        else expect(items).toBeGreaterThan(0);
      }
    });
  }
});

describe('the README', () => {
  it('is at most 25,000 bytes', () => {
    expect(Buffer.byteLength(README)).toBeLessThanOrEqual(MAX_README_BYTES);
  });

  it('gives addresses outside its curl lines that the app answers with 200', async () => {
    const { get } = await contentApp();
    const prose = README.split('\n')
      .filter((line) => !/\bcurl\s/.test(line))
      .join('\n');
    const urls = [...prose.matchAll(/http:\/\/localhost:8787(\/[^\s>)`'"|]*)?/g)].map(
      (m) => m[1] ?? '/',
    );
    expect(urls).toContain('/sections/palestine/rss.xml');
    for (const path of new Set(urls)) expect((await get(path)).status, path).toBe(200);
  });

  it('gives the /healthz count of the article files in content/', () => {
    const files = readdirSync(CONTENT_DIR, { recursive: true, encoding: 'utf8' }).filter((file) =>
      /\.(txt|md)$/.test(file),
    );
    const healthz = /# (\{"status":"ok".*\})$/m.exec(README)?.[1];
    expect(JSON.parse(healthz ?? 'null')).toEqual({
      status: 'ok',
      articles: files.length,
      rejected: 0,
    });
  });

  it('annotates a dispatch that is exactly a file of content/', () => {
    const match = /exactly as `(content\/[^`]+\.txt)`:\n\n```text\n([\s\S]*?)^```$/m.exec(README);
    expect(match, 'the annotated dispatch and the file it names').toBeTruthy();
    const [, path = '', annotated = ''] = match ?? [];
    const shown = annotated
      .split('\n')
      .map((line) => line.replace(/\s+<- .*$/, '').trimEnd())
      .join('\n');
    const file = readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
    expect(shown).toBe(file);
  });

  it('shows a Markdown article whose every key loads', () => {
    const example = blocks.find((b) => b.lang === 'markdown');
    expect(example).toBeDefined();
    const { catalog } = appFromFiles(filesFrom({ '2024/example.md': example?.text ?? '' }));
    expect(catalog.problems).toEqual([]);
    const article = catalog.bySlug.get('2024/example');
    expect(article?.title).toBe('Fuel & power: Gaza’s hospitals ration generators');
    expect(article?.id).toBe('urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427');
    expect(article?.author).toBe('Lina Haddad');
    expect(article?.updated).toBe(Date.parse('2024-03-29T13:15:00Z'));
  });

  it('gives each dateline example the UTC instant the loader reads', () => {
    const lines = blocks
      .filter((b) => b.lang === 'text')
      .flatMap((b) => b.text.split('\n'))
      .filter((line) => /->\s+\d{4}-\d\d-\d\dT/.test(line));
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const line of lines) {
      const [dateline = '', instant = ''] = line.split(/\s+->\s+/);
      const read = parseDateline(dateline, 'Asia/Jerusalem');
      expect(read.ok, line).toBe(true);
      if (read.ok)
        expect(new Date(read.instant).toISOString(), line).toBe(
          new Date(instant.trim()).toISOString(),
        );
    }
  });

  it('shows reports of bad articles as npm run check prints them', () => {
    const { catalog } = appFromFiles(
      filesFrom({
        '2024/weekday.txt': dispatch({ dateline: 'Thu 19 Apr 2024 6:22 pm - Jerusalem Time' }),
        'empty.md': '',
      }),
    );
    const printed = catalog.problems.map((p) => formatProblem(p, 'content'));
    const shown = blocks.find((b) => b.text.startsWith('content/2024/weekday.txt:'));
    expect(shown?.text.trimEnd().split('\n').sort()).toEqual(printed.sort());
  });
});
