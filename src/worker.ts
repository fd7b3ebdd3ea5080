// The Workers entry: the store is bundled at build time (npm run bundle), the config
// comes from wrangler.toml [vars]. Datelines are read with Intl, so Workers' UTC
// clock changes nothing. The clock decides only what is published yet (embargoes).
import { env } from 'cloudflare:workers';
import type { Hono } from 'hono';
import { parseConfig, type Vars } from './config.ts';
import { createApp } from './http/app.ts';
import { defaultEdgeCache, edgeVersion, withEdgeCache, type WaitUntil } from './http/edge-cache.ts';
import { formatProblem } from './content/article.ts';
import { unbundle } from './content/bundled-store.ts';
import { buildCatalog, type Catalog } from './store/catalog.ts';
import { fixedStore } from './store/store.ts';
import { files, version } from './generated/store-bundle.ts';

const clock = () => Date.now();

function build(vars: Vars): { app: Hono; catalog: Catalog } {
  const config = parseConfig(vars);
  // Bodies are made at start-up, outside any request's 10 ms of CPU (as the index is).
  const catalog = buildCatalog(unbundle(files), { ...config, bodies: 'at-load', clock });
  for (const problem of catalog.problems) console.error(formatProblem(problem, 'content'));
  // No encoders: Cloudflare compresses at the edge (and weakens the ETag, which the
  // weak If-None-Match comparison accepts).
  // An isolate has 128 MB: caches of 24 and 16 MiB (the Node defaults are 64 and 32) leave
  // room for the bundled store and its index.
  const app = createApp({
    store: fixedStore(catalog, `bundle ${version}`),
    config,
    clock,
    encoders: {},
    cacheBytes: 24 * 1024 * 1024,
    itemCacheBytes: 16 * 1024 * 1024,
  });
  return { app, catalog };
}

// The index is built when the isolate starts, at module scope, so its cost falls in the
// runtime's start-up allowance and no request pays it out of its CPU budget.
let built: { app: Hono; catalog: Catalog } | undefined;
try {
  built = build(env);
} catch (error) {
  console.error(`dateline: ${error instanceof Error ? error.message : String(error)}`);
}

export default {
  async fetch(request: Request, _env: Vars, context: WaitUntil): Promise<Response> {
    const served = built;
    if (!served) return new Response('service misconfigured\n', { status: 500 });
    // What is published changes by itself when an embargo lifts (edgeVersion).
    const key = edgeVersion(version, served.catalog, clock());
    return withEdgeCache(request, defaultEdgeCache(), context, key, async (r) =>
      served.app.fetch(r),
    );
  },
};
