import type { Context } from 'hono';
import type { Config } from '../config.ts';
import { formatProblem } from '../content/article.ts';
import { renderStatusPage, statusJson, type StoreStatus } from '../render/status-page.ts';
import type { Catalog } from '../store/catalog.ts';
import { publishedAt } from '../store/published-view.ts';
import { plain } from './plain.ts';

/** What the status reads: the store's whole version (embargoes and drafts included). */
export interface StatusSource {
  catalog: Catalog;
  now: number;
  version: string;
  since?: number | undefined;
}

/** The facts the editors' view shows, from the store's version at a time. */
export function storeStatus({ catalog, now, version, since }: StatusSource): StoreStatus {
  return {
    version,
    since,
    articles: publishedAt(catalog, now).bySlug.size,
    embargoed: catalog.site.articles.filter((a) => a.published > now).reverse(),
    drafts: catalog.drafts ?? [],
    problems: catalog.problems.map((p) => formatProblem(p)),
  };
}

/**
 * Whether the request carries the status token: as a bearer token (RFC 6750 section 2.1), for
 * scripts, or as the password of HTTP Basic (RFC 7617), which browsers ask for themselves. The
 * digests are compared, not the strings, so the time taken says nothing of how much matched.
 */
export async function hasToken(c: Context, token: string): Promise<boolean> {
  const header = c.req.header('authorization') ?? '';
  const [scheme = '', credentials = ''] = header.split(/\s+/, 2);
  let given: string | undefined;
  if (/^bearer$/i.test(scheme)) given = credentials;
  else if (/^basic$/i.test(scheme)) {
    try {
      const decoded = atob(credentials);
      given = decoded.slice(decoded.indexOf(':') + 1);
    } catch {
      given = undefined;
    }
  }
  if (given === undefined) return false;
  const [a, b] = await Promise.all([digest(given), digest(token)]);
  let differ = 0;
  for (let i = 0; i < a.length; i += 1) differ |= a[i]! ^ b[i]!;
  return differ === 0;
}

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/**
 * `/status` (HTML) and `/status.json`: never public, never stored by a cache. Without a token
 * configured the routes do not exist (404); without the token a request gets a 401 that lets a
 * browser ask for it (RFC 7617 section 2).
 */
export async function serveStatus(
  c: Context,
  { config, htmlHeaders }: { config: Config; htmlHeaders: Record<string, string> },
  source: () => Promise<StatusSource>,
  format: 'html' | 'json',
): Promise<Response> {
  const token = config.statusToken;
  if (!token) return plain(c, 404, 'not found');
  if (!(await hasToken(c, token))) {
    const response = plain(c, 401, 'the status needs the STATUS_TOKEN (Basic password or Bearer)');
    response.headers.set('WWW-Authenticate', 'Basic realm="dateline status", charset="UTF-8"');
    return response;
  }
  const status = storeStatus(await source());
  const headers = { 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' };
  return format === 'json'
    ? c.body(statusJson(status), 200, { ...headers, 'Content-Type': 'application/json' })
    : c.html(renderStatusPage(config, status), 200, { ...htmlHeaders, ...headers });
}
