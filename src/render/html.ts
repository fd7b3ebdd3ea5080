import { arabicLocalTime, localTime } from './local-time.ts';
import { siteIcons } from './site-icons.ts';
import type { Config } from '../config.ts';
import type { Article } from '../content/article.ts';
import { slugify } from '../content/slug.ts';
import type { Scope } from '../store/catalog.ts';
import type { ScopeHead } from '../store/reader.ts';
import { FEED_FILES, FEED_TYPES, FORMAT_NAMES, scopePath, type FeedFormat } from './feed-view.ts';
import { wordsFor, type PageWords } from './page-words.ts';
import { rfc3339 } from './date-formats.ts';
import { escapeHtml as h } from './xml.ts';

const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'yi']);

const STYLE = `body{font:1rem/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
a{color:#0645ad}h1{line-height:1.2}time,.meta{color:#555;font-size:.9rem}li{margin:.4rem 0}
li[dir=rtl]{list-style-position:inside}`;

export function dirOf(lang: string): string {
  return RTL_LANGUAGES.has(lang.split('-')[0]?.toLowerCase() ?? '') ? 'rtl' : 'ltr';
}

export function layout(
  config: Config,
  title: string,
  body: string,
  options: { lang?: string; head?: string } = {},
): string {
  const lang = options.lang ?? config.siteLanguage;
  return `<!doctype html>
<html lang="${h(lang)}" dir="${dirOf(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<link rel="icon" href="${h(siteIcons(config).favicon)}">
<style>${STYLE}</style>
${options.head ?? ''}</head>
<body>
${body}
</body>
</html>
`;
}

/**
 * A date on a page: the newsroom's wall time and UTC for people, the instant for machines; in
 * Arabic on an Arabic page. Isolated in its own direction (HTML's dir attribute), so that it
 * reads in order beside a title in the other script.
 */
export function when(config: Config, instant: number, lang = 'en'): string {
  if (wordsFor(lang).lang === 'ar') {
    const text = arabicLocalTime(instant, config.timeZone);
    return `<time datetime="${rfc3339(instant)}" lang="ar" dir="rtl">${h(text)}</time>`;
  }
  return `<time datetime="${rfc3339(instant)}" dir="ltr">${h(localTime(instant, config.timeZone))}</time>`;
}

function feedLinks(config: Config, scope: Pick<Scope, 'kind' | 'term'>): string {
  const base = config.siteUrl + scopePath(scope);
  return (Object.keys(FEED_FILES) as FeedFormat[])
    .map((f) => `<a href="${h(base + FEED_FILES[f])}">${FORMAT_NAMES[f]}</a>`)
    .join(' · ');
}

/** `<link rel="alternate">` feed autodiscovery for the three formats of a scope. */
function discovery(config: Config, scope: Pick<Scope, 'kind' | 'term'>, title: string): string {
  const base = config.siteUrl + scopePath(scope);
  return (Object.keys(FEED_FILES) as FeedFormat[])
    .map(
      (f) =>
        `<link rel="alternate" type="${FEED_TYPES[f]}" title="${h(`${title} (${FORMAT_NAMES[f]})`)}" href="${h(base + FEED_FILES[f])}">\n`,
    )
    .join('');
}

function articleList(config: Config, articles: readonly Article[], pageLang?: string): string {
  const items = articles.map((a) => {
    const lang = a.lang ? ` lang="${h(a.lang)}" dir="${dirOf(a.lang)}"` : '';
    // Each title is isolated (<bdi>, HTML's bidi isolation), so that no mix of scripts or a
    // direction control in it reorders the date beside it.
    return `<li${lang}><a href="${h(a.url)}"><bdi>${h(a.title)}</bdi></a> <span class="meta">${when(config, a.published, pageLang)}</span></li>`;
  });
  return `<ul>\n${items.join('\n')}\n</ul>`;
}

/** The sections, tags and authors a page lists, each in slug order. */
export interface ScopeLists {
  sections: readonly ScopeHead[];
  tags: readonly ScopeHead[];
  authors: readonly ScopeHead[];
}

export function renderHomePage(
  config: Config,
  site: ScopeHead,
  lists: ScopeLists,
  latest: readonly Article[],
): string {
  const list = (heading: string, scopes: readonly ScopeHead[]) => {
    const items = scopes.map(
      (s) =>
        `<li><a href="${h(config.siteUrl + scopePath(s))}"><bdi>${h(s.term?.name ?? '')}</bdi></a> (${s.count}) — ${feedLinks(config, s)}</li>`,
    );
    return `<h2>${heading}</h2>\n<ul>\n${items.join('\n')}\n</ul>`;
  };
  const body = `<header><h1>${h(config.siteTitle)}</h1><p>${h(config.siteDescription)}</p></header>
<main>
<p>All articles (${site.count}): ${feedLinks(config, site)}</p>
${list('Sections', lists.sections)}
${list('Tags', lists.tags)}
${list('Authors', lists.authors)}
<h2>Latest</h2>
${articleList(config, latest)}
${filterForm(config, site, wordsFor('en'))}
</main>`;
  return layout(config, config.siteTitle, body, {
    head: discovery(config, site, config.siteTitle),
  });
}

