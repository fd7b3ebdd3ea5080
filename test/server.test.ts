import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch } from './support/app.ts';

const ROOT = new URL('..', import.meta.url).pathname;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts the Node entry as `npm start` does and collects its output. */
function start(env: Record<string, string>) {
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['src/node.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => stdout.includes('serving') && resolve());
    child.on('exit', () => reject(new Error(`exited before serving: ${stderr}`)));
  });
  ready.catch(() => {}); // awaited only by the tests that expect a start
  return { child, ready, exited, output: () => ({ stdout, stderr }) };
}

describe('the Node server', () => {
  const started: ReturnType<typeof start>[] = [];
  const dirs: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    started.forEach((s) => s.child.kill());
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  it('prints the reports of bad articles when it starts, then serves the good ones', async () => {
    const dir = tempDir('dateline-server-');
    writeFileSync(join(dir, 'good.txt'), dispatch({ title: 'Served' }));
    writeFileSync(
      join(dir, 'bad.txt'),
      dispatch({ dateline: 'Sat 19 Apr 2024 6:22 pm - Jerusalem Time' }),
    );
    const port = await freePort();
    const server = start({
      PORT: String(port),
      CONTENT_DIR: dir,
      SITE_URL: `http://127.0.0.1:${port}`,
    });
    started.push(server);
    await server.ready;
    expect(server.output().stderr).toContain(
      `${dir}/bad.txt:3: dateline 'Sat 19 Apr 2024 6:22 pm - Jerusalem Time': 19 Apr 2024 is a Friday, not a Saturday`,
    );
    const response = await fetch(`http://127.0.0.1:${port}/rss.xml`);
    expect(response.status).toBe(200);
    const rss = await response.text();
    expect(rss).toContain('<title>Served</title>');
    expect(rss).toContain(
      `<atom:link rel="self" type="application/rss+xml" href="http://127.0.0.1:${port}/rss.xml"/>`,
    );
  });

  it('tells the WebSub hub about every feed when it starts, without waiting for it', async () => {
    const received: string[][] = [];
    const hub = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        if (form.get('hub.mode') === 'publish') received.push(form.getAll('hub.url'));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    const address = hub.address();
    const hubUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    const dir = tempDir('dateline-websub-');
    writeFileSync(join(dir, 'a.txt'), dispatch({ title: 'One', tags: ['Gaza'] }));
    const port = await freePort();
    const site = `http://127.0.0.1:${port}`;
    const server = start({
      PORT: String(port),
      CONTENT_DIR: dir,
      SITE_URL: site,
      WEBSUB_HUB: hubUrl,
    });
    started.push(server);
    await server.ready;
    for (let i = 0; i < 100 && received.length === 0; i += 1)
      await new Promise((r) => setTimeout(r, 50));
    hub.close();
    const feeds = ['/', '/sections/palestine/', '/tags/gaza/'].flatMap((base) =>
      ['rss.xml', 'atom.xml', 'feed.json'].map((file) => site + base + file),
    );
    expect(received).toEqual([feeds]);
  });

  it('stops with a clear message on a bad setting', async () => {
    const server = start({ PORT: '8787', NEWSROOM_TZ: 'Mars/Olympus' });
    started.push(server);
    expect(await server.exited).toBe(1);
    expect(server.output().stderr.trim()).toBe(
      "dateline: NEWSROOM_TZ 'Mars/Olympus' is not an IANA time zone, like Asia/Jerusalem or Asia/Hebron",
    );
  });

  it('stops with a clear message when the content folder does not exist', async () => {
    const server = start({ PORT: String(await freePort()), CONTENT_DIR: '/nonexistent/dateline' });
    started.push(server);
    expect(await server.exited).toBe(1);
    expect(server.output().stderr).toBe(
      "dateline: CONTENT_DIR '/nonexistent/dateline' is not a folder that can be read\n",
    );
  });
});
