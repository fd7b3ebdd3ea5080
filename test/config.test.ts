import { describe, expect, it } from 'vitest';
import { ConfigError, databaseFile, drainTimeout, parseConfig, parsePort } from '../src/config.ts';

describe('config', () => {
  it('has defaults that serve localhost:8787 in Jerusalem time', () => {
    expect(parseConfig({})).toEqual({
      siteUrl: 'http://localhost:8787',
      siteTitle: 'Dateline',
      siteDescription: 'News from the newsroom, as RSS, Atom and JSON Feed.',
      siteLanguage: 'en',
      timeZone: 'Asia/Jerusalem',
      feedTtl: 300,
      websubHub: undefined,
      feedContent: 'full',
      pageBytes: 4 * 1024 * 1024,
      statusToken: undefined,
    });
    expect(parsePort({})).toBe(8787);
  });

  it('drops a trailing slash from SITE_URL and keeps a path prefix', () => {
    expect(parseConfig({ SITE_URL: 'https://news.example.org/feeds/' }).siteUrl).toBe(
      'https://news.example.org/feeds',
    );
  });

  it.each([
    [
      { SITE_URL: 'news.example.org' },
      /SITE_URL 'news.example.org' is not an absolute http\(s\) URL/,
    ],
    [{ SITE_URL: 'ftp://news.example.org' }, /SITE_URL/],
    [{ SITE_URL: 'https://news.example.org/?x=1' }, /query or fragment/],
    [{ FEED_CONTENT: 'excerpt' }, /FEED_CONTENT 'excerpt' must be full or summary/],
    [{ SITE_LANGUAGE: 'English' }, /SITE_LANGUAGE 'English' is not a language tag/],
    [{ NEWSROOM_TZ: 'Asia/Jerusalme' }, /NEWSROOM_TZ 'Asia\/Jerusalme' is not an IANA time zone/],
    [{ FEED_TTL: '420' }, /FEED_TTL '420' must be whole minutes in seconds that divide a day/],
    [{ FEED_TTL: '30' }, /FEED_TTL '30'/],
    [{ FEED_TTL: '5m' }, /FEED_TTL '5m'/],
    [{ WEBSUB_HUB: 'hub.example' }, /WEBSUB_HUB 'hub.example' is not an absolute http\(s\) URL/],
  ])('stops on a bad value with a message naming it: %o', (vars, message) => {
    expect(() => parseConfig(vars)).toThrow(ConfigError);
    expect(() => parseConfig(vars)).toThrow(message);
  });

  it.each(['0', '65536', 'http', '80.5', '-1'])('rejects PORT=%s', (port) => {
    expect(() => parsePort({ PORT: port })).toThrow(/PORT '.*' is not a port number/);
  });

  it('drains for 10 s at shutdown unless DRAIN_SECONDS says, and rejects what is not seconds', () => {
    expect(drainTimeout({})).toBe(10_000);
    expect(drainTimeout({ DRAIN_SECONDS: '0' })).toBe(0);
    expect(drainTimeout({ DRAIN_SECONDS: '30' })).toBe(30_000);
    for (const bad of ['-1', '1.5', 'ten', '601']) {
      expect(() => drainTimeout({ DRAIN_SECONDS: bad })).toThrow(
        `DRAIN_SECONDS '${bad}' is not a whole number of seconds from 0 to 600`,
      );
    }
  });

  it('keeps the database in .dateline/store.db unless DATABASE_FILE says', () => {
    expect(databaseFile({})).toBe('.dateline/store.db');
    expect(databaseFile({ DATABASE_FILE: ' /var/lib/dateline/news.db ' })).toBe(
      '/var/lib/dateline/news.db',
    );
  });
});
