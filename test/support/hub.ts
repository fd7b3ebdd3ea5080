// A real WebSub hub on 127.0.0.1 for the tests: it records every request it receives.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubRequest {
  method: string | undefined;
  contentType: string | undefined;
  mode: string | null;
  urls: string[];
}

export interface Hub {
  url: string;
  requests: HubRequest[];
  /** Requests the hub has answered. */
  answered: number;
  /** The topic lists of the publish pings received, in order. */
  publishes(): string[][];
  /** Resolves when the hub has received `count` requests. */
  received(count: number): Promise<void>;
  close(): Promise<void>;
}

const servers: Server[] = [];

/**
 * A real hub on 127.0.0.1: records every request and answers with the next status of
 * `statuses` (202 once they run out), after `gate` resolves when one is given.
 */
export async function startHub(statuses: number[] = [], gate?: Promise<void>): Promise<Hub> {
  const waiters: { count: number; resolve: () => void }[] = [];
  const hub: Hub = {
    url: '',
    requests: [],
    answered: 0,
    publishes: () => hub.requests.filter((r) => r.mode === 'publish').map((r) => r.urls),
    received: (count) =>
      hub.requests.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const params = new URLSearchParams(body);
      hub.requests.push({
        method: req.method,
        contentType: req.headers['content-type'],
        mode: params.get('hub.mode'),
        urls: params.getAll('hub.url'),
      });
      for (const w of waiters.filter((w) => hub.requests.length >= w.count)) w.resolve();
      const status = statuses.shift() ?? 202;
      // Answered once the gate opens; the emitter would ignore a promise returned to it.
      void Promise.resolve(gate).then(() => {
        res.writeHead(status, { 'Content-Type': 'text/plain' });
        res.end(status < 300 ? '' : 'hub trouble\n');
        hub.answered++;
      });
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return hub;
}

/** Closes every hub started so far (for afterEach / afterAll). */
export async function closeHubs(): Promise<void> {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
