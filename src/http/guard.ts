import type { MiddlewareHandler } from 'hono';
import { plain } from './plain.ts';

const MAX_PATH = 1024;
const MAX_QUERY = 1024;

/**
 * Cheap checks before any routing: a request target longer than any address this
 * service makes answers 414 (RFC 9110 section 15.5.15), malformed percent-encoding
 * 400; every answer, errors included, says `X-Content-Type-Options: nosniff`. The
 * store is in memory, so no path, however spelled, reaches a file system.
 */
export const guardRequest: MiddlewareHandler = async function guardRequest(c, next) {
  const url = new URL(c.req.url);
  if (url.pathname.length > MAX_PATH || url.search.length > MAX_QUERY) {
    return finish(plain(c, 414, 'request target too long'));
  }
  try {
    decodeURIComponent(url.pathname);
  } catch {
    return finish(plain(c, 400, 'malformed percent-encoding in the path'));
  }
  await next();
  // Nothing to return: the headers of the downstream response (c.res) are amended in place.
  finish(c.res);
  return;
};

function finish(response: Response): Response {
  response.headers.set('X-Content-Type-Options', 'nosniff');
  return response;
}
