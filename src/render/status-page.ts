import type { Config } from '../config.ts';
import type { Article } from '../content/article.ts';
import { layout, when } from './html.ts';
import { rfc3339 } from './date-formats.ts';
import { escapeHtml as h } from './xml.ts';

/** What the editors' view shows: what is wrong, what is held back, and which version is served. */
export interface StoreStatus {
  /** The store version served, as its store names it, and when it was swapped in. */
  version: string;
  since?: number | undefined;
  /** Articles published now. */
  articles: number;
  /** Articles whose dateline is still ahead, soonest first. */
  embargoed: readonly Article[];
  /** Store paths of files marked `draft: true`. */
  drafts: readonly string[];
  /** Every report, as `path:line: message`. */
  problems: readonly string[];
}

/** The status as JSON: instants in RFC 3339, reports as the log prints them. */
export function statusJson(status: StoreStatus): string {
  return JSON.stringify({
    version: status.version,
    since: status.since === undefined ? null : rfc3339(status.since),
    articles: status.articles,
    embargoed: status.embargoed.map((a) => ({
      path: a.source,
      title: a.title,
      goes_live: rfc3339(a.published),
    })),
    drafts: status.drafts,
    problems: status.problems,
  });
}

/** The status as a page for editors: the same facts, newest concerns first. */
export function renderStatusPage(config: Config, status: StoreStatus): string {
  const list = (items: string[]) =>
    items.length ? `<ul>\n${items.map((i) => `<li>${i}</li>`).join('\n')}\n</ul>` : '<p>None.</p>';
  const since = status.since === undefined ? '' : `, served since ${when(config, status.since)}`;
  const body = `<header><h1>Status of ${h(config.siteTitle)}</h1>
<p>Version ${h(status.version)}${since}: ${status.articles} articles published.</p></header>
<main>
<h2>Files left out (${status.problems.length})</h2>
${list(status.problems.map((line) => `<code>${h(line)}</code>`))}
<h2>Embargoed (${status.embargoed.length})</h2>
${list(status.embargoed.map((a) => `${when(config, a.published)}: <bdi>${h(a.title)}</bdi> (<code>${h(a.source)}</code>)`))}
<h2>Drafts (${status.drafts.length})</h2>
${list(status.drafts.map((path) => `<code>${h(path)}</code>`))}
</main>`;
  return layout(config, `Status — ${config.siteTitle}`, body, {
    head: '<meta name="robots" content="noindex">\n',
  });
}
