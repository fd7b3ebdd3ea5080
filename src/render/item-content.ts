import type { Config } from '../config.ts';
import type { Article } from '../content/article.ts';

/**
 * Whether items carry the article's whole body (RSS `content:encoded`, Atom `content`, JSON
 * Feed `content_html`): not with FEED_CONTENT=summary, which WordPress offers as "summary",
 * nor with `?brief=N`.
 */
export function carriesBody(config: Config): boolean {
  return config.feedContent === 'full' && config.brief === undefined;
}

/**
 * The summary an item carries: with `?brief=N` (RSSHub's "brief"), at most N characters of
 * it, cut between code points, with an ellipsis when cut.
 */
export function itemSummary(config: Config, article: Article): string {
  const { brief } = config;
  if (brief === undefined || article.summary.length <= brief) return article.summary;
  const chars = Array.from(article.summary);
  return chars.length <= brief ? article.summary : `${chars.slice(0, brief).join('')}…`;
}

const briefConfigs = new WeakMap<Config, Map<number, Config>>();
const MAX_BRIEF_CONFIGS = 64;

/**
 * The config of a `?brief=N` request: one object per N, so that the item cache, which keys
 * items by config, keeps the brief items of each N apart and reuses them. Bounded: a client
 * cycling through values of N cannot grow it.
 */
export function briefConfig(config: Config, brief: number | undefined): Config {
  if (brief === undefined) return config;
  let byBrief = briefConfigs.get(config);
  if (!byBrief) briefConfigs.set(config, (byBrief = new Map<number, Config>()));
  let derived = byBrief.get(brief);
  if (!derived) {
    if (byBrief.size >= MAX_BRIEF_CONFIGS) byBrief.clear();
    derived = { ...config, brief };
    byBrief.set(brief, derived);
  }
  return derived;
}
