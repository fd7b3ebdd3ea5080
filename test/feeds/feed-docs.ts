// Fetching feed documents from a test app and reading JSON Feed with JSON.parse.
import type { TestApp } from '../support/app.ts';

export const SITE = 'http://localhost:8787'; // SITE_URL's default
export type Format = 'rss' | 'atom' | 'json';
const FILES: Record<Format, string> = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' };

export interface Doc {
  /** As requested: `/sections/palestine/page/2/rss.xml?limit=2`. */
  path: string;
  format: Format;
  status: number;
  contentType: string | null;
  body: string;
}

export interface JsonItem {
  id: unknown;
  url?: string;
  title?: string;
  summary?: string;
  content_html?: string;
  content_text?: string;
  date_published?: string;
  date_modified?: string;
  authors?: { name?: string }[];
  tags?: string[];
}

export interface JsonFeed {
  version?: string;
  feed_url?: string;
  next_url?: string;
  authors?: { name?: string }[];
  items: JsonItem[];
}

function formatOf(path: string): Format {
  const file = path.split('?')[0]?.split('/').pop();
  const format = (Object.keys(FILES) as Format[]).find((f) => FILES[f] === file);
  if (!format) throw new Error(`${path} is not a feed path`);
  return format;
}

export async function fetchDocs(app: TestApp, paths: string[]): Promise<Doc[]> {
  return Promise.all(
    paths.map(async (path) => {
      const response = await app.get(path);
      const contentType = response.headers.get('content-type');
      return {
        path,
        format: formatOf(path),
        status: response.status,
        contentType,
        body: await response.text(),
      };
    }),
  );
}

/** Paged variants of the site feed and of the largest section: page 1, page 2 and the last page of 2 items. */
export function pagedPaths(app: TestApp): string[] {
  const sections = [...app.catalog.sections.entries()];
  const [slug, section] = sections.sort((a, b) => b[1].articles.length - a[1].articles.length)[0]!;
  const scopes = [
    ['/', app.catalog.site.articles.length],
    [`/sections/${encodeURIComponent(slug)}/`, section.articles.length],
  ] as const;
  return scopes.flatMap(([base, count]) => {
    const last = Math.ceil(count / 2);
    if (last < 3)
      throw new Error(`${base} has too few articles for page 2 to differ from the last page`);
    return ['', 'page/2/', `page/${last}/`].flatMap((page) =>
      Object.values(FILES).map((file) => `${base}${page}${file}?limit=2`),
    );
  });
}

const parsed = new WeakMap<Doc, JsonFeed>();

export function jsonOf(doc: Doc): JsonFeed {
  let feed = parsed.get(doc);
  if (!feed) {
    feed = JSON.parse(doc.body) as JsonFeed;
    parsed.set(doc, feed);
  }
  return feed;
}

/** The same feed in another format; with `query` given, its first page with that query ('' is the whole feed). */
export function twin(docs: Doc[], doc: Doc, format: Format, query?: string): Doc {
  const [own = '', ownQuery = ''] = doc.path.split('?');
  const q = query ?? ownQuery;
  const path = query === undefined ? own : own.replace(/page\/\d+\//, '');
  const wanted = path.replace(/[^/]+$/, FILES[format]) + (q ? `?${q}` : '');
  const found = docs.find((d) => d.path === wanted);
  if (!found) throw new Error(`no ${wanted} beside ${doc.path}`);
  return found;
}

/** The newest change of any item (date_modified, else date_published), as RFC 3339 in UTC. */
export function newestItem(feed: JsonFeed): string {
  const times = feed.items.map((i) => Date.parse(i.date_modified ?? i.date_published ?? ''));
  return new Date(Math.max(...times)).toISOString().replace(/\.000Z$/, 'Z');
}

/** Per document what `check` finds wrong, as `path: problem` lines; [] when nothing is. */
export function failures(docs: Doc[], check: (doc: Doc, i: number) => string | string[]): string[] {
  return docs.flatMap((doc, i) =>
    [check(doc, i)]
      .flat()
      .filter(Boolean)
      .map((p) => `${doc.path}: ${p}`),
  );
}
