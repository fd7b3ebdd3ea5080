// The Node entry: reads the environment, loads the store folder, serves on PORT, reloads the
// store when its files change, and stops gracefully on SIGTERM or SIGINT.
import { getRequestListener } from '@hono/node-server';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import {
  ConfigError,
  contentDir,
  databaseFile,
  drainTimeout,
  parseConfig,
  parsePort,
} from './config.ts';
import { createApp } from './http/app.ts';
import { startBodyThread } from './adapters/node/body-thread.ts';
import { createFastListener } from './http/fast-listener.ts';
import type { Encoding } from './http/negotiate.ts';
import { formatProblem } from './content/article.ts';
import type { Catalog } from './store/catalog.ts';
import { DatabaseError } from './adapters/node/database-file.ts';
import { trackConnections } from './adapters/node/drain.ts';
import { answerRawRequests } from './adapters/node/raw-requests.ts';
import { openFolderStore } from './adapters/node/folder-store.ts';
import { watchStore } from './adapters/node/watch.ts';
import { compareTzdata, tzdataWarning } from './adapters/node/tzdata-check.ts';
import { WebSubPublisher } from './websub/publisher.ts';
import { changedTopics } from './websub/topics.ts';
import { watchGoLive } from './store/go-live.ts';
import { publishedAt, publishedNow } from './store/published-view.ts';
import { keepTickObjectShape } from './node-tick-shape.ts';

/**
 * The start-up line: where this process listens, and, when it differs, the public address
 * (SITE_URL) that feeds and pages use in their links.
 */
function listeningLine(port: number, siteUrl: string): string {
  const local = `http://localhost:${port}`;
  const links = siteUrl === local ? '' : ` (feeds and pages link to SITE_URL ${siteUrl})`;
  return `dateline: listening on ${local}${links}`;
}

/** A version's counts for the log: published now, embargoed, drafts, problems. */
function counts(catalog: Catalog, now = Date.now()): string {
  const live = publishedAt(catalog, now).bySlug.size;
  const ahead = catalog.bySlug.size - live;
  const drafts = catalog.drafts?.length ?? 0;
  return (
    `${live} articles` +
    (ahead ? ` (and ${ahead} embargoed)` : '') +
    (drafts ? `, ${drafts} drafts` : '') +
    `, ${catalog.problems.length} problems`
  );
}

/** Longest wait for the WebSub hub to take queued pings at shutdown. */
const WEBSUB_DRAIN_MS = 2_000;

// First, before any full garbage collection: keeps the 304 path's per-request cost flat
// over the life of the process (src/node-tick-shape.ts).
await keepTickObjectShape();

