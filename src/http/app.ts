import { Hono } from 'hono';
import type { Config } from '../config.ts';
import { renderArticlePage, renderHomePage, renderScopePage } from '../render/html.ts';
import type { ArticleStore } from '../store/store.ts';
import { FORMAT_BY_FILE, lookupScope, serveFeed } from './feed-routes.ts';
import { plain } from './plain.ts';

export interface AppOptions {
  store: ArticleStore;
  config: Config;
}

const HTML = { 'Content-Type': 'text/html; charset=utf-8' };

export function createApp({ store, config }: AppOptions): Hono {
  const app = new Hono();

  app.use(async function rejectMalformedPercentEncoding(c, next) {
    try {
      decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return plain(c, 400, 'malformed percent-encoding in the path');
    }
    await next();
  });

  app.get('/', (c) => c.body(renderHomePage(config, store.current()), 200, HTML));

  app.get('/healthz', (c) => {
    const catalog = store.current();
    const rejected = new Set(catalog.problems.map((p) => p.path)).size;
    return c.json({ status: 'ok', articles: catalog.bySlug.size, rejected });
  });

  for (const [file, format] of Object.entries(FORMAT_BY_FILE)) {
    app.get(`/${file}`, (c) => serveFeed(c, config, store.current().site, format));
  }

  for (const [prefix, kind] of [
    ['sections', 'section'],
    ['tags', 'tag'],
  ] as const) {
    const scopesOf = () => (kind === 'section' ? store.current().sections : store.current().tags);
    for (const [file, format] of Object.entries(FORMAT_BY_FILE)) {
      app.get(`/${prefix}/:name/${file}`, (c) => {
        const found = lookupScope(c, config, scopesOf(), kind, file);
        return 'response' in found ? found.response : serveFeed(c, config, found.scope, format);
      });
    }
    app.get(`/${prefix}/:name/`, (c) => {
      const found = lookupScope(c, config, scopesOf(), kind, '');
      return 'response' in found
        ? found.response
        : c.body(renderScopePage(config, found.scope), 200, HTML);
    });
    app.get(`/${prefix}/:name`, (c) => {
      const found = lookupScope(c, config, scopesOf(), kind, '');
      return 'response' in found
        ? found.response
        : c.redirect(`${new URL(c.req.url).pathname}/`, 301);
    });
  }

  app.get('/articles/*', (c) => {
    const slug = decodeURIComponent(new URL(c.req.url).pathname.slice('/articles/'.length));
    const article = store.current().bySlug.get(slug);
    if (!article) return plain(c, 404, 'no such article');
    return c.body(renderArticlePage(config, article), 200, HTML);
  });

  app.notFound((c) => plain(c, 404, 'not found'));
  app.onError((error, c) => {
    console.error(error);
    return plain(c, 500, 'internal error');
  });
  return app;
}
