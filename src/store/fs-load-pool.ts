// The Node adapter's helpers for a first read: worker threads that read and load a share of
// the store's files while the main thread reads and loads the rest (see readStore).
import { Worker } from 'node:worker_threads';
import type { BodyBytes } from './article-body.ts';
import { helperScript, type HelperScript } from './fs-load-script.ts';
import type { LoadOptions, LoadResult } from './load-article.ts';
import { IndexReader, type SavedLine } from './saved-index.ts';
import type { TextPack } from './text-pack.ts';

/** What a helper thread is started with. */
export interface HelperSpec {
  dir: string;
  options: LoadOptions;
  /** When the read began (Date.now()): a file not `settled` then is not loaded there. */
  startedAt: number;
}

/**
 * A helper's answer to one message of paths: the values of saved-index lines (saved-index.ts)
 * for the files it loaded, structured-cloned, which copies strings as they are (lines of JSON
 * escape and scan every character of every summary, which made a large first read
 * measurably longer: docs/performance.md), and `[path, stamp, problem]` for the others:
 * reported (a problem), gone (no problem), or changed too lately for its stamp to prove
 * anything (stamp null: read it here).
 */
export interface HelperReply {
  values: SavedLine[];
  notLoaded: [path: string, stamp: string | null, problem: string | null][];
}

/** What became of a file handed to a helper; undefined: the caller must read it itself. */
export type HelperOutcome =
  { stamp: string; loaded: LoadResult } | { stamp: string; problem?: string } | undefined;

/**
 * Files sent to a helper and not answered yet, at most: a fraction of a second of its work.
 * The reader hands out more only between its own batches (HELPED_BATCH in fs-store.ts), so
 * fewer would leave the helper idle (half as many left it idle for part of a read), and more
 * would leave the reader waiting at the end (the figures: docs/performance.md). The reader
 * reads and loads every file it does not hand over, so the work shares itself out by speed.
 */
const MAX_OUTSTANDING = 1024;
/** Paths a message carries at most. */
const PER_MESSAGE = 64;

type Outcomes = Map<string, HelperOutcome> | undefined;

interface Helper {
  worker: Worker;
  /** The callers waiting on each message sent, in order (a helper answers in order). */
  sent: ((outcomes: Outcomes) => void)[];
  outstanding: number;
  /** The paths of the message being filled, and the promise of its outcomes. */
  next: string[];
  nextOutcomes?: Promise<Outcomes>;
}

/** Helper threads for a first read that loads: they load with `options`, as the reader must. */
export interface Helpers {
  options: LoadOptions;
  threads: number;
  /**
   * Files the reader reads itself before the threads start (default 1,000): a small store is
   * read before a thread would have started (docs/performance.md).
   */
  after?: number;
  /**
   * The helper's code as one script (fs-load-script.ts): a thread then starts sooner (see
   * there). Without one made for this loader, the threads run the sources through tsx, and
   * the script is made once the read is over, for the next.
   */
  script?: HelperScript;
}

/**
 * Helpers as the Node server has them at a first start: `threads` threads, running their
 * script once it is made. The benchmark's starts take the same, so that they start as
 * `npm start` does.
 */
export function serverHelpers(options: LoadOptions, threads: number): Helpers {
  return { options, threads, script: helperScript() };
}

export interface LoadPool {
  /**
   * Hands `path` to a helper, or returns undefined when every helper has enough to do, none
   * could start, or the reader has read fewer than `after` files (`readSoFar`): the reader
   * then reads it itself.
   */
  offer(path: string, readSoFar: number): Promise<HelperOutcome> | undefined;
  /** Stops the helpers (files offered and not answered come back undefined). */
  close(): void;
}

/**
 * `threads` helper threads, started once the reader has read `after` files. An article a
 * helper loaded gets its body from `reread(path, stamp)`, as one the reader loads does. A
 * helper that fails (cannot start, crashes) hands back what it held: nothing is lost, the
 * reader reads it.
 */
