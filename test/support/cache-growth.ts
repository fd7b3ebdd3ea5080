// Run by test/http/cache-accounting.test.ts in a process of its own (`node --expose-gc`):
// serves distinct filtered feeds, each once, through the app's render cache and the Node fast
// path's store, both with a small budget, and prints how much the heap grew, as JSON.
import { parseConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { ResponseCache } from '../../src/http/fast-path.ts';
import { gzipWithCompressionStream } from '../../src/http/representation.ts';
import { readStoreFiles } from '../../src/adapters/node/read-store.ts';
import { buildCatalog } from '../../src/store/catalog.ts';
import { fixedStore } from '../../src/store/store.ts';

const [requests = 20_000, renderBudget = 4 << 20, fastBudget = 1 << 20] = process.argv
  .slice(2)
  .map(Number);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const config = parseConfig({});
const catalog = buildCatalog(
  await readStoreFiles(new URL('../../content/', import.meta.url).pathname),
  config,
);
const headers = { 'accept-encoding': 'gzip' };
const reader = { get: (name: string) => (name === 'accept-encoding' ? headers[name] : null) };

/** The app (its render cache) and the Node fast path's store of answers, both bounded. */
function caches() {
  const app = createApp({
    store: fixedStore(catalog),
    config,
    clock: () => Date.UTC(2030, 0, 1),
    encoders: { gzip: gzipWithCompressionStream },
    cacheBytes: renderBudget,
  });
  const version = {};
  const fast = new ResponseCache(() => version, ['gzip'], fastBudget);
  /** One poll of a feed filtered by a word no other poll uses, kept as the fast path keeps it. */
  return async function poll(i: number): Promise<number> {
    const target = `/rss.xml?filter=word${i}`;
    const response = await app.request(target, { headers });
    const bytes = Number(response.headers.get('content-length'));
    await fast.remember({ method: 'GET', target, headers: reader }, version, response);
    return bytes;
  };
}

const heap = () => {
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};
// Warm the code on caches of their own, kept to the end (so that nothing they hold is let go
// while the measured caches fill): what grows after the baseline is what the measured hold.
const warm = caches();
for (let i = 0; i < 2_000; i += 1) await warm(-1 - i);
const before = heap();
const poll = caches();
let bodies = 0;
for (let i = 0; i < requests; i += 1) bodies += await poll(i);
const growth = heap() - before;
// Both live to here: a binding not used again may be collected before the measure.
await Promise.all([warm(-1), poll(-1)]);
console.log(JSON.stringify({ requests, bodies, growth }));
