// The Node entry: reads the environment, loads the store folder, serves on PORT.
import { serve } from '@hono/node-server';
import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';
import { ConfigError, contentDir, parseConfig, parsePort } from './config.ts';
import { createApp } from './http/app.ts';
import { gzipWithCompressionStream } from './http/representation.ts';
import { formatProblem } from './store/article.ts';
import { buildCatalog } from './store/catalog.ts';
import { readStoreFiles } from './store/fs-store.ts';
import { fixedStore } from './store/store.ts';
import { WebSubPublisher } from './websub/publisher.ts';
import { changedTopics } from './websub/topics.ts';

try {
  const config = parseConfig(process.env);
  const port = parsePort(process.env);
  const dir = contentDir(process.env);
  const files = await readStoreFiles(dir).catch(() => {
    throw new ConfigError(`CONTENT_DIR '${dir}' is not a folder that can be read`);
  });
  const catalog = buildCatalog(files, config);
  for (const problem of catalog.problems) console.error(formatProblem(problem, dir));
  console.log(
    `dateline: ${catalog.bySlug.size} articles loaded, ${catalog.problems.length} problems, from ${dir}`,
  );
  // Brotli is not in the Web Compression Streams API: Node's zlib brings it, off the event loop.
  const br = promisify(brotliCompress);
  const encoders = {
    br: async (bytes: Uint8Array) =>
      new Uint8Array(await br(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } })),
    gzip: gzipWithCompressionStream,
  };
  const app = createApp({ store: fixedStore(catalog), config, encoders });
  serve({ fetch: app.fetch, port }, () => {
    console.log(`dateline: serving ${config.siteUrl} on http://localhost:${port}`);
    // A start may be a new deploy with any feed changed: tell the hub about every feed
    // (it fetches each and forwards only real changes to subscribers).
    if (config.websubHub) {
      new WebSubPublisher({ hub: config.websubHub }).publish(
        changedTopics(config, undefined, catalog),
      );
    }
  });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`dateline: ${error.message}`);
  process.exit(1);
}
