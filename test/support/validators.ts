// Checkers for feed output that share no code with src/: Debian's feedparser, xmllint, jing
// with RFC 4287's grammar (test/schemas/atom.rnc), the JSON Feed 1.1 schema (ajv) and
// @rowanmanning/feed-parser. Each reads the bytes a client would get.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import Ajv from 'ajv';
import { DEBIAN_PYTHON, needTool } from './tools.ts';
import addFormats from 'ajv-formats';

const READ_FEED = new URL('./read_feed.py', import.meta.url).pathname;
const ATOM_RNC = new URL('../schemas/atom.rnc', import.meta.url).pathname;
const ATOM_NS = 'http://www.w3.org/2005/Atom';

export interface FeedparserEntry {
  id: string | null;
  title: string | null;
  /** title_detail.type: `text/plain` or `text/html`. */
  title_type: string | null;
  link: string | null;
  /** RFC 3339 in UTC, from published_parsed. */
  published: string | null;
  updated: string | null;
  summary: string | null;
  summary_type: string | null;
  /** content[0].value and .type. */
  content: string | null;
  content_type: string | null;
  tags: { term: string | null; label: string | null; scheme: string | null }[];
  author: string | null;
}

export interface FeedparserResult {
  name: string;
  bozo: boolean;
  bozo_exception: string;
  /** `rss20`, `atom10`, or '' when feedparser cannot tell. */
  version: string;
  feed: {
    title: string | null;
    link: string | null;
    language: string | null;
    updated: string | null;
    /** RSS `image` url (feedparser's image.href); Atom `icon` and `logo`. */
    image: string | null;
    icon: string | null;
    logo: string | null;
  };
  entries: FeedparserEntry[];
}

/**
 * readWithFeedparser over `docs`, run once on first use inside a test and kept by name, so
 * that a machine without feedparser skips only the tests that call it.
 */
export function feedparserOnce(
  docs: { name: string; body: string }[],
): () => Map<string, FeedparserResult> {
  let results: Map<string, FeedparserResult> | undefined;
  return function read() {
    results ??= new Map(readWithFeedparser(docs).map((r) => [r.name, r]));
    return results;
  };
}

/** Every document read by feedparser 6 in one python process. */
export function readWithFeedparser(docs: { name: string; body: string }[]): FeedparserResult[] {
  needTool('feedparser');
  const out = execFileSync(DEBIAN_PYTHON, ['-I', READ_FEED], {
    input: JSON.stringify(docs),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const results = JSON.parse(out) as FeedparserResult[];
  if (results.length !== docs.length)
    throw new Error(`feedparser read ${results.length} documents`);
  return results;
}

/** Writes the documents to a fresh temporary directory, runs `use`, then removes them. */
function withFiles<T>(docs: string[], use: (paths: string[]) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'feeds-'));
  try {
    const paths = docs.map((doc, i) => {
      const path = join(dir, `${i}.xml`);
      writeFileSync(path, doc);
      return path;
    });
    return use(paths);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Splits a tool's report into per-file text: a line `path:...` starts that file's part. */
function reportsByFile(paths: string[], report: string): string[] {
  const parts = paths.map(() => [] as string[]);
  let current = -1;
  for (const line of report.split('\n')) {
    const index = paths.findIndex((path) => line.startsWith(`${path}:`));
    if (index >= 0) current = index;
    if (current >= 0 && line.trim()) parts[current]?.push(line);
  }
  return parts.map((lines) => lines.join('\n'));
}

/** `xmllint --noout` over every document at once: per document its errors, '' when well-formed. */
export function checkWellFormed(docs: string[]): string[] {
  needTool('xmllint');
  return withFiles(docs, (paths) => {
    const run = spawnSync('xmllint', ['--noout', '--nonet', ...paths], { encoding: 'utf8' });
    const errors = reportsByFile(paths, run.stderr);
    if (run.status !== 0 && errors.every((e) => e === ''))
      throw new Error(`xmllint: ${run.stderr}`);
    return errors;
  });
}

/** The string value of an XPath 1.0 expression over one document, by xmllint. */
export function xpathString(xml: string, expression: string): string {
  needTool('xmllint');
  return withFiles([xml], ([path]) => {
    const out = execFileSync('xmllint', ['--nonet', '--xpath', `string(${expression})`, path!], {
      encoding: 'utf8',
    });
    return out.replace(/\n$/, '');
  });
}

let atomRng: string | undefined;

/**
 * RFC 4287 Appendix B as RELAX NG XML, converted by trang once per test run: the result is
 * kept in the temporary directory under the hash of the grammar, so test files running in
 * parallel workers share it, and an edited grammar is converted again.
 */
function atomGrammar(): string {
  if (atomRng) return atomRng;
  const rnc = readFileSync(ATOM_RNC);
  const hash = createHash('sha256').update(rnc).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), `atom-rng-${hash}`);
  const rng = join(dir, 'atom.rng');
  if (!existsSync(rng)) {
    const work = mkdtempSync(join(tmpdir(), 'atom-rng-work-'));
    execFileSync('trang', [ATOM_RNC, join(work, 'atom.rng')]);
    try {
      renameSync(work, dir); // atomic: a parallel worker sees no half-written grammar
    } catch {
      rmSync(work, { recursive: true, force: true }); // another worker was first
    }
  }
  if (!existsSync(rng)) throw new Error(`trang left no ${rng}`);
  atomRng = rng;
  return rng;
}

