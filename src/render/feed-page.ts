import type { Config } from '../config.ts';
import type { Article } from '../store/article.ts';
import { itemLanguage, type FeedFormat, type FeedView } from './feed-view.ts';
import type { ItemCache } from './item-cache.ts';

/**
 * The syntax of one feed format, cut where items begin and end: a page is
 * `head + item + separator + item + … + tail`. Each format module says only this; the
 * assembly below is shared, as text or as UTF-8 bytes.
 */
export interface FeedSyntax {
  format: FeedFormat;
  /** Whether an item's text depends on its language differing from the feed's (`itemLanguage`). */
  languageVariant: boolean;
  /** Everything before the first item. */
  head(view: FeedView): string;
  /**
   * One item. It may depend on the config, the article and its item language only, never on
   * the rest of the view: that is what lets one rendering serve every feed and page.
   */
  item(config: Config, article: Article, lang: string | undefined): string;
  /** Between two items. */
  separator: string;
  /** Everything after the last item. */
  tail(view: FeedView): string;
}

const FORMAT_SLOTS: Record<FeedFormat, number> = { rss: 0, atom: 2, json: 4 };

/** A page as one string. */
export function renderText(syntax: FeedSyntax, view: FeedView): string {
  const parts = [syntax.head(view)];
  view.items.forEach((article, i) => {
    if (i > 0 && syntax.separator) parts.push(syntax.separator);
    parts.push(syntax.item(view.config, article, itemLanguage(view, article)));
  });
  parts.push(syntax.tail(view));
  return parts.join('');
}

/**
 * A page as UTF-8 bytes, byte for byte `renderText` encoded. Items come from `cache` when
 * given: then a page whose articles were shown before (on another page, in another feed or
 * scope) costs its head, its tail and one copy of the item bytes, not a rendering. Each item
 * ends in an ASCII character and starts after one, so encoding parts apart equals encoding
 * the whole: no surrogate pair is ever cut.
 */
export function renderBytes(
  syntax: FeedSyntax,
  view: FeedView,
  cache?: ItemCache,
): Uint8Array<ArrayBuffer> {
  const { config } = view;
  const head = encoder.encode(syntax.head(view));
  const tail = encoder.encode(syntax.tail(view));
  const separator = encoder.encode(syntax.separator);
  const items: Uint8Array[] = [];
  let total = head.length + tail.length;
  for (const [i, article] of view.items.entries()) {
    const lang = syntax.languageVariant ? itemLanguage(view, article) : undefined;
    const render = () => syntax.item(config, article, lang);
    const slot = FORMAT_SLOTS[syntax.format] + (lang ? 1 : 0);
    const bytes = cache ? cache.get(config, article, slot, render) : encoder.encode(render());
    items.push(bytes);
    total += bytes.length + (i > 0 ? separator.length : 0);
  }
  const out = new Uint8Array(total);
  out.set(head, 0);
  let at = head.length;
  for (const [i, bytes] of items.entries()) {
    if (i > 0) {
      out.set(separator, at);
      at += separator.length;
    }
    out.set(bytes, at);
    at += bytes.length;
  }
  out.set(tail, at);
  return out;
}

const encoder = new TextEncoder();
