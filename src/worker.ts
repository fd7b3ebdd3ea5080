// The Workers entry: the store is the D1 database `npm run publish` fills (binding DB), the
// config comes from wrangler.toml [vars]. Datelines are read with Intl, so Workers' UTC
// clock changes nothing. The clock decides only what is published yet (embargoes).
import { env } from 'cloudflare:workers';
import type { Hono } from 'hono';
import { parseConfig, type Config, type Vars } from './config.ts';
import { createApp } from './http/app.ts';
import { plainResponse } from './http/plain.ts';
import { defaultEdgeCache, edgeVersion, withEdgeCache, type WaitUntil } from './http/edge-cache.ts';
import { articleRows, d1Reader } from './db/d1-reader.ts';
import { publishedVersion, readPublished } from './db/published-store.ts';
import { SERVED_VERSION } from './db/served.ts';
import type { SqlClient } from './db/sql.ts';
import type { Catalog } from './store/catalog.ts';
import { nextChange } from './store/published-view.ts';

const clock = () => Date.now();
/** RFC 9110 section 10.2.3: when a 503 is worth asking again. */
const RETRY = { 'Retry-After': '60' };

interface Served {
  version: string;
  app: Hono;
  /** The whole version, read when a route first needs it (published-store.ts). */
  whole(): Promise<Catalog>;
  /** Whether feeds are read through the served set (d1-reader.ts), not the whole version. */
  queried: boolean;
}

let config: Config | undefined;
try {
  config = parseConfig(env);
} catch (error) {
  console.error(`dateline: ${error instanceof Error ? error.message : String(error)}`);
}

/** The articles this isolate has made, by row, for every version it serves. */
const kept = articleRows();
/** The version this isolate serves. */
let served: Served | undefined;

/** The app over the version D1 holds now, a new one whenever a publish changed it. */
function serve(db: SqlClient, settings: Config, version: string, shape: number): Served {
  if (served?.version === version) return served;
  const reader = d1Reader(db, settings.siteUrl, kept);
  let reading: Promise<Catalog> | undefined;
  const whole = () =>
    (reading ??= readPublished(db, { ...settings, clock }).then(
      (published) => {
        if (!published) throw new Error('the published version is gone');
        for (const article of published.catalog.bySlug.values()) {
          const rev = published.revs.get(article.source);
          if (typeof rev === 'number') reader.remember(article, rev);
        }
        return published.catalog;
      },
      (error: unknown) => {
        reading = undefined; // the next request tries again
        throw error;
      },
    ));
  const queried = shape >= SERVED_VERSION;
  // No encoders: Cloudflare compresses at the edge (and weakens the ETag, which the weak
  // If-None-Match comparison accepts). An isolate has 128 MB: caches of 24 and 16 MiB (the
  // Node defaults are 64 and 32) leave room for the articles it keeps.
  const app = createApp({
    store: { current: whole, describe: () => ({ version: `d1 ${version}` }) },
    config: settings,
    clock,
    encoders: {},
    cacheBytes: 24 * 1024 * 1024,
    itemCacheBytes: 16 * 1024 * 1024,
    bodies: reader.bodies,
    reader: queried ? reader : undefined,
  });
  return (served = { version, app, whole, queried });
}

export default {
  async fetch(request: Request, bindings: Vars & { DB?: SqlClient }, context: WaitUntil) {
    if (!config || !bindings.DB) return plainResponse(500, 'service misconfigured');
    const now = clock();
    let version: Served | undefined;
    let next: number | undefined;
    try {
      // One small query a request (a few rows read), so that a publish shows at once.
      const found = await publishedVersion(bindings.DB, now);
      if (found.version !== undefined) {
        version = serve(bindings.DB, config, found.version, found.served);
        next = version.queried ? found.next : nextChange(await version.whole(), now);
      }
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
    const { app } = version;
    return withEdgeCache(
      request,
      defaultEdgeCache(),
      context,
      edgeVersion(version.version, next),
      (r) => Promise.resolve(app.fetch(r)),
    );
  },
};
