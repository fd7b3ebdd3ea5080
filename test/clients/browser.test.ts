// Headless Chromium (Debian's, driven by playwright-core) opening the site and a feed URL
// on a real server on loopback, as a person does; then the same URL fetched as a reader.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp } from '../support/app.ts';
import { startContentServer, type RunningServer } from '../support/server.ts';
import { lacks } from '../support/tools.ts';

const FEED_PATH = '/sections/palestine/rss.xml';
const READER_ACCEPT = 'application/rss+xml, */*;q=0.8';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

interface JsonFeed {
  title: string;
  items: { id: string; url: string; title: string; language?: string }[];
}

/** GET by node:http, which sends no Accept header unless told (fetch always sends one). */
function getWithoutAccept(url: string): Promise<{ status: number; type: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = get(url, { timeout: 10_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          type: response.headers['content-type'] ?? '',
          body: Buffer.concat(chunks),
        }),
      );
    });
    request.on('timeout', () => request.destroy(new Error(`timeout: GET ${url}`)));
    request.on('error', reject);
  });
}

/** Skipped, and named at the end of the run, where chromium is not installed. */
const describeWithChromium = describe.skipIf(lacks(['chromium'], import.meta.url));

describeWithChromium('headless Chromium on the site and its feeds', { timeout: 60_000 }, () => {
  let server: RunningServer;
  let test: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  const dir = mkdtempSync(join(tmpdir(), 'dateline-browser-'));

  const jsonFeed = async (path: string) =>
    (await (await fetch(server.url + path)).json()) as JsonFeed;

  beforeAll(async () => {
    ({ server, test } = await startContentServer());
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      timeout: 30_000,
    });
    context = await browser.newContext();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows a feed URL to a person as a script-free HTML page, and the feed to a reader', async () => {
    const feed = await jsonFeed(FEED_PATH.replace('rss.xml', 'feed.json'));
    const url = server.url + FEED_PATH;
    const page = await context.newPage();
    const before = server.requests.length;
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    const navigation = server.requests.slice(before).find((r) => r.path === FEED_PATH);
    expect(navigation?.headers.accept).toMatch(/^text\/html,/); // why it got the page

    const shown = await page.evaluate(() => ({
      scripts: document.scripts.length,
      h1: document.querySelector('h1')?.textContent ?? null,
      text: document.body.innerText,
      subscribe: document.querySelector('.subscribe')?.textContent ?? '',
      addresses: [...document.querySelectorAll('.subscribe input')].map(
        (input) => (input as HTMLInputElement).value,
      ),
    }));
    expect(shown.scripts).toBe(0);
    expect(shown.h1).toBe(feed.title);
    expect(feed.items.length).toBeGreaterThan(0);
    for (const item of feed.items) expect(shown.text).toContain(item.title);
    expect(shown.subscribe).toContain('feed reader');
    expect(shown.addresses).toEqual([url]);

    const png = join(dir, 'preview.png');
    await page.screenshot({ path: png, fullPage: true });
    const bytes = readFileSync(png);
    expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(statSync(png).size).toBeGreaterThan(10 * 1024);
    copyFileSync(png, '/tmp/dateline-preview.png'); // for a person to look at
    await page.close();

    // The feed itself, as app.request() gives it to a client that sends no Accept header.
    const expected = Buffer.from(await (await test.get(FEED_PATH)).arrayBuffer());
    expect(expected.toString('utf8')).toMatch(/^<\?xml [^>]*\?>\n<rss /);

    // Chromium's own network stack, in the same context: its HTTP cache holds the page it
    // just showed (Vary: Accept), and must not answer a reader's Accept with it.
    const origin = await context.newPage();
    await origin.goto(`${server.url}/healthz`); // same origin, no CSP: fetch() is allowed
    const fromBrowser = await origin.evaluate(
      async ({ target, accept }) => {
        const r = await fetch(target, { headers: { Accept: accept } });
        return {
          status: r.status,
          type: r.headers.get('content-type'),
          bytes: [...new Uint8Array(await r.arrayBuffer())],
        };
      },
      { target: url, accept: READER_ACCEPT },
    );
    await origin.close();
    expect(fromBrowser.status).toBe(200);
    expect(fromBrowser.type).toBe('application/rss+xml; charset=utf-8');
    expect(Buffer.from(fromBrowser.bytes).equals(expected)).toBe(true);
    const asReader = server.requests.filter((r) => r.headers.accept === READER_ACCEPT);
    expect(asReader.map((r) => [r.path, r.status])).toEqual([[FEED_PATH, 200]]); // not cached

    const plain = await getWithoutAccept(url);
    expect(server.requests.at(-1)?.headers.accept).toBeUndefined();
    expect(plain.status).toBe(200);
    expect(plain.type).toBe('application/rss+xml; charset=utf-8');
    expect(plain.body.equals(expected)).toBe(true);
  });

  it('renders an English article page left to right, its Jerusalem time beside UTC', async () => {
    // content/2024/rafah-talks.txt: "Fri 19 Apr 2024 6:22 pm - Jerusalem Time", which is IDT
    // (UTC+3) that day, so 15:22 UTC.
    const page = await context.newPage();
    const response = await page.goto(`${server.url}/articles/2024/rafah-talks`);
    expect(response?.status()).toBe(200);
    const shown = await page.evaluate(() => {
      const time = document.querySelector('time');
      const box = time?.getBoundingClientRect();
      const column = document.body.getBoundingClientRect();
      return {
        dir: getComputedStyle(document.documentElement).direction,
        lang: document.documentElement.lang,
        time: time?.textContent,
        instant: time?.getAttribute('datetime'),
        inColumn: box ? box.left >= column.left && box.right <= column.right : false,
        scripts: document.scripts.length,
      };
    });
    expect(shown).toEqual({
      dir: 'ltr',
      lang: 'en',
      time: 'Fri 19 Apr 2024, 6:22 pm Jerusalem time (15:22 UTC)',
      instant: '2024-04-19T15:22:00Z',
      inColumn: true,
      scripts: 0,
    });
    const png = join(dir, 'english.png');
    await page.screenshot({ path: png, fullPage: true });
    expect([...readFileSync(png).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    copyFileSync(png, '/tmp/dateline-english.png'); // for a person to look at
    await page.close();
  });

  it('renders each Arabic article page right to left, in Arabic', async () => {
    const arabic = (await jsonFeed('/feed.json')).items.filter((item) => item.language === 'ar');
    expect(arabic.length).toBeGreaterThan(0);
    const page = await context.newPage();
    for (const item of arabic) {
      expect(item.url.startsWith(`${server.url}/articles/`)).toBe(true);
      const response = await page.goto(item.url, { waitUntil: 'domcontentloaded' });
      expect(response?.status(), item.url).toBe(200);
      const shown = await page.evaluate(() => ({
        dir: document.documentElement.dir,
        lang: document.documentElement.lang,
        h1: document.querySelector('h1')?.textContent ?? null,
        scripts: document.scripts.length,
        // The date is Arabic and laid out right to left, inside the page's column.
        date: (() => {
          const time = document.querySelector('time');
          const box = time?.getBoundingClientRect();
          const column = document.body.getBoundingClientRect();
          return time && box
            ? getComputedStyle(time).direction === 'rtl' &&
                /[٠-٩]/.test(time.textContent ?? '') &&
                box.left >= column.left &&
                box.right <= column.right
            : false;
        })(),
      }));
      expect(shown, item.url).toEqual({
        dir: 'rtl',
        lang: 'ar',
        h1: item.title,
        scripts: 0,
        date: true,
      });
    }
    const png = join(dir, 'arabic.png');
    await page.screenshot({ path: png, fullPage: true });
    expect([...readFileSync(png).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    copyFileSync(png, '/tmp/dateline-arabic.png'); // for a person to look at
    await page.close();
  });

  it('lists every section on the home page with links to its page and its feeds', async () => {
    const page = await context.newPage();
    const response = await page.goto(`${server.url}/`, { waitUntil: 'domcontentloaded' });
    expect(response?.status()).toBe(200);
    const links = await page.evaluate(() =>
      [...document.querySelectorAll('a')].map((a) => ({ href: a.href, text: a.textContent })),
    );
    await page.close();
    expect(test.catalog.sections.size).toBeGreaterThan(0);
    for (const [slug, section] of test.catalog.sections) {
      const base = `${server.url}/sections/${encodeURIComponent(slug)}/`;
      expect(links, slug).toContainEqual({ href: base, text: section.term?.name });
      for (const file of ['rss.xml', 'atom.xml', 'feed.json']) {
        expect(links.map((l) => l.href)).toContain(base + file);
      }
    }
  });

  it('keeps each count to the right of its Arabic name, and Arabic markers inside the column', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    const layout = await page.evaluate(() => {
      // The tag غزة on the English home page, and the count written after its link.
      const link = [...document.querySelectorAll('li > a')].find((a) => a.textContent === 'غزة');
      const after = link?.nextSibling;
      if (!link || !after) return undefined;
      const range = document.createRange();
      const open = (after.textContent ?? '').indexOf('(');
      range.setStart(after, open);
      range.setEnd(after, (after.textContent ?? '').indexOf(')') + 1);
      const arabic = document.querySelector('li[dir=rtl]');
      return {
        count: range.toString(),
        name: link.getBoundingClientRect().right,
        countLeft: range.getBoundingClientRect().left,
        marker: arabic ? getComputedStyle(arabic).listStylePosition : undefined,
      };
    });
    expect(layout?.count).toMatch(/^\(\d+\)$/);
    // Without isolation the Unicode bidi algorithm carries "(n)" to the left of the name.
    expect(layout!.countLeft).toBeGreaterThanOrEqual(layout!.name - 1);
    expect(layout?.marker).toBe('inside');
    const png = join(dir, 'home.png');
    await page.screenshot({ path: png, fullPage: true });
    expect([...readFileSync(png).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    copyFileSync(png, '/tmp/dateline-home.png'); // for a person to look at
    await page.close();
  });
});
