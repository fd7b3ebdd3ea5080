import { FEED_FILES, feedUrl, FORMAT_NAMES, type FeedFormat, type FeedView } from './feed-view.ts';
import { dirOf, layout, when } from './html.ts';
import { wordsFor } from './page-words.ts';
import { escapeHtml as h } from './xml.ts';

/**
 * What a person sees on opening a feed URL in a browser: the feed as a page, with
 * the address to paste into a feed reader. Browsers are dropping XSLT and show
 * `application/rss+xml` as raw text, so a real HTML page (no script, no XSLT) is the
 * lasting way to show a feed to a person. In Arabic, right to left, when the feed is.
 */
export function renderFeedPreview(view: FeedView, format: FeedFormat): string {
  const words = wordsFor(view.language);
  const self = feedUrl(view, format);
  const others = (Object.keys(FEED_FILES) as FeedFormat[])
    .filter((f) => f !== format)
    .map((f) => `<a href="${h(feedUrl(view, f))}">${FORMAT_NAMES[f]}</a>`)
    .join(' · ');
  const items = view.items.map((a) => {
    const lang = a.lang ? ` lang="${h(a.lang)}" dir="${dirOf(a.lang)}"` : '';
    return `<li${lang}><h3><a href="${h(a.url)}">${h(a.title)}</a></h3>
<p class="meta">${when(view.config, a.published, words.lang)}</p>
<p>${h(a.summary)}</p></li>`;
  });
  const paging = [
    view.page > 1
      ? `<a rel="prev" href="${h(feedUrl(view, format, view.page - 1))}">${words.newer}</a>`
      : '',
    view.page < view.lastPage
      ? `<a rel="next" href="${h(feedUrl(view, format, view.page + 1))}">${words.older}</a>`
      : '',
  ].filter(Boolean);
  const body = `<header>
<p><a href="${h(view.config.siteUrl + '/')}">${h(view.config.siteTitle)}</a></p>
<h1><bdi>${h(view.title)}</bdi></h1>
<p>${h(view.description)}</p>
<aside class="subscribe">
<h2>${words.thisIsAFeed}</h2>
<p>${words.copyAddress}</p>
<p><input readonly dir="ltr" value="${h(self)}" aria-label="${words.feedAddress}" size="60"></p>
<p>${words.sameFeedAs} ${others}. <a href="${h(view.homeUrl)}">${words.webPage}</a>.</p>
</aside>
</header>
<main>
<h2>${words.latest}${view.lastPage > 1 ? ` (${words.pageOf(view.page, view.lastPage)})` : ''}</h2>
<ol>
${items.join('\n')}
</ol>
${paging.length ? `<nav aria-label="${words.pages}">${paging.join(' · ')}</nav>` : ''}
</main>`;
  return layout(view.config, view.title, body, { lang: view.language });
}
