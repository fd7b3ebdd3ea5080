import { readStoreFiles } from '../../src/adapters/node/read-store.ts';
import { parseConfig, type Config, type Vars } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { authorScopes } from '../../src/store/author-index.ts';
import type { StoreFile } from '../../src/content/article.ts';
import { buildCatalog, type Catalog } from '../../src/store/catalog.ts';
import type { Clock } from '../../src/store/published-view.ts';
import { fixedStore } from '../../src/store/store.ts';

export const CONTENT_DIR = new URL('../../content/', import.meta.url).pathname;

export interface TestApp {
  app: ReturnType<typeof createApp>;
  catalog: Catalog;
  config: Config;
  /** GET a path (with query) through app.request(). A function, not a method: tests destructure it. */
  get: (path: string, headers?: Record<string, string>) => Promise<Response>;
}

/**
 * A JSON Feed 1.1 document as src/render/json-feed.ts writes it (jsonfeed.org/version/1.1):
 * the members tests read. Response.json() gives `any`; feedJson() says what is expected.
 */
export interface FeedJson {
  title: string;
  description: string;
  feed_url: string;
  next_url?: string;
  language?: string;
  hubs?: { type: string; url: string }[];
  items: {
    id: string;
    title: string;
    date_published: string;
    date_modified?: string;
    language?: string;
  }[];
}

/** The body of a JSON Feed response. */
export async function feedJson(response: Response): Promise<FeedJson> {
  return (await response.json()) as FeedJson;
}

/**
 * The clock of test apps: a fixed time after every dated test article, so that none is
 * embargoed and no test's answer changes with the day it runs. Embargo tests bring their own.
 */
export const TEST_CLOCK: Clock = () => Date.UTC(2030, 0, 1);

/** `previous`: the version served before, whose last good versions a broken file keeps. */
export function appFromFiles(
  files: StoreFile[],
  vars: Vars = {},
  clock: Clock = TEST_CLOCK,
  previous?: Catalog,
): TestApp {
  const config = parseConfig(vars);
  const catalog = buildCatalog(files, { ...config, clock }, { previous });
  const app = createApp({ store: fixedStore(catalog), config, clock });
  return {
    app,
    catalog,
    config,
    get: async (path, headers = {}) => app.request(path, { headers }),
  };
}

/** Store files from strings: `{ '2024/a.txt': '...' }`. */
export function filesFrom(texts: Record<string, string | Uint8Array>): StoreFile[] {
  return Object.entries(texts).map(([path, text]) => ({
    path,
    bytes: typeof text === 'string' ? new TextEncoder().encode(text) : text,
  }));
}

export async function appFromDir(
  dir: string,
  vars: Vars = {},
  clock: Clock = TEST_CLOCK,
  previous?: Catalog,
): Promise<TestApp> {
  return appFromFiles(await readStoreFiles(dir), vars, clock, previous);
}

/** The app over the repository's own content/ folder, as `npm start` serves it. */
export function contentApp(vars: Vars = {}): Promise<TestApp> {
  return appFromDir(CONTENT_DIR, vars);
}

/** Every feed URL path the app serves for a catalog: site, sections, tags and authors, three formats each. */
export function allFeedPaths(catalog: Catalog): string[] {
  const bases = ['/'];
  for (const slug of catalog.sections.keys()) bases.push(`/sections/${encodeURIComponent(slug)}/`);
  for (const slug of catalog.tags.keys()) bases.push(`/tags/${encodeURIComponent(slug)}/`);
  for (const slug of authorScopes(catalog).keys())
    bases.push(`/authors/${encodeURIComponent(slug)}/`);
  return bases.flatMap((base) => ['rss.xml', 'atom.xml', 'feed.json'].map((file) => base + file));
}

/** A dispatch in the newsroom's export format. */
export function dispatch(parts: {
  section?: string;
  dateline?: string;
  title?: string;
  body?: string[];
  tags?: string[];
}): string {
  const title = parts.title ?? 'A test dispatch';
  return [
    parts.section ?? 'PALESTINE',
    '',
    parts.dateline ?? 'Fri 19 Apr 2024 6:22 pm - Jerusalem Time',
    '',
    title,
    '',
    ...(parts.body ?? ['The first paragraph.', '', 'The second paragraph.']),
    '',
    'Tags',
    '',
    ...(parts.tags ?? []),
    '',
    'Share your opinion',
    '',
    title,
  ].join('\n');
}
