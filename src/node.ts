// The Node entry: reads the environment, loads the store folder, serves on PORT, reloads the
// store when its files change, and stops gracefully on SIGTERM or SIGINT.
import { getRequestListener } from '@hono/node-server';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';
import {
  ConfigError,
  contentDir,
  indexCacheFile,
  loadThreads,
  parseConfig,
  parsePort,
} from './config.ts';
import { createApp } from './http/app.ts';
import { createFastListener } from './http/fast-listener.ts';
import type { Encoding } from './http/negotiate.ts';
import { gzipWithCompressionStream } from './http/representation.ts';
import { formatProblem } from './store/article.ts';
import type { Catalog } from './store/catalog.ts';
import { createIndexCache } from './store/fs-index-cache.ts';
import { serverHelpers } from './store/fs-load-pool.ts';
import { readStore, type StoreRead } from './store/fs-store.ts';
import { watchStore } from './store/fs-watch.ts';
import { loadArticle, type StoreEntry } from './store/load-article.ts';
import { createReloadingStore } from './store/store.ts';
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

/** Longest wait for requests in flight at shutdown before their connections are cut. */
const DRAIN_MS = 10_000;
/** Longest wait for the WebSub hub to take queued pings at shutdown. */
const WEBSUB_DRAIN_MS = 2_000;

// First, before any full garbage collection: keeps the 304 path's per-request cost flat
// over the life of the process (src/node-tick-shape.ts).
await keepTickObjectShape();

try {
  const config = parseConfig(process.env);
  const port = parsePort(process.env);
  const dir = contentDir(process.env);
  const unreadable = () => {
    throw new ConfigError(`CONTENT_DIR '${dir}' is not a folder that can be read`);
  };
  // Files are loaded as they are read; the store keeps no file's bytes (bodies read it again).
  // A restart loads only the files changed since the index was saved (fs-index-cache.ts).
  const load = (entry: StoreEntry) => loadArticle(entry, config);
  // A first read shares the files out with helper threads (src/store/fs-load-pool.ts).
  const helpers = serverHelpers(config, loadThreads(process.env, availableParallelism()));
  const cacheFile = indexCacheFile(process.env);
  const cache = cacheFile ? createIndexCache(cacheFile, dir, config) : undefined;
  let lastRead: StoreRead | undefined;
  let restored = cache?.restore();
  // Folders the watchers saw change since the last read began ('all': look at everything).
  let changed: Set<string> | 'all' = 'all';
  const readFiles = async () => {
    const only = lastRead && changed !== 'all' ? changed : undefined;
    changed = new Set();
    const read = await readStore(dir, lastRead ?? restored, load, { helpers, only }).catch(
      (error: unknown) => {
        changed = 'all'; // the next read looks at everything again
        throw error;
      },
    );
    lastRead = read;
    restored = undefined;
    void cache?.save(read);
    return read.files;
  };
  const store = await createReloadingStore(readFiles, config).catch(unreadable);
  const first = store.current();
  for (const problem of first.problems) console.error(formatProblem(problem, dir));
  const fromIndex = lastRead ? lastRead.stamps.size - lastRead.reads : 0;
  console.log(
    `dateline: ${first.bySlug.size} articles loaded, ${first.problems.length} problems, from ${dir}` +
      (fromIndex > 0 ? ` (${fromIndex} files unchanged since the saved index, not read)` : '') +
      (lastRead?.helped
        ? ` (${lastRead.helped} read by ${helpers.threads === 1 ? 'a helper thread' : `${helpers.threads} helper threads`})`
        : ''),
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
    if (!folders) changed = 'all';
    else if (changed !== 'all') for (const folder of folders) changed.add(folder);
    const result = await store.reload();
    if (result.error) {
      console.error(
        `dateline: CONTENT_DIR '${dir}' cannot be read (${result.error}); still serving the previous version`,
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

  // Warm requests are answered from bytes before Hono (src/http/fast-path.ts).
  const listener = createFastListener<IncomingMessage, ServerResponse>({
    fetch: app.fetch,
    store,
    encodings: Object.keys(encoders) as Encoding[],
    toListener: (fetch) => getRequestListener(fetch),
  });
  const server = createServer(listener).listen(port, () => {
    console.log(listeningLine(port, config.siteUrl));
    // A start may be a new deploy with any feed changed: tell the hub about every feed
    // (it fetches each and forwards only real changes to subscribers).
    announce(undefined, first);
  });
  const watcher = watchStore(dir, { onChange: reload, lastRead: () => lastRead });

  let stopping = false;
  async function stop(signal: string): Promise<void> {
    if (stopping) {
      // A second signal: the operator will not wait. Cut what is left and go.
      console.log(`dateline: ${signal} again: stopping now`);
      server.closeAllConnections();
      process.exit(1);
    }
    stopping = true;
    console.log(`dateline: ${signal}: finishing the requests in flight, then stopping`);
    watcher.close();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Idle keep-alive connections go now; busy ones as soon as their response is sent.
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), 25);
    const cut = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    await closed;
    clearInterval(sweep);
    clearTimeout(cut);
    if (publisher) {
      await Promise.race([publisher.idle(), new Promise((r) => setTimeout(r, WEBSUB_DRAIN_MS))]);
    }
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
