import type { Catalog } from './catalog.ts';
import { nextChange, publishedAt, type Clock } from './published-view.ts';

/** setTimeout's longest delay (2^31 - 1 ms): a later instant is waited for in steps. */
const LONGEST_WAIT = 2_147_483_647;

export interface GoLiveOptions {
  /** The store's current version, embargoed articles included. */
  current: () => Catalog;
  clock: Clock;
  /** Told each time what is published changed by itself, with the view before and after. */
  onChange: (previous: Catalog, next: Catalog) => void;
  /** A timer (default setTimeout): tests pass their own and move the clock themselves. */
  setTimer?: (run: () => void, ms: number) => { cancel(): void };
}

export interface GoLive {
  /** After a reload: the next go-live is looked up in the new version. */
  reschedule(): void;
  stop(): void;
}

/**
 * Wakes at each instant the store names (an embargo lifting, an update coming due), so that
 * what depends on the published view and is not asked for by a request (a WebSub ping, a log
 * line) happens then, not at the next reload. Requests need none of this: every request reads
 * the view of its own time.
 */
export function watchGoLive({
  current,
  clock,
  onChange,
  setTimer = defaultTimer,
}: GoLiveOptions): GoLive {
  let seen = publishedAt(current(), clock());
  let timer: { cancel(): void } | undefined;

  function schedule(): void {
    timer?.cancel();
    timer = undefined;
    const now = clock();
    const next = nextChange(current(), now);
    if (next === undefined) return;
    timer = setTimer(wake, Math.min(Math.max(next - now, 1), LONGEST_WAIT));
  }

  function wake(): void {
    timer = undefined;
    const view = publishedAt(current(), clock());
    if (view !== seen) {
      const previous = seen;
      seen = view;
      onChange(previous, view);
    }
    schedule();
  }

  schedule();
  return {
    reschedule() {
      seen = publishedAt(current(), clock());
      schedule();
    },
    stop() {
      timer?.cancel();
      timer = undefined;
    },
  };
}

function defaultTimer(run: () => void, ms: number): { cancel(): void } {
  const handle = setTimeout(run, ms);
  return { cancel: () => clearTimeout(handle) };
}
