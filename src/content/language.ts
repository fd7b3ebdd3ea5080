/**
 * The language an article shows when it does not say (front matter `lang` wins; the export
 * format of dispatches says none): Arabic when most of the letters of its title and first
 * paragraph are Arabic, so that a headline with one Latin brand or acronym stays Arabic and an
 * English one quoting an Arabic name stays English. Undefined: the feed's language applies.
 */
export function detectLanguage(title: string, firstParagraph: string): string | undefined {
  const text = `${title} ${firstParagraph}`;
  // Most text holds no Arabic at all: one scan settles it.
  if (!ARABIC.test(text)) return undefined;
  const letters = text.replace(NOT_LETTER, '').length;
  const arabic = text.replace(NOT_ARABIC, '').replace(NOT_LETTER, '').length;
  return arabic * 2 > letters ? 'ar' : undefined;
}

const ARABIC = /\p{Script=Arabic}/u;
const NOT_LETTER = /\P{L}/gu;
const NOT_ARABIC = /\P{Script=Arabic}/gu;