/** jing over every document at once against RFC 4287's grammar: per document its errors, or ''. */
export function validateAtom(xmlDocs: string[]): string[] {
  needTool('trang');
  needTool('jing');
  const grammar = atomGrammar();
  return withFiles(xmlDocs, (paths) => {
    const run = spawnSync('jing', [grammar, ...paths], { encoding: 'utf8' });
    const errors = reportsByFile(paths, run.stdout + run.stderr);
    if (run.status !== 0 && errors.every((e) => e === '')) {
      throw new Error(`jing failed: ${run.stdout}${run.stderr}`);
    }
    return errors;
  });
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const jsonFeedSchema = createRequire(import.meta.url)('jsonfeed-schema/schema-v1.1.json') as object;
const validateJsonFeedSchema = ajv.compile(jsonFeedSchema);

/** JSON Feed 1.1 schema (jsonfeed-schema) with ajv-formats: the errors, none when valid. */
export function validateJsonFeed(json: unknown): string[] {
  if (validateJsonFeedSchema(json)) return [];
  return (validateJsonFeedSchema.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`,
  );
}

export function parseWithRowan(xml: string): ReturnType<typeof parseFeed> {
  return parseFeed(xml);
}

type XmlElement = ReturnType<typeof parseFeed>['element'];

function atomChildren(parent: XmlElement, name: string): XmlElement[] {
  return parent.findElementsWithName(name).filter((child) => child.namespaceUri === ATOM_NS);
}

/** RFC 4287 section 4.2.7.2: a link without rel is an alternate link. */
function alternateLinks(parent: XmlElement): XmlElement[] {
  return atomChildren(parent, 'link').filter(
    (link) => (link.getAttribute('rel') ?? 'alternate') === 'alternate',
  );
}

function duplicateAlternates(parent: XmlElement, where: string): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const link of alternateLinks(parent)) {
    const key = `${link.getAttribute('type') ?? ''} ${link.getAttribute('hreflang') ?? ''}`;
    if (seen.has(key)) problems.push(`${where}: two alternate links with type/hreflang '${key}'`);
    seen.add(key);
  }
  return problems;
}

/**
 * The rules of RFC 4287 section 4.1 that its grammar leaves to prose: an author for every
 * entry, content or an alternate link in every entry, at most one alternate link per
 * type and hreflang, and exactly one id, title and updated in the feed and each entry.
 */
export function atomRuleErrors(xml: string): string[] {
  const root = parseWithRowan(xml).element;
  if (root.name !== 'feed' || root.namespaceUri !== ATOM_NS) return ['the root is not atom:feed'];
  const problems: string[] = [];
  const once = (parent: XmlElement, where: string) => {
    for (const name of ['id', 'title', 'updated']) {
      const count = atomChildren(parent, name).length;
      if (count !== 1)
        problems.push(`${where} has ${count} atom:${name} (4.1.1, 4.1.2: exactly one)`);
    }
  };
  once(root, 'the feed');
  problems.push(...duplicateAlternates(root, 'the feed'));
  const feedHasAuthor = atomChildren(root, 'author').length > 0;
  atomChildren(root, 'entry').forEach((entry, i) => {
    const where = `entry ${i + 1}`;
    once(entry, where);
    problems.push(...duplicateAlternates(entry, where));
    const sourceAuthor = atomChildren(entry, 'source').some(
      (s) => atomChildren(s, 'author').length,
    );
    if (!feedHasAuthor && !sourceAuthor && atomChildren(entry, 'author').length === 0) {
      problems.push(`${where} has no atom:author and neither has the feed (4.1.1, 4.1.2)`);
    }
    if (atomChildren(entry, 'content').length === 0 && alternateLinks(entry).length === 0) {
      problems.push(`${where} has neither atom:content nor an alternate link (4.1.2)`);
    }
  });
  return problems;
}

/** The atom:link elements of an RSS channel or an Atom feed (not of its items or entries). */
export function feedLinks(xml: string): { rel: string; href: string; type: string | null }[] {
  return atomChildren(parseWithRowan(xml).element, 'link').map((link) => ({
    rel: link.getAttribute('rel') ?? 'alternate',
    href: link.getAttribute('href') ?? '',
    type: link.getAttribute('type'),
  }));
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the character references of HTML text once (the five XML names, decimal, hex). */
export function decodeHtmlOnce(html: string): string {
  return html.replace(/&(#[0-9]+|#x[0-9a-f]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? whole;
    const hex = ref[1] === 'x' || ref[1] === 'X';
    return String.fromCodePoint(parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10));
  });
}
