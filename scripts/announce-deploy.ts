// Run after `wrangler deploy` (npm run deploy): a new deploy may have changed any feed, so
// tell the WebSub hub about every feed, as the Node server does when it starts. The
// settings are the Worker's: wrangler.toml [vars], then the environment on top.
import { readFileSync } from 'node:fs';
import { parseConfig, type Vars } from '../src/config.ts';
import { buildCatalog } from '../src/store/catalog.ts';
import { readStoreFiles } from '../src/adapters/node/read-store.ts';
import { WebSubPublisher } from '../src/websub/publisher.ts';
import { changedTopics } from '../src/websub/topics.ts';
import { wranglerVars } from '../src/adapters/node/wrangler-vars.ts';

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

await announce();
