import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_DIR, dispatch } from '../support/app.ts';
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
  const start = async (fill = (dir: string) => cpSync(CONTENT_DIR, dir, { recursive: true })) => {
    const dir = mkdtempSync(join(tmpdir(), 'dateline-stop-'));
    dirs.push(dir);
    fill(dir);
    // One page of it all (PAGE_BYTES would cut it): the drain is tested on one long response.
    const server = await startEntry({ CONTENT_DIR: dir, PAGE_BYTES: '1073741824' });
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

  it('on SIGTERM lets a slow reader receive every byte of a multi-megabyte feed', async () => {
    // 40 articles of about 300 KB: a 12 MB feed, more than the kernel's socket buffers hold,
    // so most of it is still queued in the server when the signal comes (issue 25's repro).
    const paragraph = 'A long paragraph of the dispatch, repeated to make a large body. '.repeat(
      15,
    );
    const server = await start((dir) => {
      for (let i = 0; i < 40; i += 1) {
        const body = Array.from({ length: 300 }, () => [paragraph, '']).flat();
        writeFileSync(join(dir, `big-${i}.txt`), dispatch({ title: `Big ${i}`, body }));
      }
    });
    const socket = await open(server.port);
    const chunks: Buffer[] = [];
    let received = 0;
    // About 2 MB a second: a chunk, then a pause.
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      socket.pause();
      setTimeout(() => socket.resume(), Math.ceil(chunk.length / 2_000));
    });
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(
      `GET /rss.xml HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: keep-alive\r\n\r\n`,
    );
    await within(5000, 'the first bytes', () => received > 0);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    server.child.kill('SIGTERM');
    await closed;
    const response = Buffer.concat(chunks).toString('utf8');
    const head = response.slice(0, response.indexOf('\r\n\r\n'));
    const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1]);
    const body = Buffer.concat(chunks).subarray(Buffer.byteLength(head) + 4);
    expect(length).toBeGreaterThan(10_000_000);
    expect(body.length).toBe(length);
    expect(body.toString('utf8').trimEnd().endsWith('</rss>')).toBe(true);
    expect(await server.exited).toBe(0);
  }, 30_000);
});
