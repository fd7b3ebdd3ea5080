/** The allow-list of sanitize-html.ts: which elements, attributes and values are kept. */

export const MAX_DEPTH = 64;
/** Attributes read per tag; the rest are skipped (no allowed element needs more than a few). */
export const MAX_ATTRIBUTES = 32;

export const GLOBAL_ATTRIBUTES = ['title', 'lang', 'dir'];

/** Allowed elements and their own allowed attributes (besides GLOBAL_ATTRIBUTES). */
export const ELEMENTS: Record<string, readonly string[]> = {
  a: ['href', 'hreflang'],
  abbr: [],
  b: [],
  bdi: [],
  bdo: [],
  blockquote: ['cite'],
  br: [],
  caption: [],
  cite: [],
  code: ['class'],
  col: ['span'],
  colgroup: ['span'],
  dd: [],
  del: ['cite', 'datetime'],
  details: ['open'],
  dfn: [],
  div: [],
  dl: [],
  dt: [],
  em: [],
  figcaption: [],
  figure: [],
  h1: [],
  h2: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  hr: [],
  i: [],
  img: ['src', 'alt', 'width', 'height'],
  input: ['type', 'checked', 'disabled'],
  ins: ['cite', 'datetime'],
  kbd: [],
  li: ['value'],
  mark: [],
  ol: ['start', 'reversed', 'type'],
  p: [],
  pre: [],
  q: ['cite'],
  rp: [],
  rt: [],
  ruby: [],
  s: [],
  samp: [],
  small: [],
  span: [],
  strong: [],
  sub: [],
  summary: [],
  sup: [],
  table: [],
  tbody: [],
  td: ['align', 'colspan', 'rowspan'],
  tfoot: [],
  th: ['align', 'colspan', 'rowspan', 'scope'],
  thead: [],
  time: ['datetime'],
  tr: [],
  u: [],
  ul: [],
  var: [],
  wbr: [],
};

export const VOID = new Set(['br', 'col', 'hr', 'img', 'input', 'wbr']);

/** Elements dropped with everything inside them: code, styles, embedded documents, forms. */
export const DROP_WITH_CONTENT = new Set([
  'applet',
  'audio',
  'button',
  'embed',
  'frame',
  'frameset',
  'head',
  'iframe',
  'math',
  'noembed',
  'noframes',
  'noscript',
  'object',
  'plaintext',
  'script',
  'select',
  'style',
  'svg',
  'template',
  'textarea',
  'title',
  'video',
  'xmp',
]);

export const VOID_DROPPED = new Set(['embed', 'frame']);

/** Attribute values checked by pattern; anything else is dropped. */
export const VALUE_PATTERNS: Record<string, RegExp> = {
  dir: /^(ltr|rtl|auto)$/i,
  align: /^(left|right|center|justify)$/i,
  width: /^\d{1,5}%?$/,
  height: /^\d{1,5}%?$/,
  span: /^\d{1,4}$/,
  colspan: /^\d{1,4}$/,
  rowspan: /^\d{1,4}$/,
  start: /^-?\d{1,9}$/,
  value: /^-?\d{1,9}$/,
  type: /^[1aAiI]$|^checkbox$/,
  scope: /^(row|col|rowgroup|colgroup)$/i,
  class: /^language-[\w+#.-]{1,40}$/,
  lang: /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i,
  hreflang: /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i,
};

export const URL_ATTRIBUTES: Record<string, readonly string[]> = {
  href: ['http:', 'https:', 'mailto:', 'tel:'],
  src: ['http:', 'https:'],
  cite: ['http:', 'https:'],
};

export const BOOLEAN_ATTRIBUTES = new Set(['checked', 'disabled', 'open', 'reversed']);