/**
 * A small GET form that builds a filtered feed address: the browser lands on the feed's
 * HTML view, which shows the address to subscribe to. Blank fields are ignored.
 */
function filterForm(config: Config, scope: Pick<Scope, 'kind' | 'term'>, words: PageWords): string {
  const base = config.siteUrl + scopePath(scope);
  const times = ['', '86400', '604800', '2592000'].map(
    (seconds, i) => `<option value="${seconds}">${words.times[i]}</option>`,
  );
  return `<form method="get" action="${h(base + FEED_FILES.rss)}">
<fieldset><legend>${words.narrower}</legend>
<p><label>${words.mentioning} <input name="filter" maxlength="100"></label></p>
<p><label>${words.notMentioning} <input name="filterout" maxlength="100"></label></p>
<p><label>${words.titleContains} <input name="filter_title" maxlength="100"></label></p>
<p><label>${words.alsoIn} <input name="filter_category" maxlength="100"></label></p>
<p><label><input type="checkbox" name="filter_case_sensitive" value="false" checked> ${words.ignoreCase}</label></p>
<p><label>${words.within} <select name="filter_time">${times.join('')}</select> ${words.ofNewest}</label></p>
<p><button>${words.getFeed}</button></p>
</fieldset>
</form>`;
}

/** How many of its newest articles a section, tag or author page lists. */
export const SCOPE_PAGE_ITEMS = 50;

/**
 * A section's, tag's or author's page: in Arabic, right to left, when every article of the
 * scope is Arabic (the language its feeds declare too), else in the site's language.
 */
export function renderScopePage(
  config: Config,
  scope: ScopeHead,
  newest: readonly Article[],
): string {
  const lang = scope.language ?? config.siteLanguage;
  const words = wordsFor(lang);
  const name = scope.term?.name ?? config.siteTitle;
  const title = `${name} — ${config.siteTitle}`;
  const body = `<header><p><a href="${h(config.siteUrl + '/')}">${h(config.siteTitle)}</a></p><h1>${words.kinds[scope.kind]}: <bdi>${h(name)}</bdi></h1>
<p>${words.subscribe}: ${feedLinks(config, scope)}</p></header>
<main>
${articleList(config, newest, words.lang)}
${filterForm(config, scope, words)}
</main>`;
  return layout(config, title, body, { lang, head: discovery(config, scope, title) });
}

export function renderArticlePage(config: Config, article: Article): string {
  const lang = article.lang ?? config.siteLanguage;
  const words = wordsFor(lang);
  const updated =
    article.updated !== undefined
      ? ` · ${words.updated} ${when(config, article.updated, lang)}`
      : '';
  const authorSlug = article.author ? slugify(article.author) : '';
  const byline = article.author
    ? `<p class="meta">${words.by} <a href="${h(`${config.siteUrl}/authors/${encodeURIComponent(authorSlug)}/`)}">${h(article.author)}</a></p>`
    : '';
  const tags = article.tags.map(
    (t) =>
      `<a href="${h(`${config.siteUrl}/tags/${encodeURIComponent(t.slug)}/`)}">${h(t.name)}</a>`,
  );
  const image = article.image
    ? `<img src="${h(article.image.url)}" alt="" style="max-width:100%">`
    : '';
  const body = `<header><p><a href="${h(config.siteUrl + '/')}">${h(config.siteTitle)}</a> ›
<a href="${h(`${config.siteUrl}/sections/${encodeURIComponent(article.section.slug)}/`)}">${h(article.section.name)}</a></p>
<h1>${h(article.title)}</h1>
<p class="meta">${when(config, article.published, lang)}${updated}</p>
${byline}</header>
<main>
${image}
${article.contentHtml}
</main>
<footer>${tags.length ? `<p>${words.tags}: ${tags.join(words.comma)}</p>` : ''}</footer>`;
  return layout(config, article.title, body, { lang, head: articleDiscovery(config, article) });
}

/**
 * The feeds an article page offers a reader's discovery (HTML's rel="alternate"): the site's,
 * then its section's, its tags' and its author's, each in the three formats.
 */
function articleDiscovery(config: Config, article: Article): string {
  const scopes: Pick<Scope, 'kind' | 'term'>[] = [
    { kind: 'site' },
    { kind: 'section', term: article.section },
    ...article.tags.map((term) => ({ kind: 'tag' as const, term })),
  ];
  if (article.author) {
    scopes.push({ kind: 'author', term: { name: article.author, slug: slugify(article.author) } });
  }
  return scopes
    .map((scope) =>
      discovery(
        config,
        scope,
        scope.term ? `${scope.term.name} — ${config.siteTitle}` : config.siteTitle,
      ),
    )
    .join('');
}
