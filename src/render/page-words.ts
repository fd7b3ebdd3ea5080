/**
 * The words of the HTML pages, in English and in Arabic: an Arabic article page, and the page
 * and feed preview of a scope whose articles are all Arabic, are written wholly in Arabic
 * (labels, dates, counts); every other page is in English.
 */
export interface PageWords {
  lang: 'en' | 'ar';
  by: string;
  updated: string;
  tags: string;
  /** Between the items of an inline list. */
  comma: string;
  kinds: { site: string; section: string; tag: string; author: string };
  subscribe: string;
  narrower: string;
  mentioning: string;
  notMentioning: string;
  titleContains: string;
  alsoIn: string;
  ignoreCase: string;
  within: string;
  ofNewest: string;
  times: [string, string, string, string];
  getFeed: string;
  thisIsAFeed: string;
  copyAddress: string;
  feedAddress: string;
  sameFeedAs: string;
  webPage: string;
  latest: string;
  pageOf: (page: number, last: number) => string;
  pages: string;
  newer: string;
  older: string;
}

const EN: PageWords = {
  lang: 'en',
  by: 'By',
  updated: 'updated',
  tags: 'Tags',
  comma: ', ',
  kinds: { site: 'Site', section: 'Section', tag: 'Tag', author: 'Author' },
  subscribe: 'Subscribe',
  narrower: 'A narrower feed',
  mentioning: 'Mentioning',
  notMentioning: 'Not mentioning',
  titleContains: 'Title contains',
  alsoIn: 'Also in the tag or section',
  ignoreCase: 'Ignore case (each field is a pattern, RE2 syntax)',
  within: 'Within',
  ofNewest: 'of the newest article',
  times: ['any time', 'one day', 'one week', 'thirty days'],
  getFeed: 'Get the RSS feed',
  thisIsAFeed: 'This is a feed',
  copyAddress: 'To follow it, copy this address into your feed reader:',
  feedAddress: 'Feed address',
  sameFeedAs: 'The same feed as',
  webPage: 'The web page',
  latest: 'Latest articles',
  pageOf: (page, last) => `page ${page} of ${last}`,
  pages: 'Pages',
  newer: 'Newer',
  older: 'Older',
};

/** Arabic-Indic digits, as Arabic dispatches and the dates of Arabic pages write numbers. */
const ARABIC_DIGITS = new Intl.NumberFormat('ar-u-nu-arab', { useGrouping: false });

const AR: PageWords = {
  lang: 'ar',
  by: 'بقلم',
  updated: 'آخر تحديث',
  tags: 'الوسوم',
  comma: '، ',
  kinds: { site: 'الموقع', section: 'القسم', tag: 'الوسم', author: 'الكاتب' },
  subscribe: 'اشترك',
  narrower: 'موجز أضيق',
  mentioning: 'يذكر',
  notMentioning: 'لا يذكر',
  titleContains: 'العنوان يحتوي',
  alsoIn: 'وفي الوسم أو القسم',
  ignoreCase: 'تجاهل حالة الأحرف (كل حقل نمط بصيغة RE2)',
  within: 'خلال',
  ofNewest: 'من أحدث مقال',
  times: ['أي وقت', 'يوم واحد', 'أسبوع واحد', 'ثلاثين يومًا'],
  getFeed: 'احصل على موجز RSS',
  thisIsAFeed: 'هذا موجز',
  copyAddress: 'لمتابعته، انسخ هذا العنوان إلى قارئ الموجزات:',
  feedAddress: 'عنوان الموجز',
  sameFeedAs: 'الموجز نفسه بصيغة',
  webPage: 'صفحة الويب',
  latest: 'أحدث المقالات',
  pageOf: (page, last) => `الصفحة ${ARABIC_DIGITS.format(page)} من ${ARABIC_DIGITS.format(last)}`,
  pages: 'الصفحات',
  newer: 'الأحدث',
  older: 'الأقدم',
};

/** The words of a page in `lang` (a BCP 47 tag): Arabic for `ar` and its subtags, else English. */
export function wordsFor(lang: string): PageWords {
  return lang === 'ar' || lang.startsWith('ar-') ? AR : EN;
}
