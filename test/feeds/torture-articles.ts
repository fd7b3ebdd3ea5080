// Two articles whose text holds everything that breaks feeds: markup characters, `]]>`,
// C0 controls (as explicit bytes), Arabic with bidi controls, and emoji sequences.
import { dispatch } from '../support/app.ts';
import { SITE } from './feed-docs.ts';

/**
 * The text every format must carry: the input less what XML 1.0 forbids, written out by hand:
 * U+0000-U+0008, U+000B, U+000C, U+000E-U+001F (tab, LF and CR are allowed).
 */
export function clean(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}

const ARABIC = 'غزة \u200Fرفح\u200F \u202Bنص مضمّن\u202C \u2067نص معزول\u2069 \u2068fsi\u2069';
const EMOJI = '👩🏽‍💻 🇵🇸 ✊🏿';

export const TITLE =
  `Torture & “curly” ‘quotes’, "straight" 'single', a literal &amp;, x < y, <not-a-tag>, a > b, ` +
  `]]> twice ]]>, bell\u0007ring vt\u000Btab ff\u000Cfeed soh\u0001x esc\u001B[0m ${ARABIC} ${EMOJI}`;

export const PARAGRAPHS = [
  `First & last: x < y and y > z, <not-a-tag>, a literal &amp; and &lt; too, "double" 'single' ` +
    `“curly” ‘curly’, ]]> and ]]> again, soh\u0001bel\u0007vt\u000Bff\u000Cesc\u001Bend.`,
  `Markup stays text: <b>bold</b> and <script>alert("x")</script>; Arabic: قال \u200Fالمتحدث\u200F: ` +
    `«لا» ${ARABIC}; emoji ${EMOJI} 🇯🇴.`,
];

export const TAGS = [
  `Tags & <tags> "q" 'q' “c” ]]> bell\u0007ring`,
  'AT&amp;T ]]>',
  'وسم \u200Fعربي \u2067معزول\u2069',
  '👩🏽‍💻 coders 🇵🇸',
];

/** A double-quoted YAML scalar: `\` and `"` escaped, C0 controls as `\xNN`, the rest as is. */
function yamlQuoted(text: string): string {
  const escaped = text
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/[\u0000-\u001F]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `"${escaped}"`;
}

export const MD = {
  title: `MD & <title> "dq" 'sq' “curly” &amp; ]]> \u0001soh \u0007bel \u000Bvt \u000Cff \u001Besc مرحبا \u200F ${EMOJI}`,
  summary: `Summary & <sum> "dq" 'sq' ]]> \u0001 done ]]>`,
  author: `Ann & <Bob> "O'Neil" \u001B ]]>`,
  tags: [`tag & <x> \u000B ]]>`, `single 'quoted' & ]]>`, `عربي \u2067isolate\u2069 😀`],
  body: 'A body with ]]> & x < y.',
};

const markdown = [
  '---',
  `title: ${yamlQuoted(MD.title)}`,
  'section: Arab and World',
  'dateline: Sat 20 Apr 2024 9:00 am - Jerusalem Time',
  `author: ${yamlQuoted(MD.author)}`,
  `summary: ${yamlQuoted(MD.summary)}`,
  'tags:',
  `  - ${yamlQuoted(MD.tags[0]!)}`,
  `  - 'single ''quoted'' & ]]>'`, // YAML single quotes: '' is one '
  `  - ${yamlQuoted(MD.tags[2]!)}`,
  '---',
  '',
  // A raw control character in the body is dropped before Markdown sees it.
  `A body\u0001 with ]]> & x < y.`,
  '',
].join('\n');

/**
 * Without a summary, a Markdown article's summary is the text its first paragraph shows:
 * character references decoded (HTML maps one to a surrogate to U+FFFD), and references
 * to characters XML forbids leave nothing.
 */
export const REFERENCES = {
  body: 'Soh &#x1; bel &#7; esc &#x1B; lone &#xD800; end &amp; &lt;b&gt; &#x26;lt; ]]&gt;.',
  summary: 'Soh  bel  esc  lone \uFFFD end & <b> &lt; ]]>.',
};

export const FILES = {
  '2024/torture.txt': dispatch({
    title: TITLE,
    body: [PARAGRAPHS[0]!, '', PARAGRAPHS[1]!],
    tags: TAGS,
  }),
  '2024/torture-md.md': markdown,
  '2024/references.md': [
    '---',
    'title: Character references in the first paragraph',
    'section: PALESTINE',
    'dateline: Thu 18 Apr 2024 9:00 am - Jerusalem Time',
    '---',
    REFERENCES.body,
    '',
  ].join('\n'),
};

export interface Expected {
  id: string;
  title: string;
  summary: string;
  author: string | null;
  /** Section name, then tag names, as written less the illegal characters. */
  categories: string[];
  paragraphs: string[];
}

export const EXPECTED: Expected[] = [
  {
    id: `${SITE}/articles/2024/torture-md`,
    title: clean(MD.title),
    summary: clean(MD.summary),
    author: clean(MD.author),
    categories: ['Arab and World', ...MD.tags.map(clean)],
    paragraphs: [MD.body],
  },
  {
    id: `${SITE}/articles/2024/torture`,
    title: clean(TITLE),
    summary: clean(PARAGRAPHS[0]!),
    author: null,
    categories: ['Palestine', ...TAGS.map(clean)],
    paragraphs: PARAGRAPHS.map(clean),
  },
  {
    id: `${SITE}/articles/2024/references`,
    title: 'Character references in the first paragraph',
    summary: REFERENCES.summary,
    author: null,
    categories: ['Palestine'],
    paragraphs: [],
  },
];