try {
  const config = parseConfig(process.env);
  const port = parsePort(process.env);
  const drainMs = drainTimeout(process.env);
  const dir = contentDir(process.env);
  const unreadable = (error: unknown) => {
    if (error instanceof DatabaseError) throw new ConfigError(error.message);
    throw new ConfigError(`CONTENT_DIR '${dir}' is not a folder that can be read`);
  };
  // What loading makes of the folder is kept in a database (src/adapters/node/database.ts): a
  // restart serves what it holds at once, then reconciles the folder like a reload.
  const clock = () => Date.now();
  const folder = await openFolderStore(dir, databaseFile(process.env), { ...config, clock }).catch(
    unreadable,
  );
  if (folder.notice) console.error(`dateline: ${folder.notice}`);
  const { store } = folder;
  const first = store.current();
  for (const problem of first.problems) console.error(formatProblem(problem, dir));
  console.log(
    `dateline: ${counts(first)}, from ` +
      (folder.from === 'folder' ? dir : `the database (${dir} is checked next)`),
  );
  // Brotli is not in the Web Compression Streams API: Node's zlib brings it, off the event loop.
  const br = promisify(brotliCompress);
  // gzip by zlib too: one call off the event loop, where a CompressionStream over a Blob
  // reads a multi-megabyte body through the loop chunk by chunk (docs/performance.md).
  const gz = promisify(gzip);
  const encoders = {
    br: async (bytes: Uint8Array) =>
      new Uint8Array(await br(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } })),
    gzip: async (bytes: Uint8Array) => new Uint8Array(await gz(bytes)),
  };
  // Large bodies are made on a thread of their own, so a render never holds the event loop long.
  const bodyMaker = startBodyThread().make;
  const app = createApp({ store, config, clock, encoders, bodyMaker, tzdata: process.versions.tz });
  const publisher = config.websubHub ? new WebSubPublisher({ hub: config.websubHub }) : undefined;
  /** Tells the hub about the feeds that changed between two versions, as published now. */
  const announce = (previous: Catalog | undefined, next: Catalog) => {
    const now = clock();
    publisher?.publish(
      changedTopics(config, previous && publishedAt(previous, now), publishedAt(next, now)),
    );
  };
  // An embargo lifts by itself: the hub hears of it then (requests read their own time).
  const goLive = watchGoLive({
    current: () => store.current(),
    clock,
    onChange(previous, next) {
      console.log(`dateline: went live: ${next.bySlug.size - previous.bySlug.size} articles`);
      publisher?.publish(changedTopics(config, previous, next));
    },
  });

  /** One reload: new reports printed (only those the previous version did not have), hub told. */
  async function reload(folders?: ReadonlySet<string>): Promise<void> {
    const result = await folder.reload(folders);
    if (result.error) {
      console.error(
        `dateline: reloading ${dir} failed (${result.error}); still serving the previous version`,
      );
      return;
    }
    for (const problem of result.newProblems) console.error(formatProblem(problem, dir));
    if (!result.changed) return;
    console.log(`dateline: reloaded ${dir}: ${counts(result.catalog)}`);
    announce(result.previous, result.catalog);
    goLive.reschedule();
  }

  let stopping = false;
  // Warm requests are answered from bytes before Hono (src/http/fast-path.ts).
  const listener = createFastListener<IncomingMessage, ServerResponse>({
    fetch: app.fetch,
    version: publishedNow(store, clock),
    encodings: Object.keys(encoders) as Encoding[],
    toListener: (fetch) => getRequestListener(fetch),
  });
  // Requests without Host, or with a backslash, are answered by the app's rules, not Node's.
  const server = createServer({ requireHostHeader: false }, answerRawRequests(listener, port));
  const connections = trackConnections(server);
  server.listen(port, () => {
    console.log(listeningLine(port, config.siteUrl));
    // A rule change the runtime's tzdata lacks is a wrong hour in every feed: said at start.
    const warning = tzdataWarning(config.timeZone, compareTzdata(config.timeZone, clock()));
    if (warning) console.error(warning);

    // A start may be a new deploy with any feed changed: tell the hub about every feed
    // (it fetches each and forwards only real changes to subscribers).
    announce(undefined, first);
  });
  // Served from the database: the folder is reconciled first, as a reload does, and then
  // watched (its watchers follow the folders that read found).
  let watcher: { close(): void } | undefined;
  const watch = () => {
    if (!stopping) watcher = watchStore(dir, { onChange: reload, lastRead: folder.lastRead });
  };
  if (folder.from === 'database') void reload().then(watch);
  else watch();

  async function stop(signal: string): Promise<void> {
    if (stopping) {
      // A second signal: the operator will not wait. Cut what is left and go.
      console.log(`dateline: ${signal} again: stopping now`);
      server.closeAllConnections();
      process.exit(1);
    }
    stopping = true;
    console.log(`dateline: ${signal}: finishing the requests in flight, then stopping`);
    watcher?.close();
    goLive.stop();
    // Idle keep-alive connections go now; busy ones once their response has been sent whole.
    if (!(await connections.drain(drainMs))) {
      console.log(`dateline: connections still busy after ${drainMs} ms were cut`);
    }
    if (publisher) {
      await Promise.race([publisher.idle(), new Promise((r) => setTimeout(r, WEBSUB_DRAIN_MS))]);
    }
    folder.close();
    console.log('dateline: stopped');
    process.exit(0);
  }
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`dateline: ${error.message}`);
  process.exit(1);
}