export function createLoadPool(
  spec: HelperSpec,
  { threads, after = 1_000, script }: Pick<Helpers, 'threads' | 'after' | 'script'>,
  reread: (path: string, stamp: string) => BodyBytes,
  pack?: TextPack,
): LoadPool {
  const helpers: Helper[] = [];
  let started = false;
  /** Whether the threads ran the sources, no script being there for this loader. */
  let fromSources = false;
  function start(): void {
    started = true;
    const code = script?.cached();
    fromSources = code === undefined;
    for (let i = 0; i < threads; i += 1) {
      const helper = startHelper(spec, code, reread, pack);
      if (helper) helpers.push(helper);
    }
  }

  function send(helper: Helper): void {
    const paths = helper.next;
    helper.next = [];
    helper.nextOutcomes = undefined;
    if (paths.length > 0) helper.worker.postMessage(paths);
  }

  return {
    offer(path, readSoFar) {
      if (!started && readSoFar >= after) start();
      let helper: Helper | undefined;
      for (const h of helpers) {
        if (h.outstanding < (helper?.outstanding ?? MAX_OUTSTANDING)) helper = h;
      }
      if (!helper) return undefined;
      const chosen = helper;
      chosen.outstanding += 1;
      if (!chosen.nextOutcomes) {
        const paths = chosen.next;
        chosen.nextOutcomes = new Promise<Outcomes>((settle) => chosen.sent.push(settle));
        // A part-filled message goes at the next turn of the event loop: the walk yields
        // every few milliseconds, and waits for every promise before it ends.
        setImmediate(() => {
          if (chosen.next === paths) send(chosen);
        });
      }
      const outcomes = chosen.nextOutcomes;
      chosen.next.push(path);
      if (chosen.next.length >= PER_MESSAGE) send(chosen);
      return outcomes.then((answered) => {
        chosen.outstanding -= 1;
        return answered?.get(path);
      });
    },
    close() {
      for (const helper of helpers) {
        void helper.worker.terminate();
        failed(helper);
      }
      // After the read, not during it: esbuild's process would take a core from it.
      if (fromSources) void script?.prepare();
    },
  };
}

/** A helper thread running `code` (the script) or the sources; undefined when none can start. */
function startHelper(
  spec: HelperSpec,
  code: string | undefined,
  reread: (path: string, stamp: string) => BodyBytes,
  pack: TextPack | undefined,
): Helper | undefined {
  let worker: Worker;
  try {
    if (code !== undefined) {
      // No node options of the server's (its `--import tsx` would register tsx in the thread).
      worker = new Worker(code, { eval: true, workerData: spec, execArgv: [] });
    } else {
      // The TypeScript sources, as the server runs them: through tsx, registered in the
      // thread itself (a worker does not inherit the main thread's module hooks).
      const tsx = import.meta.resolve('tsx/esm/api');
      const entry = new URL('./fs-load-worker.ts', import.meta.url).href;
      worker = new Worker(
        `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`,
        { eval: true, workerData: spec },
      );
    }
  } catch {
    return undefined;
  }
  // Not unref()ed: the read awaits its answers, so it must keep the event loop alive until
  // the read ends and closes the pool (readStore does, whatever happens).
  const helper: Helper = { worker, sent: [], outstanding: 0, next: [] };
  // Terms are numbered per helper, in the order its lines define them.
  const reader = new IndexReader(spec.options.siteUrl, pack);
  worker.on('message', function answered(reply: HelperReply) {
    const outcomes = new Map<string, HelperOutcome>();
    try {
      for (const value of reply.values) {
        const saved = reader.readValue(value, reread);
        if (saved) outcomes.set(saved.path, { stamp: saved.stamp, loaded: saved.loaded });
      }
    } catch {
      // An answer that does not read back: this helper's files go back to the reader.
      void worker.terminate();
      failed(helper);
      return;
    }
    for (const [path, stamp, problem] of reply.notLoaded) {
      outcomes.set(path, stamp === null ? undefined : problem ? { stamp, problem } : { stamp });
    }
    helper.sent.shift()?.(outcomes);
  });
  worker.on('error', () => failed(helper));
  worker.on('exit', () => failed(helper));
  return helper;
}

/** Everything a helper held comes back undefined (the caller reads it), and it takes no more. */
function failed(helper: Helper): void {
  helper.outstanding = Number.POSITIVE_INFINITY;
  helper.next = [];
  helper.nextOutcomes = undefined;
  for (const settle of helper.sent.splice(0)) settle(undefined);
}
