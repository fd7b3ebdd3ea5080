// The Node entry: reads the environment, loads the store folder, serves on PORT.
import { serve } from '@hono/node-server';
import { ConfigError, contentDir, parseConfig, parsePort } from './config.ts';
import { createApp } from './http/app.ts';
import { formatProblem } from './store/article.ts';
import { buildCatalog } from './store/catalog.ts';
import { readStoreFiles } from './store/fs-store.ts';
import { fixedStore } from './store/store.ts';

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
  serve({ fetch: createApp({ store: fixedStore(catalog), config }).fetch, port }, () => {
    console.log(`dateline: serving ${config.siteUrl} on http://localhost:${port}`);
  });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`dateline: ${error.message}`);
  process.exit(1);
}
