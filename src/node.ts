// The Node entry: reads the environment, loads the store folder, serves on PORT, reloads the
// store when its files change, and stops gracefully on SIGTERM or SIGINT.
import { getRequestListener } from '@hono/node-server';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';
import {
  ConfigError,
  contentDir,
  databaseFile,
  drainTimeout,
  parseConfig,
  parsePort,
} from './config.ts';
import { createApp } from './http/app.ts';
import { createFastListener } from './http/fast-listener.ts';
import type { Encoding } from './http/negotiate.ts';
import { gzipWithCompressionStream } from './http/representation.ts';
import { formatProblem } from './content/article.ts';
import type { Catalog } from './store/catalog.ts';
import { DatabaseError } from './adapters/node/database-file.ts';
import { trackConnections } from './adapters/node/drain.ts';
import { answerRawRequests } from './adapters/node/raw-requests.ts';
import { openFolderStore } from './adapters/node/folder-store.ts';
import { watchStore } from './adapters/node/watch.ts';
import { WebSubPublisher } from './websub/publisher.ts';
import { changedTopics } from './websub/topics.ts';
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
  const folder = await openFolderStore(dir, databaseFile(process.env), config).catch(unreadable);
  if (folder.notice) console.error(`dateline: ${folder.notice}`);
  const { store } = folder;
  const first = store.current();
  for (const problem of first.problems) console.error(formatProblem(problem, dir));
  console.log(
    `dateline: ${first.bySlug.size} articles, ${first.problems.length} problems, from ` +
      (folder.from === 'folder' ? dir : `the database (${dir} is checked next)`),
  );
  // Brotli is not in the Web Compression Streams API: Node's zlib brings it, off the event loop.
  const br = promisify(brotliCompress);
  const encoders = {
    br: async (bytes: Uint8Array) =>
      new Uint8Array(await br(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } })),
    gzip: gzipWithCompressionStream,
  };
  const app = createApp({ store, config, encoders });
  const publisher = config.websubHub ? new WebSubPublisher({ hub: config.websubHub }) : undefined;
  const announce = (previous: Catalog | undefined, next: Catalog) =>
    publisher?.publish(changedTopics(config, previous, next));

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
    const { catalog } = result;
    console.log(
      `dateline: reloaded ${dir}: ${catalog.bySlug.size} articles, ${catalog.problems.length} problems`,
    );
    announce(result.previous, catalog);
  }

  let stopping = false;
  // Warm requests are answered from bytes before Hono (src/http/fast-path.ts).
  const listener = createFastListener<IncomingMessage, ServerResponse>({
    fetch: app.fetch,
    store,
    encodings: Object.keys(encoders) as Encoding[],
    toListener: (fetch) => getRequestListener(fetch),
  });
  // Requests without Host, or with a backslash, are answered by the app's rules, not Node's.
  const server = createServer({ requireHostHeader: false }, answerRawRequests(listener, port));
  const connections = trackConnections(server);
  server.listen(port, () => {
    console.log(listeningLine(port, config.siteUrl));

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
