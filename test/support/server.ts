// A real HTTP server on loopback, for tests where real clients (feedparser, newsboat,
// Chromium) talk to the app over TCP rather than through app.request().
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Vars } from '../../src/config.ts';
import { freePort } from '../../scripts/free-port.ts';
import { contentApp, type TestApp } from './app.ts';

export { freePort };

export interface FetchApp {
  fetch: (req: Request) => Response | Promise<Response>;
}

/** One request as the server received it: method, path with query, headers (lower-case). */
export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The status the app answered, once it has answered. */
  status?: number;
}

export interface RunningServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  /** Every request received so far, in order. */
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** Serves `app` with @hono/node-server on 127.0.0.1 (port 0: any free port). */
export function startServer(
  app: FetchApp,
  options: { port?: number } = {},
): Promise<RunningServer> {
  const requests: SeenRequest[] = [];
  const fetch = async (req: Request) => {
    const url = new URL(req.url);
    const seen: SeenRequest = {
      method: req.method,
      path: url.pathname + url.search,
      headers: Object.fromEntries(req.headers),
    };
    requests.push(seen);
    const response = await app.fetch(req);
    seen.status = response.status;
    return response;
  };
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: options.port ?? 0, hostname: '127.0.0.1' }) as Server;
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address();
      if (typeof address !== 'object' || !address) {
        reject(new Error(`unexpected server address ${String(address)}`));
        return;
      }
      const url = `http://127.0.0.1:${address.port}`;
      resolve({
        url,
        port: address.port,
        requests,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections(); // keep-alive sockets of browsers and readers
          }),
      });
    });
  });
}

/**
 * The repository's content/ served on a real port, built with SITE_URL set to that
 * port so that self links, ids and OPML addresses point at this server.
 */
export async function startContentServer(
  vars: Vars = {},
): Promise<{ server: RunningServer; test: TestApp }> {
  const port = await freePort();
  const test = await contentApp({ ...vars, SITE_URL: `http://127.0.0.1:${port}` });
  const server = await startServer(test.app, { port });
  return { server, test };
}
