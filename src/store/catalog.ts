import type { Article, Problem, Term } from '../content/article.ts';
import { dropSharedIds } from './unique-ids.ts';
import {
  isArticlePath,
  loadArticle,
  type LoadOptions,
  type LoadResult,
  type StoreEntry,
} from '../content/load-article.ts';

/** The articles of one feed scope (the whole site, a section, a tag or an author), newest first. */
export interface Scope {
  kind: 'site' | 'section' | 'tag' | 'author';
  term?: Term;
  articles: readonly Article[];
  /** The newest change (updated, else published) of any article in the scope; 0 when empty. */
  lastChange: number;
}

/** One loaded, indexed version of the store. Immutable: a reload builds a new one. */
export interface Catalog {
  site: Scope;
  sections: ReadonlyMap<string, Scope>;
  tags: ReadonlyMap<string, Scope>;
  bySlug: ReadonlyMap<string, Article>;
  problems: readonly Problem[];
  /**
   * Store paths whose file is broken now but made a good article in the previous version:
   * that article stays published (and the file is reported) until the file is fixed or
   * deleted. Absent or empty when there are none.
   */
  kept?: readonly string[];
  /**
   * Store paths of files marked `draft: true`: published nowhere, reported as nothing wrong,
   * and a published article whose file becomes a draft is taken down. Absent when none.
   */
  drafts?: readonly string[];
}

export interface BuildOptions {
  /**
   * The version this one replaces: a file that fails to load now but made a good article
   * there keeps that article here ("the last good version"), and is reported all the same.
   */
  previous?: Catalog | undefined;
  /** How one file becomes an article; default loadArticle (a reloading store memoizes it). */
  load?: (file: StoreEntry, options: LoadOptions) => LoadResult;
}

/** Added to the report of a broken file whose last good version stays published. */
export const KEPT_NOTE = 'the last good version stays published until this is fixed';

/**
 * Items are ordered newest first by publication instant; articles published in the
 * same millisecond are ordered by slug (code-point order), which is unique, so the
 * order is total and the same bytes come out every time.
 */
export function compareArticles(a: Article, b: Article): number {
  if (a.published !== b.published) return b.published - a.published;
  return a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;
}

/**
 * Builds a whole new version of the store from its files; never throws on a file. Entries
 * carrying an adapter's `problem` are reported whatever their path (a link to a folder, say).
 */
export function buildCatalog(
  files: readonly StoreEntry[],
  options: LoadOptions,
  { previous, load = loadArticle }: BuildOptions = {},
): Catalog {
  const problems: Problem[] = [];
  const kept: string[] = [];
  const drafts: string[] = [];
  const bySlug = new Map<string, Article>();
  // The previous version's articles by file, made only when a file fails to load.
  let lastGood: Map<string, Article> | undefined;
  const lastGoodOf = (path: string) => {
    if (!lastGood) {
      lastGood = new Map();
      for (const article of previous?.bySlug.values() ?? []) lastGood.set(article.source, article);
    }
    return lastGood.get(path);
  };
  const wanted = files.filter((f) => f.problem || isArticlePath(f.path));
  // In path order, which decides who keeps a slug two files claim. The Node adapter hands
  // the files over sorted already: a pass to check costs less than a sort
  // (docs/performance.md).
  const sorted = isSortedByPath(wanted) ? wanted : wanted.sort(byPath);
  for (const file of sorted) {
    const result = safeLoad(load, file, options);
    if (!result.ok && result.isDraft) {
      drafts.push(file.path);
      continue;
    }
    if (!result.ok) {
      const good = lastGoodOf(file.path);
      if (good && !bySlug.has(good.slug)) {
        bySlug.set(good.slug, good);
        kept.push(file.path);
        problems.push(
          ...result.problems.map((p) => ({ ...p, message: `${p.message} (${KEPT_NOTE})` })),
        );
      } else problems.push(...result.problems);
      continue;
    }
    const taken = bySlug.get(result.article.slug);
    if (taken) {
      problems.push({
        path: file.path,
        line: 1,
        message: `${taken.source} already has the slug '${taken.slug}'; rename one of the two files`,
      });
      continue;
    }
    bySlug.set(result.article.slug, result.article);
  }
  dropSharedIds(bySlug, options.siteUrl, problems, lastGoodOf, kept);
  const articles = [...bySlug.values()].sort(compareArticles);
  const sections = new Map<string, Article[]>();
  const tags = new Map<string, Article[]>();
  for (const article of articles) {
    push(sections, article.section.slug, article);
    for (const tag of article.tags) push(tags, tag.slug, article);
  }
  return {
    site: scopeOf('site', articles),
    sections: scopes('section', sections),
    tags: scopes('tag', tags),
    bySlug,
    problems,
    kept,
    drafts,
  };
}

/** How many files a version reports (left out, or kept at their last good version). */
export function rejectedFiles(catalog: Pick<Catalog, 'problems'>): number {
  return new Set(catalog.problems.map((p) => p.path)).size;
}

/** Store entries in path order, the order that decides who keeps a slug two files claim. */
export function byPath(a: Pick<StoreEntry, 'path'>, b: Pick<StoreEntry, 'path'>): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function isSortedByPath(files: readonly StoreEntry[]): boolean {
  for (let i = 1; i < files.length; i += 1) if (byPath(files[i - 1]!, files[i]!) > 0) return false;
  return true;
}

/** A failure of the loader itself (a bug) becomes a report on that file, not a lost store. */
function safeLoad(
  load: NonNullable<BuildOptions['load']>,
  file: StoreEntry,
  options: LoadOptions,
): LoadResult {
  try {
    return load(file, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problems: [
        {
          path: file.path,
          line: 1,
          message: `the file could not be read (internal error: ${reason}); please report this`,
        },
      ],
    };
  }
}

function push(map: Map<string, Article[]>, key: string, article: Article) {
  const list = map.get(key);
  if (list) list.push(article);
  else map.set(key, [article]);
}

/** The section or tag `slug` as an article spells it. */
const TERM_OF: Record<'section' | 'tag', (article: Article, slug: string) => Term | undefined> = {
  section: (a) => a.section,
  tag: (a, slug) => a.tags.find((t) => t.slug === slug),
};

/**
 * Sections and tags in slug order, from their articles (newest first); a name spelled several
 * ways takes its newest article's spelling. `changeOf` dates them (see scopeOf).
 */
export function scopes(
  kind: 'section' | 'tag',
  groups: ReadonlyMap<string, Article[]>,
  changeOf?: (a: Article) => number,
): Map<string, Scope> {
  const result = new Map<string, Scope>();
  for (const slug of [...groups.keys()].sort()) {
    const articles = groups.get(slug) ?? [];
    const newest = articles[0];
    const term = (newest && TERM_OF[kind](newest, slug)) ?? { name: slug, slug };
    result.set(slug, { ...scopeOf(kind, articles, changeOf), term });
  }
  return result;
}

/** An article's newest change: `updated`, else `published`. */
export function lastChangeOf(article: Article): number {
  return article.updated ?? article.published;
}

/** A scope of `articles` (newest first), dated by the latest change of any of them. */
export function scopeOf(
  kind: Scope['kind'],
  articles: Article[],
  changeOf: (a: Article) => number = lastChangeOf,
): Scope {
  let lastChange = 0;
  for (const a of articles) lastChange = Math.max(lastChange, changeOf(a));
  return { kind, articles, lastChange };
}
