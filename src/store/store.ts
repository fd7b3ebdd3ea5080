import { formatProblem, type Problem } from '../content/article.ts';
import { buildCatalog, type Catalog } from './catalog.ts';
import {
  loadArticle,
  type LoadOptions,
  type LoadResult,
  type StoreEntry,
} from '../content/load-article.ts';

/**
 * What the HTTP layer reads articles from: the current catalog. The Node entry
 * builds it from a folder, the Worker from D1's rows; a reload swaps in a whole new
 * catalog, so a request never sees half a store.
 */
export interface ArticleStore {
  /** The current version: at hand (Node), or read when first asked for (the Worker's D1). */
  current(): Catalog | Promise<Catalog>;
  /** Which version is current, for the editors' view: a name, and when it was swapped in. */
  describe?(): { version: string; since?: number | undefined };
}

/** A store of one version (the Worker's D1 version, a static export, tests), named `version`. */
export function fixedStore(
  catalog: Catalog,
  version = 'fixed',
): ArticleStore & { current(): Catalog } {
  return { current: () => catalog, describe: () => ({ version }) };
}

export interface ReloadResult {
  /** The version served before this reload. */
  previous: Catalog;
  /** The version served now: `previous` itself when nothing changed or the store could not be read. */
  catalog: Catalog;
  /** True when a new version was swapped in. */
  changed: boolean;
  /** Reports of this version that the previous one did not have (new files, new errors). */
  newProblems: Problem[];
  /** Set when the store could not be read at all; the previous version stays. */
  error?: string;
}

export interface ReloadingStore extends ArticleStore {
  current(): Catalog;
  /**
   * Reads every file again, builds a new catalog aside and swaps it in with one assignment.
   * Reloads never overlap: a call while one runs waits for it, then all such calls share
   * one more reload, which reads the files as they are after the running one. Never rejects.
   */
  reload(): Promise<ReloadResult>;
}

/** Where a reloading store makes its versions durable (the Node server's database). */
export interface Persistence {
  /**
   * Called once a read's version is built, before it is served: makes it durable, all of it
   * or nothing. If it throws, the version is not served (the previous one stays).
   */
  commit(catalog: Catalog): void;
  /** Called when a read or its build fails: drops whatever the read wrote. */
  rollback(): void;
}

export interface ReloadingOptions {
  persistence?: Persistence;
  /** The last good articles of files broken in the first read (a restart's database). */
  lastGood?: Catalog;
  /** When a version is swapped in, for `describe` (default: not said). */
  clock?: () => number;
}

/**
 * A store that reloads from `readFiles` (an adapter: a folder on Node, anything that can list
 * the files elsewhere). Reads once before it returns; a failure of that first read rejects.
 * Unchanged files are not parsed again (the same bytes give the same Article object), and a
 * reload that changes nothing keeps the current catalog object, so caches keyed by it live on.
 * A file that breaks keeps its last good article published (see buildCatalog).
 */
export async function createReloadingStore(
  readFiles: () => Promise<readonly StoreEntry[]>,
  options: LoadOptions,
  { persistence, lastGood, clock }: ReloadingOptions = {},
): Promise<ReloadingStore> {
  let memo = new Map<string, { bytes: Uint8Array; result: LoadResult }>();

  function build(files: readonly StoreEntry[], previous: Catalog | undefined): Catalog {
    const nextMemo = new Map<string, { bytes: Uint8Array; result: LoadResult }>();
    const load = (file: StoreEntry, loadOptions: LoadOptions): LoadResult => {
      // Reports, and files the adapter loaded itself (it knows by their stamps what changed).
      if (file.problem || file.loaded) return loadArticle(file, loadOptions);
      const cached = memo.get(file.path);
      const result =
        cached && sameBytes(cached.bytes, file.bytes)
          ? cached.result
          : loadArticle(file, loadOptions);
      nextMemo.set(file.path, { bytes: file.bytes, result });
      return result;
    };
    const catalog = buildCatalog(files, options, { previous, load });
    memo = nextMemo;
    return catalog;
  }

  /** Reads and builds a version, made durable before it is returned. */
  async function next(previous: Catalog | undefined): Promise<Catalog> {
    try {
      const catalog = build(await readFiles(), previous);
      persistence?.commit(catalog);
      return catalog;
    } catch (error) {
      persistence?.rollback();
      throw error;
    }
  }

  let current = await next(lastGood);
  /** Versions served so far, and when the current one was swapped in. */
  let versions = 1;
  let since = clock?.();

  async function run(): Promise<ReloadResult> {
    const previous = current;
    const failed = (error: unknown): ReloadResult => ({
      previous,
      catalog: previous,
      changed: false,
      newProblems: [],
      error: error instanceof Error ? error.message : String(error),
    });
    let built: Catalog;
    try {
      built = await next(previous);
    } catch (error) {
      return failed(error);
    }
    const before = new Set(previous.problems.map((p) => formatProblem(p)));
    const newProblems = built.problems.filter((p) => !before.has(formatProblem(p)));
    if (sameCatalog(previous, built)) {
      return { previous, catalog: previous, changed: false, newProblems };
    }
    current = built; // the swap: one assignment, between two requests' reads
    versions += 1;
    since = clock?.();
    return { previous, catalog: built, changed: true, newProblems };
  }

  let running: Promise<ReloadResult> | undefined;
  let queued: Promise<ReloadResult> | undefined;

  function start(): Promise<ReloadResult> {
    const promise = run().finally(() => {
      if (running === promise) running = undefined;
    });
    running = promise;
    return promise;
  }

  return {
    current: () => current,
    describe: () => ({ version: String(versions), since }),
    reload() {
      if (queued) return queued;
      if (!running) return start();
      const again = () => {
        queued = undefined;
        return start();
      };
      queued = running.then(again, again);
      return queued;
    },
  };
}

/** Same articles (the very objects) in the same order, the same reports, kept files and drafts. */
function sameCatalog(a: Catalog, b: Catalog): boolean {
  const x = a.site.articles;
  const y = b.site.articles;
  if (x.length !== y.length || x.some((article, i) => article !== y[i])) return false;
  const p = a.problems.map((problem) => formatProblem(problem));
  const q = b.problems.map((problem) => formatProblem(problem));
  if (p.length !== q.length || p.some((line, i) => line !== q[i])) return false;
  return samePaths(a.kept, b.kept) && samePaths(a.drafts, b.drafts);
}

function samePaths(a: readonly string[] = [], b: readonly string[] = []): boolean {
  return a.length === b.length && a.every((path, i) => path === b[i]);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
