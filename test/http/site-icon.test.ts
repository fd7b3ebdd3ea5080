// The site icon: every feed names it (RSS `image` with the channel's title and link, Atom
// `icon` and `logo`, JSON Feed `icon` and `favicon`), pages link it, and the shipped images are
// served; SITE_ICON replaces them all. feedparser, an independent reader, finds them.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.ts';
import { contentApp } from '../support/app.ts';
import { readWithFeedparser } from '../support/validators.ts';

const SITE = 'http://localhost:8787';

/** Width and height of a PNG, from its IHDR chunk (PNG spec, section 11.2.2). */
function pngSize(bytes: Uint8Array): [number, number] {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  expect([...bytes.subarray(0, 8)]).toEqual(signature);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return [view.getUint32(16), view.getUint32(20)];
}

describe('the site icon', async () => {
  const { get } = await contentApp();
  const own = await contentApp({ SITE_ICON: 'https://cdn.example.org/newsroom.png' });

  it('is named by every format, as feedparser reads it', async () => {
    const rss = await (await get('/sections/palestine/rss.xml')).text();
    const atom = await (await get('/sections/palestine/atom.xml')).text();
    const [r, a] = readWithFeedparser([
      { name: 'rss', body: rss },
      { name: 'atom', body: atom },
    ]);
    expect(r?.bozo).toBe(false);
    expect(r?.feed.image).toBe(`${SITE}/icon.png`);
    // RSS 2.0: the image's title and link are the channel's.
    expect(rss).toContain(
      `<image><url>${SITE}/icon.png</url><title>Palestine — Dateline</title><link>${SITE}/sections/palestine/</link></image>`,
    );
    expect(a?.bozo).toBe(false);
    expect([a?.feed.icon, a?.feed.logo]).toEqual([`${SITE}/icon.png`, `${SITE}/logo.png`]);
    const json = (await (await get('/feed.json')).json()) as { icon: string; favicon: string };
    expect([json.icon, json.favicon]).toEqual([`${SITE}/icon.png`, `${SITE}/favicon.ico`]);
    const page = await (await get('/')).text();
    expect(page).toContain(`<link rel="icon" href="${SITE}/favicon.ico">`);
  });

  it('is served: a square PNG, a PNG twice as wide, and a favicon.ico holding a 64 x 64 PNG', async () => {
    const icon = await get('/icon.png');
    expect(icon.headers.get('content-type')).toBe('image/png');
    expect(pngSize(new Uint8Array(await icon.arrayBuffer()))).toEqual([512, 512]);
    const logo = await get('/logo.png');
    expect(pngSize(new Uint8Array(await logo.arrayBuffer()))).toEqual([512, 256]);
    const favicon = await get('/favicon.ico');
    expect(favicon.headers.get('content-type')).toBe('image/vnd.microsoft.icon');
    const ico = new Uint8Array(await favicon.arrayBuffer());
    // ICONDIR: reserved 0, type 1 (icon), one image; its entry says 64 x 64 at offset 22.
    expect([...ico.subarray(0, 6)]).toEqual([0, 0, 1, 0, 1, 0]);
    expect([ico[6], ico[7]]).toEqual([64, 64]);
    expect(pngSize(ico.subarray(22))).toEqual([64, 64]);
    const again = await get('/favicon.ico', { 'If-None-Match': favicon.headers.get('etag')! });
    expect(again.status).toBe(304);
  });

  it('is the newsroom’s own with SITE_ICON, everywhere, and /favicon.ico leads to it', async () => {
    const url = 'https://cdn.example.org/newsroom.png';
    const json = (await (await own.get('/feed.json')).json()) as { icon: string; favicon: string };
    expect([json.icon, json.favicon]).toEqual([url, url]);
    const atom = await (await own.get('/atom.xml')).text();
    expect(atom).toContain(`<icon>${url}</icon>\n<logo>${url}</logo>`);
    const favicon = await own.get('/favicon.ico');
    expect(favicon.status).toBe(301);
    expect(favicon.headers.get('location')).toBe(url);
    expect(() => parseConfig({ SITE_ICON: 'javascript:alert(1)' })).toThrow(ConfigError);
  });
});
