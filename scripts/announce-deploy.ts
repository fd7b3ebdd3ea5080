// Run after `wrangler deploy` (npm run deploy): a new deploy may have changed any feed, so
// tell the WebSub hub about every feed, as the Node server does when it starts. The
// settings are the Worker's: wrangler.toml [vars], then the environment on top.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseConfig, type Vars } from '../src/config.ts';
import { buildCatalog } from '../src/store/catalog.ts';
import { readStoreFiles } from '../src/adapters/node/read-store.ts';
import { WebSubPublisher } from '../src/websub/publisher.ts';
import { changedTopics } from '../src/websub/topics.ts';

/** The `key = "value"` lines of the [vars] table of a wrangler.toml. */
export function wranglerVars(toml: string): Record<string, string> {
  const vars: Record<string, string> = {};
  let inVars = false;
  for (const line of toml.split('\n')) {
    const table = /^\s*\[([^\]]+)\]/.exec(line);
    if (table) inVars = table[1]?.trim() === 'vars';
    const pair = inVars && /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(line);
    if (pair) vars[pair[1] ?? ''] = JSON.parse(`"${pair[2] ?? ''}"`) as string;
  }
  return vars;
}

/** Announces every feed to the hub named in the Worker's settings. */
async function announce(): Promise<void> {
  const file = process.env.WRANGLER_CONFIG ?? new URL('../wrangler.toml', import.meta.url).pathname;
  const vars: Vars = { ...wranglerVars(readFileSync(file, 'utf8')), ...process.env };
  const config = parseConfig(vars);
  if (!config.websubHub) {
    console.log('announce: no WEBSUB_HUB set; nothing to announce');
  } else {
    const catalog = buildCatalog(await readStoreFiles(vars.CONTENT_DIR ?? './content'), config);
    const topics = changedTopics(config, undefined, catalog);
    const publisher = new WebSubPublisher({ hub: config.websubHub, retryDelaysMs: [1000, 5000] });
    publisher.publish(topics);
    await publisher.idle();
    console.log(`announce: told ${config.websubHub} about ${topics.length} feeds`);
  }
}

// Run as a command (npm run deploy), not when a test imports wranglerVars.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await announce();
