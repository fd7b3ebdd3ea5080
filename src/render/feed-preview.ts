import { FEED_FILES, feedUrl, FORMAT_NAMES, type FeedFormat, type FeedView } from './feed-view.ts';
import { dirOf, layout, when } from './html.ts';
import { escapeHtml as h } from './xml.ts';

/**
 * What a person sees on opening a feed URL in a browser: the feed as a page, with
 * the address to paste into a feed reader. Browsers are dropping XSLT and show
 * `application/rss+xml` as raw text, so a real HTML page (no script, no XSLT) is the
 * lasting way to show a feed to a person.
 */
export function renderFeedPreview(view: FeedView, format: FeedFormat): string {
  const self = feedUrl(view, format);
  const others = (Object.keys(FEED_FILES) as FeedFormat[])
    .filter((f) => f !== format)
    .map((f) => `<a href="${h(feedUrl(view, f))}">${FORMAT_NAMES[f]}</a>`)
    .join(' · ');
  const items = view.items.map((a) => {
    const lang = a.lang ? ` lang="${h(a.lang)}" dir="${dirOf(a.lang)}"` : '';
    return `<li${lang}><h3><a href="${h(a.url)}">${h(a.title)}</a></h3>
<p class="meta">${when(view.config, a.published)}</p>
<p>${h(a.summary)}</p></li>`;
  });
  const paging = [
    view.page > 1
      ? `<a rel="prev" href="${h(feedUrl(view, format, view.page - 1))}">Newer</a>`
      : '',
    view.page < view.lastPage
      ? `<a rel="next" href="${h(feedUrl(view, format, view.page + 1))}">Older</a>`
      : '',
  ].filter(Boolean);
  const body = `<header>
<p><a href="${h(view.config.siteUrl + '/')}">${h(view.config.siteTitle)}</a></p>
<h1>${h(view.title)}</h1>
<p>${h(view.description)}</p>
<aside class="subscribe">
<h2>This is a feed</h2>
<p>To follow it, copy this address into your feed reader:</p>
<p><input readonly value="${h(self)}" aria-label="Feed address" size="60"></p>
<p>The same feed as ${others}. <a href="${h(view.homeUrl)}">The web page</a>.</p>
</aside>
</header>
<main>
<h2>Latest articles${view.lastPage > 1 ? ` (page ${view.page} of ${view.lastPage})` : ''}</h2>
<ol>
${items.join('\n')}
</ol>
${paging.length ? `<nav aria-label="Pages">${paging.join(' · ')}</nav>` : ''}
</main>`;
  return layout(view.config, view.title, body);
}
