// `npm run check [dir]`: reports every article the store would leave out; exit 1 if any.
import { ConfigError, contentDir, parseConfig } from './config.ts';
import { formatProblem } from './content/article.ts';
import { buildCatalog } from './store/catalog.ts';
import { readStoreFiles } from './adapters/node/read-store.ts';

try {
  const config = parseConfig(process.env);
  const dir = process.argv[2] ?? contentDir(process.env);
  const files = await readStoreFiles(dir).catch(() => {
    throw new ConfigError(`'${dir}' is not a folder that can be read`);
  });
  const catalog = buildCatalog(files, config);
  for (const problem of catalog.problems) console.error(formatProblem(problem, dir));
  const rejected = new Set(catalog.problems.map((p) => p.path)).size;
  console.log(`${dir}: ${catalog.bySlug.size} articles ok, ${rejected} files rejected`);
  process.exitCode = rejected > 0 ? 1 : 0;
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`check: ${error.message}`);
  process.exitCode = 2;
}
