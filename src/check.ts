// `npm run check [dir]`: reports every article the store would leave out; exit 1 if any.
import { ConfigError, contentDir, parseConfig } from './config.ts';
import { formatProblem } from './content/article.ts';
import { buildCatalog, rejectedFiles } from './store/catalog.ts';
import { publishedAt } from './store/published-view.ts';
import { readStoreFiles } from './adapters/node/read-store.ts';

try {
  const config = parseConfig(process.env);
  const dir = process.argv[2] ?? contentDir(process.env);
  const files = await readStoreFiles(dir).catch(() => {
    throw new ConfigError(`'${dir}' is not a folder that can be read`);
  });
  const now = Date.now();
  const catalog = buildCatalog(files, { ...config, clock: () => now });
  for (const problem of catalog.problems) console.error(formatProblem(problem, dir));
  const rejected = rejectedFiles(catalog);
  const ahead = catalog.bySlug.size - publishedAt(catalog, now).bySlug.size;
  const drafts = catalog.drafts?.length ?? 0;
  console.log(
    `${dir}: ${catalog.bySlug.size} articles ok` +
      (ahead ? ` (${ahead} embargoed)` : '') +
      `, ${rejected} files rejected` +
      (drafts ? `, ${drafts} drafts` : ''),
  );
  process.exitCode = rejected > 0 ? 1 : 0;
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`check: ${error.message}`);
  process.exitCode = 2;
}
