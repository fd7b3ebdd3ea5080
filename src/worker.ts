// The Workers entry: the store is the D1 database `npm run publish` fills (binding DB), the
// config comes from wrangler.toml [vars]. Datelines are read with Intl, so Workers' UTC
// clock changes nothing. The clock decides only what is published yet (embargoes).
import { env } from 'cloudflare:workers';
import type { Hono } from 'hono';
import { parseConfig, type Config, type Vars } from './config.ts';
import { createApp } from './http/app.ts';
import { plainResponse } from './http/plain.ts';
import { defaultEdgeCache, edgeVersion, withEdgeCache, type WaitUntil } from './http/edge-cache.ts';
import { publishedVersion, readPublished, type PublishedVersion } from './db/published-store.ts';
import type { SqlClient } from './db/sql.ts';
import { fixedStore } from './store/store.ts';

const clock = () => Date.now();
/** RFC 9110 section 10.2.3: when a 503 is worth asking again. */
const RETRY = { 'Retry-After': '60' };

interface Served extends PublishedVersion {
  app: Hono;
}

let config: Config | undefined;
try {
  config = parseConfig(env);
} catch (error) {
  console.error(`dateline: ${error instanceof Error ? error.message : String(error)}`);
}

/** The version this isolate serves, and the read of a newer one while it runs. */
let served: Served | undefined;
let reading: Promise<Served | undefined> | undefined;

/** The app over the version D1 holds now: read again whenever a publish changed it. */
async function current(db: SqlClient, settings: Config): Promise<Served | undefined> {
  // One small query a request (one row read), so that a publish shows at once.
  const version = await publishedVersion(db);
  if (version === undefined) return undefined;
  if (served?.version === version) return served;
  reading ??= readPublished(db, { ...settings, clock })
    .then((published) => {
      if (!published) return undefined;
      // No encoders: Cloudflare compresses at the edge (and weakens the ETag, which the weak
      // If-None-Match comparison accepts). An isolate has 128 MB: caches of 24 and 16 MiB
      // (the Node defaults are 64 and 32) leave room for the version's index.
      const app = createApp({
        store: fixedStore(published.catalog, `d1 ${published.version}`),
        config: settings,
        clock,
        encoders: {},
        cacheBytes: 24 * 1024 * 1024,
        itemCacheBytes: 16 * 1024 * 1024,
        bodies: published.bodies,
      });
      return (served = { ...published, app });
    })
    .finally(() => (reading = undefined));
  return reading;
}

export default {
  async fetch(request: Request, bindings: Vars & { DB?: SqlClient }, context: WaitUntil) {
    if (!config || !bindings.DB) return plainResponse(500, 'service misconfigured');
    let version: Served | undefined;
    try {
      version = await current(bindings.DB, config);
    } catch (error) {
      // A D1 without the schema (nothing published yet) or one that fails: one line, no trace.
      const reason = error instanceof Error ? error.message : String(error);
      if (!/no such table/.test(reason)) {
        console.error(`dateline: reading D1 failed: ${reason}`);
        return plainResponse(503, 'the store cannot be read just now; try again shortly', RETRY);
      }
    }
    if (!version) return plainResponse(503, 'nothing is published yet: run npm run publish', RETRY);
    // What is published changes by itself when an embargo lifts (edgeVersion).
    const key = edgeVersion(version.version, version.catalog, clock());
    return withEdgeCache(request, defaultEdgeCache(), context, key, async (r) =>
      version.app.fetch(r),
    );
  },
};
