// The editors' view: /status and /status.json list every file left out with its report, the
// embargoed articles with their go-live instants and the drafts; they exist only with a
// STATUS_TOKEN, answer only to it, and are never stored by a cache.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { createReloadingStore } from '../../src/store/store.ts';
import { appFromFiles, dispatch, filesFrom } from '../support/app.ts';

const TOKEN = 'correct-horse-battery-staple';
const NOW = Date.UTC(2026, 11, 7, 12, 0);
const files = filesFrom({
  'a.txt': dispatch({ title: 'Talks in Rafah' }),
  'b.txt': dispatch({
    title: 'Budget to be announced',
    // Thu 1 Jul 2027 9:00 am in Jerusalem (IDT, UTC+3): 06:00Z.
    dateline: 'Thu 1 Jul 2027 9:00 am - Jerusalem Time',
  }),
  'c.txt': dispatch({ dateline: 'Thu 19 Apr 2024 6:22 pm - Jerusalem Time' }),
  'd.md': '---\ntitle: Not ready\ndraft: true\n---\n',
});
const basic = (password: string) => `Basic ${btoa(`editor:${password}`)}`;

describe('the editors status', () => {
  const { get } = appFromFiles(files, { STATUS_TOKEN: TOKEN }, () => NOW);

  it('lists what is left out, embargoed and a draft, as JSON for a bearer of the token', async () => {
    const response = await get('/status.json', { Authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('etag')).toBeNull(); // so no cache in front of the app keeps it
    expect(await response.json()).toEqual({
      version: 'fixed',
      since: null,
      articles: 1,
      embargoed: [
        { path: 'b.txt', title: 'Budget to be announced', goes_live: '2027-07-01T06:00:00Z' },
      ],
      drafts: ['d.md'],
      problems: [
        "c.txt:3: dateline 'Thu 19 Apr 2024 6:22 pm - Jerusalem Time': 19 Apr 2024 is a Friday, not a Thursday; check the date and the weekday",
      ],
    });
  });

  it('shows the same as a page to a browser giving the token as the Basic password', async () => {
    const response = await get('/status', { Authorization: basic(TOKEN) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toContain('<code>c.txt:3: dateline');
    expect(html).toContain('<time datetime="2027-07-01T06:00:00Z" dir="ltr">');
    expect(html).toContain('<code>d.md</code>');
  });

  it('answers 401 with a one-line message and a Basic challenge without the token', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: `Bearer ${TOKEN}x` },
      { Authorization: basic('wrong-password-of-length') },
      { Authorization: 'Basic %%%' },
    ];
    for (const headers of attempts) {
      const response = await get('/status.json', headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(
        'Basic realm="dateline status", charset="UTF-8"',
      );
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect((await response.text()).split('\n')).toHaveLength(2); // one line and its end
    }
  });

  it("names the version a reloading store serves and when it was swapped in (the Node server's)", async () => {
    let texts = { 'a.txt': dispatch({ title: 'First' }) };
    let now = NOW;
    const config = parseConfig({ STATUS_TOKEN: TOKEN });
    const store = await createReloadingStore(() => Promise.resolve(filesFrom(texts)), config, {
      clock: () => now,
    });
    const app = createApp({ store, config, clock: () => now });
    const status = async () =>
      (await (
        await app.request('/status.json', { headers: { Authorization: `Bearer ${TOKEN}` } })
      ).json()) as { version: string; since: string };
    expect(await status()).toMatchObject({ version: '1', since: '2026-12-07T12:00:00Z' });
    now += 60_000;
    await store.reload(); // nothing changed: the same version
    expect(await status()).toMatchObject({ version: '1', since: '2026-12-07T12:00:00Z' });
    texts = { 'a.txt': dispatch({ title: 'Second' }) };
    await store.reload();
    expect(await status()).toMatchObject({ version: '2', since: '2026-12-07T12:01:00Z' });
  });

  it('does not exist without a STATUS_TOKEN', async () => {
    const { get: without } = appFromFiles(files, {}, () => NOW);
    expect((await without('/status', { Authorization: `Bearer ${TOKEN}` })).status).toBe(404);
    expect((await without('/status.json')).status).toBe(404);
  });

  it('refuses a short or spaced token at start', () => {
    for (const token of ['short', 'sixteen chars ok but spaced'])
      expect(() => parseConfig({ STATUS_TOKEN: token })).toThrow(ConfigError);
  });
});
