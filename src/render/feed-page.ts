import type { Config } from '../config.ts';
import type { Article } from '../content/article.ts';
import { contentUtf8 } from '../content/article-body.ts';
import { itemLanguage, type FeedFormat, type FeedView } from './feed-view.ts';
import type { ItemCache } from './item-cache.ts';
import { encodeJoined, type Parts } from './utf8.ts';

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
  item(config: Config, article: Article, lang: string | undefined): ItemText;
  /** Between two items. */
  separator: string;
  /** Everything after the last item. */
  tail(view: FeedView): string;
}

/**
 * An item's text; or its text in parts, encoded one after the other (a long body escaped on
 * its own is then encoded as it is, not first copied into one string with the rest, which
 * would also widen the rest to two bytes a character); or, for an item that carries the
 * article's body as it is (`aroundHtml`), the text before and after the body's `html`, so
 * that a page in bytes copies the body's UTF-8, made once with the body (`contentUtf8`),
 * instead of encoding it again.
 */
export type ItemText = string | readonly string[] | { before: string; html: string; after: string };

function itemText(item: ItemText): string {
  if (typeof item === 'string') return item;
  return isParts(item) ? item.join('') : item.before + item.html + item.after;
}

/** An item's text as parts to encode: the body's UTF-8 as made with it, when it was. */
function itemParts(item: ItemText, article: Article): Parts {
  if (typeof item === 'string') return [item];
  if (isParts(item)) return item;
  return [item.before, contentUtf8(article) ?? item.html, item.after];
}

function isParts(item: ItemText): item is readonly string[] {
  return Array.isArray(item);
}

const FORMAT_SLOTS: Record<FeedFormat, number> = { rss: 0, atom: 2, json: 4 };

/** A page as one string. */
export function renderText(syntax: FeedSyntax, view: FeedView): string {
  const parts = [syntax.head(view)];
  view.items.forEach((article, i) => {
    if (i > 0 && syntax.separator) parts.push(syntax.separator);
    parts.push(itemText(syntax.item(view.config, article, itemLanguage(view, article))));
  });
  parts.push(syntax.tail(view));
  return parts.join('');
}

/**
 * A page as UTF-8 bytes, byte for byte `renderText` encoded. Items come from `cache` when
 * given: then a page whose articles were shown before (on another page, in another feed or
 * scope) costs its head, its tail and one copy of the item bytes, not a rendering. The whole
 * page is written into one new buffer (`encodeJoined`), items rendered anew included. Each
 * item ends in an ASCII character and starts after one, so encoding parts apart equals
 * encoding the whole: no surrogate pair is ever cut.
 */
export function renderBytes(
  syntax: FeedSyntax,
  view: FeedView,
  cache?: ItemCache,
): Uint8Array<ArrayBuffer> {
  const { config } = view;
  const texts: Parts[] = [[syntax.head(view)]];
  const rendered: { text: number; article: Article; slot: number }[] = [];
  for (const [i, article] of view.items.entries()) {
    if (i > 0 && syntax.separator) texts.push([syntax.separator]);
    const lang = syntax.languageVariant ? itemLanguage(view, article) : undefined;
    const slot = FORMAT_SLOTS[syntax.format] + (lang ? 1 : 0);
    const cached = cache?.get(config, article, slot);
    if (cached) texts.push([cached]);
    else {
      rendered.push({ text: texts.length, article, slot });
      texts.push(itemParts(syntax.item(config, article, lang), article));
    }
  }
  texts.push([syntax.tail(view)]);
  const { joined, views } = encodeJoined(texts);
  if (cache && rendered.length) {
    let items = rendered.map(({ text }) => views[text]!);
    // The new items are kept as views of this page when they are most of it (a first render:
    // no copy at all); else in a buffer of their own, so that a page of cached items is not
    // kept alive for a few new ones.
    if (items.reduce((n, bytes) => n + bytes.length, 0) * 2 < joined.length) {
      items = encodeJoined(items.map((bytes) => [bytes])).views;
    }
    rendered.forEach(({ article, slot }, i) => cache.set(config, article, slot, items[i]!));
  }
  return joined;
}
