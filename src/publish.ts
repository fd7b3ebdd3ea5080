// `npm run publish -- --local | --remote [dir]`: brings the Worker's D1 database to the state
// of the store folder (adapters/node/publish.ts), with the Worker's settings (wrangler.toml
// [vars], the environment on top); exit 1 when a file is rejected, as `npm run check`.
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, contentDir, parseConfig, type Vars } from './config.ts';
import { formatProblem } from './content/article.ts';
import { publishStore, SchemaBehind, type PublishResult } from './adapters/node/publish.ts';
import { runWrangler, wranglerD1, type D1Target } from './adapters/node/wrangler-d1.ts';
import { wranglerVars } from './adapters/node/wrangler-vars.ts';
import { WebSubPublisher } from './websub/publisher.ts';
import { changedTopics } from './websub/topics.ts';

const USAGE = 'usage: npm run publish -- --local | --remote [--persist-to dir] [content dir]';

try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      local: { type: 'boolean' },
      remote: { type: 'boolean' },
      'persist-to': { type: 'string' },
      database: { type: 'string', default: 'DB' },
      config: { type: 'string' },
    },
  });
  if (!values.local === !values.remote) throw new ConfigError(`say --local or --remote; ${USAGE}`);
  const file = values.config ?? new URL('../wrangler.toml', import.meta.url).pathname;
  const vars: Vars = { ...wranglerVars(readFileSync(file, 'utf8')), ...process.env };
  const config = parseConfig(vars);
  const dir = positionals[0] ?? contentDir(vars);
  const target: D1Target = {
    database: values.database,
    where: values.local ? 'local' : 'remote',
    config: file,
    persistTo: values['persist-to'],
    env: process.env,
  };
  const migrations = readdirSync(new URL('../migrations', import.meta.url)).filter((name) =>
    name.endsWith('.sql'),
  ).length;
  const client = wranglerD1(target);
  const now = Date.now();
  const publish = () => publishStore(client, dir, { ...config, clock: () => now }, migrations);
  const result: PublishResult = await publish().catch(async (error: unknown) => {
    if (!(error instanceof SchemaBehind)) throw error;
    await runWrangler(['d1', 'migrations', 'apply', target.database], target);
    return publish();
  });
  const { catalog, previous } = result;
  for (const problem of catalog.problems) console.error(formatProblem(problem, dir));
  const rejected = new Set(catalog.problems.map((p) => p.path)).size;
  const changed = result.catalog !== previous;
  console.log(
    `publish: ${dir}: ${catalog.bySlug.size} articles, ${rejected} files rejected; ` +
      (changed
        ? `${result.written} written, ${result.removed} taken down: version ${result.version}`
        : `nothing changed: version ${result.version}`) +
      ` of the ${target.where} D1 '${target.database}'`,
  );
  if (changed && config.websubHub) {
    const topics = changedTopics(config, previous, catalog);
    const hub = new WebSubPublisher({ hub: config.websubHub, retryDelaysMs: [1000, 5000] });
    hub.publish(topics);
    await hub.idle();
    console.log(`publish: told ${config.websubHub} about ${topics.length} feeds`);
  }
  process.exitCode = rejected > 0 ? 1 : 0;
} catch (error) {
  const said =
    error instanceof ConfigError ||
    (error instanceof Error && /^wrangler /.test(error.message)) ||
    (error instanceof TypeError &&
      /^ERR_PARSE_ARGS/.test(String((error as { code?: unknown }).code)));
  if (!said) throw error;
  console.error(`publish: ${error.message}${error instanceof TypeError ? `; ${USAGE}` : ''}`);
  process.exitCode = 2;
}
