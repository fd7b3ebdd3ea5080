// The feed addresses readers guess from other publishers (WordPress /feed/, Hugo /index.xml,
// jekyll-feed /feed.xml, plain /rss and /atom) lead to the one canonical feed.
import { describe, expect, it } from 'vitest';
import { contentApp } from '../support/app.ts';

const SITE = 'http://localhost:8787';

describe('feed aliases', async () => {
  const { app, get } = await contentApp();

  it.each([
    ['/feed', '/rss.xml'],
    ['/feed/', '/rss.xml'],
    ['/rss', '/rss.xml'],
    ['/atom', '/atom.xml'],
    ['/index.xml', '/rss.xml'],
    ['/feed.xml', '/atom.xml'],
    ['/feed?limit=5', '/rss.xml?limit=5'],
    ['/sections/palestine/feed/', '/sections/palestine/rss.xml'],
    ['/sections/palestine/atom', '/sections/palestine/atom.xml'],
    ['/tags/gaza/index.xml', '/tags/gaza/rss.xml'],
    ['/tags/gaza/feed.xml', '/tags/gaza/atom.xml'],
    ['/authors/lina-haddad/rss', '/authors/lina-haddad/rss.xml'],
  ])('answers %s with 301 to %s', async (from, to) => {
    const response = await get(from);
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe(SITE + to);
  });

  it('sends another spelling of a name to the canonical name first, and an unknown one to 404', async () => {
    const renamed = await get('/sections/PALESTINE/feed');
    expect(renamed.status).toBe(301);
    expect(renamed.headers.get('location')).toBe(`${SITE}/sections/palestine/feed`);
    expect((await get('/sections/nowhere/feed')).status).toBe(404);
  });

  it('answers other methods with 405, as every route does', async () => {
    const response = await app.request('/feed', { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});
