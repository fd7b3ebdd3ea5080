import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_DIR } from '../support/app.ts';
import { startEntry, within, type Entry } from '../support/entry.ts';

/** Opens a TCP connection; resolves once connected, rejects with the socket's error otherwise. */
function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends on `socket` until it closes the connection. */
function readAll(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('close', () => resolve(text));
  });
}

describe('the Node server, stopped by a signal', () => {
  const started: Entry[] = [];
  const dirs: string[] = [];
  afterAll(() => {
    started.forEach((s) => s.child.kill('SIGKILL'));
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });
  const start = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dateline-stop-'));
    dirs.push(dir);
    cpSync(CONTENT_DIR, dir, { recursive: true });
    const server = await startEntry({ CONTENT_DIR: dir });
    started.push(server);
    await server.ready;
    return server;
  };

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s stops accepting, finishes the request in flight, and exits 0',
    async (signal) => {
      const server = await start();
      // A request in flight: its headers half sent when the signal comes.
      const inFlight = await open(server.port);
      const answer = readAll(inFlight);
      inFlight.write(`GET /rss.xml HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n`);
      // An idle keep-alive connection, which must not hold the stop up.
      const agent = new Agent({ keepAlive: true });
      await new Promise<void>((resolve, reject) =>
        httpRequest(`${server.url}/healthz`, { agent }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
          .on('error', reject)
          .end(),
      );
      // Feeds requested at the same moment as the signal.
      const burst = Array.from({ length: 20 }, () =>
        fetch(`${server.url}/atom.xml`).then(
          async (r) => ({ status: r.status, complete: (await r.text()).endsWith('</feed>\n') }),
          (error: Error) => {
            // undici's 'fetch failed' carries the socket's error as its cause.
            const cause = error.cause instanceof Error ? error.cause : error;
            return { status: 0, complete: false, error: String(cause) };
          },
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 5));
      server.child.kill(signal);
      await within(2000, 'the stop message', () =>
        server.stdout().includes(`dateline: ${signal}: finishing the requests in flight`),
      );

      // No new connection is accepted.
      await expect(open(server.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      // The request in flight completes, with the whole feed.
      inFlight.write('Accept: application/rss+xml\r\n\r\n');
      const response = await answer;
      expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(response.trimEnd().endsWith('</rss>')).toBe(true);
      // Every request of the burst was answered whole, or its connection was never taken
      // up (refused, or still in the kernel's queue when the listening socket closed).
      for (const result of await Promise.all(burst)) {
        if (result.status !== 0) expect(result).toEqual({ status: 200, complete: true });
        else
          expect(result).toMatchObject({
            // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types its asymmetric matchers as any
            error: expect.stringMatching(/ECONNREFUSED|ECONNRESET|other side closed/),
          });
      }
      expect(await server.exited).toBe(0);
      expect(server.stdout()).toContain('dateline: stopped');
      agent.destroy();
    },
  );
});
