import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch } from './support/app.ts';
import { sleep, startEntry, type Entry } from './support/entry.ts';
import { startHub } from './support/hub.ts';

describe('the Node server', () => {
  const started: Entry[] = [];
  const start = async (env: Record<string, string>) => {
    const entry = await startEntry(env);
    started.push(entry);
    return entry;
  };
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
    const server = await start({ CONTENT_DIR: dir });
    const port = server.port;
    await server.ready;
    expect(server.stderr()).toContain(
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

  it('starts again from its database without reading a file, and serves the same feeds', async () => {
    const dir = tempDir('dateline-restart-');
    for (const n of [1, 2, 3])
      writeFileSync(join(dir, `${n}.txt`), dispatch({ title: `No. ${n}` }));
    const env = {
      CONTENT_DIR: dir,
      SITE_URL: 'https://news.example',
      DATABASE_FILE: join(dir, '.dateline.db'),
    };
    const feeds = async (server: Entry) =>
      Promise.all(
        ['/rss.xml', '/atom.xml', '/feed.json'].map(async (path) => {
          const response = await fetch(server.url + path);
          return response.text();
        }),
      );
    // Files younger than two seconds when read are never trusted by their stamp (see
    // src/adapters/node/read-store.ts): these are older when the first start reads and saves them.
    await sleep(2_100);
    const first = await start(env);
    await first.ready;
    const before = await feeds(first);
    first.child.kill('SIGTERM');
    await first.exited;
    const second = await start(env);
    await second.ready;
    expect(second.stdout()).toContain(
      `dateline: 3 articles, 0 problems, from the database (${dir} is checked next)`,
    );
    expect(await feeds(second)).toEqual(before);
  });

  it('refuses a second server on the database file of a running one, and leaves that file alone', async () => {
    const dir = tempDir('dateline-two-servers-');
    writeFileSync(join(dir, 'a.txt'), dispatch({ title: 'One' }));
    const env = {
      CONTENT_DIR: dir,
      DATABASE_FILE: join(dir, '.dateline.db'),
      SITE_URL: 'https://news.example',
    };
    const first = await start(env);
    await first.ready;
    const second = await start({ ...env, SITE_URL: 'https://other.example' });
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toBe(
      `dateline: ${env.DATABASE_FILE} is in use by process ${first.child.pid}; give each server its own DATABASE_FILE\n`,
    );
    const response = await fetch(`${first.url}/feed.json`);
    expect(((await response.json()) as { items: { title: string }[] }).items[0]?.title).toBe('One');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    // The claim goes with the server: a new one starts on the file, from the database.
    const third = await start(env);
    await third.ready;
    expect(third.stdout()).toContain('from the database');
    third.child.kill('SIGTERM');
    await third.exited;
  });

  it('answers requests Node itself would refuse as the app answers a bad request, and serves HTTP/1.0 without Host', async () => {
    const dir = tempDir('dateline-raw-');
    writeFileSync(join(dir, 'a.txt'), dispatch({ title: 'One' }));
    const server = await start({ CONTENT_DIR: dir });
    await server.ready;
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        let text = '';
        const socket = connect(server.port, '127.0.0.1', () => socket.write(request));
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (text += chunk));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
    const bad = (message: string) =>
      expect.stringMatching(
        new RegExp(
          `^HTTP/1\\.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n` +
            `[^]*X-Content-Type-Options: nosniff\r\n[^]*\r\n\r\n${message.replace(/[().]/g, '\\$&')}\n$`,
        ),
      ) as unknown;
    expect(await raw('GET /rss.xml HTTP/1.1\r\nConnection: close\r\n\r\n')).toEqual(
      bad('a Host header is required (RFC 9112, section 3.2)'),
    );
    expect(await raw('GET /a\\b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toEqual(
      bad('a backslash is not allowed in a path; use /'),
    );
    // HTTP/1.0 has no Host header (RFC 1945): served, links from SITE_URL as ever.
    const old = await raw('GET /rss.xml HTTP/1.0\r\n\r\n');
    expect(old).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(old).toContain(
      `<atom:link rel="self" type="application/rss+xml" href="${server.url}/rss.xml"/>`,
    );
  });

  it('tells the WebSub hub about every feed when it starts, without waiting for it', async () => {
    const hub = await startHub();
    const hubUrl = hub.url;
    const dir = tempDir('dateline-websub-');
    writeFileSync(join(dir, 'a.txt'), dispatch({ title: 'One', tags: ['Gaza'] }));
    const server = await start({ CONTENT_DIR: dir, WEBSUB_HUB: hubUrl });
    const site = server.url;
    await server.ready;
    for (let i = 0; i < 100 && hub.publishes().length === 0; i += 1)
      await new Promise((r) => setTimeout(r, 50));
    await hub.close();
    const feeds = ['/', '/sections/palestine/', '/tags/gaza/'].flatMap((base) =>
      ['rss.xml', 'atom.xml', 'feed.json'].map((file) => site + base + file),
    );
    expect(hub.publishes()).toEqual([feeds]);
  });

  it('stops with a clear message on a bad setting', async () => {
    const server = await start({ NEWSROOM_TZ: 'Mars/Olympus' });
    expect(await server.exited).toBe(1);
    expect(server.stderr().trim()).toBe(
      "dateline: NEWSROOM_TZ 'Mars/Olympus' is not an IANA time zone, like Asia/Jerusalem or Asia/Hebron",
    );
  });

  it('stops with a clear message when its database file cannot be written', async () => {
    const dir = tempDir('dateline-no-db-');
    writeFileSync(join(dir, 'a-file'), '');
    const file = join(dir, 'a-file', 'store.db');
    const server = await start({ DATABASE_FILE: file });
    expect(await server.exited).toBe(1);
    expect(server.stderr()).toBe(
      `dateline: ${file} cannot be written (EEXIST); check its folder\n`,
    );
  });

  it('stops with a clear message when the content folder does not exist', async () => {
    const server = await start({ CONTENT_DIR: '/nonexistent/dateline' });
    expect(await server.exited).toBe(1);
    expect(server.stderr()).toBe(
      "dateline: CONTENT_DIR '/nonexistent/dateline' is not a folder that can be read\n",
    );
  });
});
