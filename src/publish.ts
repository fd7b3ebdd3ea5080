// `npm run publish -- --local | --remote [dir]`: brings the Worker's D1 database to the state
// of the store folder (adapters/node/publish.ts), with the Worker's settings (wrangler.toml
// [vars], the environment on top); exit 1 when a file is rejected, as `npm run check`.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, contentDir, parseConfig, type Vars } from './config.ts';
import { runPublish } from './adapters/node/publish-run.ts';
import { D1Error } from './adapters/node/wrangler-d1.ts';
import { localDatabaseId, wranglerVars } from './adapters/node/wrangler-vars.ts';

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
  const toml = readFileSync(file, 'utf8');
  const vars: Vars = { ...wranglerVars(toml), ...process.env };
  const persistTo = values['persist-to'];
  const id = localDatabaseId(toml, values.database);
  if (values.local && !id) throw new ConfigError(`no D1 '${values.database}' in ${file}`);
  process.exitCode = await runPublish({
    dir: positionals[0] ?? contentDir(vars),
    config: parseConfig(vars),
    target: {
      database: values.database,
      where: values.local ? 'local' : 'remote',
      config: file,
      persistTo,
      env: process.env,
    },
    // wrangler's own default folder for local state: `.wrangler/state` beside wrangler.toml.
    local: values.local
      ? { id: id ?? '', persistTo: persistTo ?? join(dirname(file), '.wrangler', 'state') }
      : undefined,
    migrations: new URL('../migrations', import.meta.url),
    now: Date.now(),
    // A progress line on a terminal; quiet in CI and when piped.
    progress: process.stderr.isTTY && !process.env.CI,
  });
} catch (error) {
  const said =
    error instanceof ConfigError ||
    error instanceof D1Error ||
    (error instanceof TypeError &&
      /^ERR_PARSE_ARGS/.test(String((error as { code?: unknown }).code)));
  if (!said) throw error;
  console.error(`publish: ${error.message}${error instanceof TypeError ? `; ${USAGE}` : ''}`);
  process.exitCode = 2;
}
