// Requests Node hands over that the app cannot be given as a Request: answered here, as the
// app answers any bad request (one plain-text line, nosniff), or made whole.
import type { IncomingMessage, ServerResponse } from 'node:http';

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Wraps `listener` for a server created with `requireHostHeader: false`, so that these reach
 * it instead of Node's and @hono/node-server's empty 400s:
 * - HTTP/1.0 without Host is served (RFC 1945 has no Host; every link uses SITE_URL anyway);
 * - HTTP/1.1 without Host is a 400 (RFC 9112, section 3.2);
 * - a backslash in the target is a 400: URL parsers read it as a slash, other software not.
 */
export function answerRawRequests(listener: Listener, port: number): Listener {
  return function rawRequests(request, response) {
    if (!request.headers.host) {
      if (request.httpVersion !== '1.0') {
        return badRequest(response, 'a Host header is required (RFC 9112, section 3.2)');
      }
      request.headers.host = `localhost:${port}`;
    }
    if (request.url?.includes('\\')) {
      return badRequest(response, 'a backslash is not allowed in a path; use /');
    }
    listener(request, response);
  };
}

function badRequest(response: ServerResponse, message: string): void {
  const body = `${message}\n`;
  response.writeHead(400, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    Connection: 'close',
  });
  response.end(body);
}
