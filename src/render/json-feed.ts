import type { Article } from '../store/article.ts';
import { categoryNames, feedUrl, itemLanguage, type FeedView } from './feed-view.ts';
import { rfc3339 } from './xml.ts';

/** JSON Feed 1.1 (jsonfeed.org/version/1.1): `authors`, `language`, string ids, `next_url` paging. */
export function renderJsonFeed(view: FeedView): string {
  const { config } = view;
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: view.title,
    home_page_url: view.homeUrl,
    feed_url: feedUrl(view, 'json'),
    description: view.description,
    language: view.language,
    authors: [{ name: config.siteTitle, url: config.siteUrl + '/' }],
    ...(view.page < view.lastPage ? { next_url: feedUrl(view, 'json', view.page + 1) } : {}),
    ...(config.websubHub ? { hubs: [{ type: 'WebSub', url: config.websubHub }] } : {}),
    items: view.items.map((article) => item(view, article)),
  };
  return JSON.stringify(feed, null, 2) + '\n';
}

function item(view: FeedView, article: Article) {
  return {
    id: article.id,
    url: article.url,
    title: article.title,
    summary: article.summary,
    content_html: article.contentHtml,
    ...(article.image ? { image: article.image.url } : {}),
    date_published: rfc3339(article.published),
    ...(article.updated !== undefined ? { date_modified: rfc3339(article.updated) } : {}),
    ...(article.author ? { authors: [{ name: article.author }] } : {}),
    tags: categoryNames(article),
    ...(itemLanguage(view, article) ? { language: article.lang } : {}),
  };
}
