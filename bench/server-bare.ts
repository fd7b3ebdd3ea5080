// Child process of bench/run.ts: a bare node:http server replaying, byte for byte, the answers
// the dateline app gave for one feed URL (its 200 and its 304, with the same headers). It is
// the runtime's ceiling for that response: no routing, no Request/Response objects.
import { createServer, type OutgoingHttpHeaders } from 'node:http';

export interface Recorded {
  status: number;
  headers: [string, string][];
  /** Base64 of the body. */
  body: string;
}

export interface BareSpec {
  type: 'replay';
  ok: Recorded;
  notModified: Recorded;
  /** The ETag whose If-None-Match gets the 304. */
  etag: string;
}

export type BareReady = { type: 'ready'; port: number };

const headersOf = (recorded: Recorded): OutgoingHttpHeaders => Object.fromEntries(recorded.headers);

process.on('message', (message: BareSpec) => {
  const okHeaders = headersOf(message.ok);
  const okBody = Buffer.from(message.ok.body, 'base64');
  const notModifiedHeaders = headersOf(message.notModified);
  const server = createServer((req, res) => {
    if (req.headers['if-none-match'] === message.etag) {
      res.writeHead(message.notModified.status, notModifiedHeaders);
      res.end();
    } else {
      res.writeHead(message.ok.status, okHeaders);
      res.end(okBody);
    }
  });
  // Bound as `npm start` binds the app (no host: `::`, taking IPv4 too), so that wrk's
  // connections to 127.0.0.1 reach both servers through the same kind of socket: an IPv4
  // socket here cost the kernel less per send and per receive than the app's (inet6_sendmsg,
  // inet6_recvmsg by perf; docs/performance.md), a difference of set-up, not of code.
  server.listen(0, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    process.send?.({ type: 'ready', port } satisfies BareReady);
  });
});
