import type { Article } from './article.ts';
import { bodySourceOf, cleanBody, isBodyMade, keepMadeBody } from './article-body.ts';
import type { DraftBody } from './draft.ts';

/**
 * Makes a body's HTML away from the event loop (the Node server's body thread): the same
 * function of the same bytes as `contentHtml`'s own making (`makeBodyHtml`).
 */
export type BodyMaker = (job: BodyJob) => Promise<string>;

/** What a BodyMaker needs: the file's bytes, where the body lies in them, the article's URL. */
export interface BodyJob {
  bytes: Uint8Array;
  body: DraftBody;
  baseUrl: string;
}

/**
 * Files from this size up have their bodies made by a BodyMaker when one is given: the body
 * of a 2 MB file holds a thread for about 90 ms (a dispatch) to 220 ms (Markdown), longer
 * than a request for /healthz should wait behind it (the figures: docs/performance.md).
 */
export const LARGE_BODY_BYTES = 128 * 1024;

const pending = new Map<Article, Promise<void>>();

/**
 * Makes the bodies of the large articles among `articles` with `maker`, before a render asks
 * for them, so that the render finds them made. Never rejects: a body the maker failed to
 * make is made as before, when asked for.
 */
export async function prepareBodies(
  articles: readonly Article[],
  maker: BodyMaker,
): Promise<void> {
  const jobs: Promise<void>[] = [];
  for (const article of articles) {
    if (article.size < LARGE_BODY_BYTES || isBodyMade(article)) continue;
    let job = pending.get(article);
    if (!job) {
      const source = bodySourceOf(article);
      if (!source) continue;
      job = maker({ ...source, baseUrl: article.url })
        .then((html) => keepMadeBody(article, html))
        .catch(() => undefined)
        .finally(() => pending.delete(article));
      pending.set(article, job);
    }
    jobs.push(job);
  }
  if (jobs.length === 0) return;
  await Promise.all(jobs);
  await nextTurn();
}

let turns: Promise<void> = Promise.resolve();

/**
 * Resolves in a turn of the event loop of its own, after the turns asked for before it. A
 * thread's replies arrive together, in one task, and timers due together run together: without
 * this, every large render waiting on them runs back to back while other requests wait.
 */
function nextTurn(): Promise<void> {
  const turn = turns.then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  turns = turn;
  return turn;
}

/** The body's HTML from its file's bytes: what a BodyMaker runs, elsewhere. */
export function makeBodyHtml({ bytes, body, baseUrl }: BodyJob): string {
  return cleanBody({ bytes, body }, baseUrl);
}
