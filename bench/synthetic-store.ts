// A reproducible synthetic article store for the benchmark: StoreFile[] in the newsroom's
// export format (90 %) and Markdown with YAML front matter (10 %).
//
// Every article is generated from its own PRNG stream (the seed mixed with its index), so a
// store of 1,000 articles is the first 1,000 articles of a store of 100,000, and any article
// can be made on its own (`syntheticArticle`), lazily (`syntheticStoreFiles`) or all at once
// (`syntheticStore`). Shared vocabularies (tags, sentence pools) come from the fixed seed too.
import type { StoreFile } from '../src/content/article.ts';

export const DEFAULT_SEED = 0x5eed_2024;
export const TAG_COUNT = 5000;

/** mulberry32: a tiny 32-bit PRNG with good enough statistics; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A well-mixed 32-bit seed for article `index` of a store seeded `seed` (splitmix-like). */
function streamSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

type Rand = () => number;
const int = (rand: Rand, min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
function pick<T>(rand: Rand, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

/** Sections as the export writes them (capitals), with how often each is used. */
export const SECTIONS: readonly { name: string; weight: number }[] = [
  { name: 'PALESTINE', weight: 30 },
  { name: 'ARAB AND WORLD', weight: 16 },
  { name: 'ISRAELI AFFAIRS', weight: 14 },
  { name: 'ECONOMY', weight: 12 },
  { name: 'CULTURE', weight: 9 },
  { name: 'REPORTS', weight: 8 },
  { name: 'OPINION', weight: 6 },
  { name: 'SPORTS', weight: 5 },
];
/** The largest section: the one the load test requests. */
export const BUSIEST_SECTION_SLUG = 'palestine';

// prettier-ignore
const ENGLISH = [
  'the', 'the', 'the', 'of', 'of', 'and', 'and', 'to', 'to', 'in', 'in', 'a', 'a', 'on', 'for', 'with', 'at',
  'by', 'from', 'that', 'said', 'was', 'is', 'were', 'has', 'had', 'will', 'would', 'after', 'before', 'during',
  'officials', 'ministry', 'government', 'residents', 'city', 'camp', 'village', 'crossing', 'border', 'talks',
  'ceasefire', 'negotiations', 'delegation', 'aid', 'trucks', 'hospital', 'hospitals', 'fuel', 'water', 'power',
  'electricity', 'schools', 'students', 'farmers', 'olive', 'harvest', 'market', 'prices', 'merchants', 'workers',
  'permits', 'checkpoint', 'road', 'roads', 'settlement', 'council', 'mayor', 'spokesman', 'statement', 'report',
  'agency', 'organisation', 'committee', 'parliament', 'president', 'minister', 'army', 'police', 'court', 'judge',
  'families', 'children', 'women', 'people', 'thousands', 'hundreds', 'dozens', 'week', 'month', 'year', 'day',
  'Thursday', 'Friday', 'Saturday', 'Sunday', 'Monday', 'Tuesday', 'Wednesday', 'morning', 'evening', 'night',
  'Gaza', 'Rafah', 'Jerusalem', 'Ramallah', 'Hebron', 'Nablus', 'Jenin', 'Bethlehem', 'Jericho', 'Tulkarm',
  'Cairo', 'Doha', 'Amman', 'Washington', 'Beirut', 'Israel’s', 'Egypt’s', 'Jordan’s', 'the UN’s', 'Palestinian',
  'Israeli', 'Egyptian', 'Jordanian', 'American', 'European', 'international', 'local', 'regional', 'humanitarian',
  'economic', 'political', 'military', 'medical', 'new', 'old', 'several', 'many', 'few', 'more', 'less', 'most',
  'about', 'around', 'nearly', 'over', 'under', 'between', 'against', 'into', 'through', 'across', 'without',
  'raised', 'concerns', 'announced', 'reported', 'expected', 'agreed', 'rejected', 'called', 'warned', 'urged',
  'opened', 'closed', 'entered', 'left', 'reached', 'crossed', 'returned', 'delayed', 'resumed', 'continued',
  'shortage', 'supplies', 'budget', 'salaries', 'tourism', 'hotels', 'bookings', 'exports', 'imports', 'trade',
  'season', 'festival', 'exhibition', 'museum', 'library', 'theatre', 'football', 'league', 'match', 'team',
  'plan', 'proposal', 'deal', 'framework', 'stage', 'phase', 'process', 'meeting', 'session', 'visit',
  '12', '40', '2,000', '1.5 million', '33,000', 'per cent', 'AT&T', 'Q&A', 'R&D', '“cautious”', '“serious”',
];

// prettier-ignore
const ARABIC = [
  'قال', 'قالت', 'أفادت', 'أعلنت', 'أكد', 'أوضح', 'مصادر', 'محلية', 'رسمية', 'وزارة', 'الصحة', 'الحكومة',
  'المواطنين', 'المدينة', 'القرية', 'المخيم', 'معبر', 'رفح', 'غزة', 'القدس', 'رام', 'الله', 'الخليل', 'نابلس',
  'جنين', 'بيت', 'لحم', 'أريحا', 'المساعدات', 'الإنسانية', 'الشاحنات', 'الوقود', 'الكهرباء', 'المياه',
  'المستشفيات', 'المدارس', 'الطلاب', 'المزارعين', 'الزيتون', 'موسم', 'الأسواق', 'الأسعار', 'التجار', 'العمال',
  'التصاريح', 'الحاجز', 'الطريق', 'المفاوضات', 'وقف', 'إطلاق', 'النار', 'الوفد', 'الاجتماع', 'البيان',
  'اليوم', 'الأربعاء', 'الخميس', 'الجمعة', 'السبت', 'الأحد', 'الاثنين', 'الثلاثاء', 'خلال', 'الأيام',
  'الأخيرة', 'في', 'في', 'من', 'من', 'إلى', 'على', 'على', 'عن', 'مع', 'بعد', 'قبل', 'حيث', 'التي', 'الذي',
  'ظل', 'استمرار', 'الحرب', 'صعوبة', 'تأمين', 'داخل', 'القطاع', 'الضفة', 'الغربية', 'منظمات', 'دولية',
  'نقص', 'حاد', 'الغذاء', 'الأدوية', 'أكثر', 'آلاف', 'مئات', 'عشرات', 'الفلسطينيين', 'الاحتلال', 'الأمم', 'المتحدة',
];

// prettier-ignore
const SYLLABLES = [
  'ka', 'ra', 'mo', 'li', 'sa', 'na', 'ha', 'de', 'ri', 'ti', 'el', 'an', 'or', 'us', 'ba', 'za', 'fa', 'lu', 'me',
  'dar', 'bin', 'sal', 'kar', 'mir', 'tan', 'hel', 'jor', 'vin', 'qas', 'nur', 'yam', 'bel', 'gor', 'shi', 'wad',
];
// prettier-ignore
const ARABIC_SYLLABLES = [
  'با', 'تي', 'جو', 'حا', 'دي', 'را', 'زو', 'سا', 'شي', 'صا', 'طو', 'عا', 'غي', 'فا', 'قو', 'كا', 'لي', 'مو', 'نا', 'هي',
];
/** Real tags at the top ranks, so the busiest tag feeds look like the newsroom's. */
// prettier-ignore
const TOP_TAGS = [
  'Gaza', 'Benjamin Netanyahu', 'غزة', 'Rafah', 'West Bank', 'Jerusalem', 'رفح', 'Humanitarian aid', 'Ceasefire',
  'Hamas', 'Settlements', 'المساعدات الإنسانية', 'Prisoners', 'Economy', 'Jenin', 'Hebron', 'Nablus', 'UNRWA',
];
// prettier-ignore
const AUTHORS = [
  'Lina Haddad', 'Samir Nassar', 'Rana Khoury', 'Omar Barghouti', 'Maya Saleh', 'Yousef Abu Rish', 'نادية حمدان',
];

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MIN_BODY = 2048;
const MAX_BODY = 6144;
const FIRST_MINUTE = Date.UTC(2000, 0, 1) / 60_000;
const LAST_MINUTE = Date.UTC(2027, 0, 1) / 60_000 - 1; // 2026-12-31 11:59 pm

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const utf8Length = (text: string) => Buffer.byteLength(text, 'utf8');

interface Sentence {
  text: string;
  bytes: number;
}

/** Vocabularies shared by every article, built once from the fixed seed. */
interface Vocabulary {
  tags: string[];
  /** Cumulative Zipf weights: tag rank r (1-based) has weight 1/r. */
  cumulative: Float64Array;
  english: Sentence[];
  arabic: Sentence[];
  sectionCumulative: number[];
}

const vocabularies = new Map<number, Vocabulary>();

function vocabulary(seed: number): Vocabulary {
  let vocab = vocabularies.get(seed);
  if (vocab) return vocab;
  const rand = mulberry32(seed);
  const tags: string[] = [];
  const taken = new Set<string>();
  const add = (name: string) => {
    const key = name.toLowerCase();
    if (taken.has(key)) return;
    taken.add(key);
    tags.push(name);
  };
  for (const name of TOP_TAGS) add(name);
  while (tags.length < TAG_COUNT) {
    // One tag in ten is in Arabic; the rest are one to three made-up proper names.
    if (rand() < 0.1) {
      const words = Array.from({ length: int(rand, 1, 2) }, () =>
        Array.from({ length: int(rand, 2, 4) }, () => pick(rand, ARABIC_SYLLABLES)).join(''),
      );
      add(words.join(' '));
    } else {
      const words = Array.from({ length: int(rand, 1, 3) }, () =>
        capitalize(Array.from({ length: int(rand, 2, 3) }, () => pick(rand, SYLLABLES)).join('')),
      );
      add(words.join(' '));
    }
  }
  const cumulative = new Float64Array(TAG_COUNT);
  let total = 0;
  for (let r = 1; r <= TAG_COUNT; r += 1) {
    total += 1 / r;
    cumulative[r - 1] = total;
  }
  const sentence = (words: readonly string[], min: number, max: number): Sentence => {
    const parts = Array.from({ length: int(rand, min, max) }, () => pick(rand, words));
    for (let i = 1; i < parts.length - 1; i += 1) if (rand() < 0.08) parts[i] += ',';
    const text = capitalize(parts.join(' ')) + '.';
    return { text, bytes: utf8Length(text) };
  };
  const english = Array.from({ length: 8192 }, () => sentence(ENGLISH, 8, 26));
  const arabic = Array.from({ length: 2048 }, () => sentence(ARABIC, 8, 22));
  let sum = 0;
  const sectionCumulative = SECTIONS.map((s) => (sum += s.weight));
  vocab = { tags, cumulative, english, arabic, sectionCumulative };
  vocabularies.set(seed, vocab);
  return vocab;
}

/** A tag rank drawn with probability proportional to 1/rank (Zipf, s = 1). */
function zipfTag(rand: Rand, vocab: Vocabulary): string {
  const { cumulative } = vocab;
  const target = rand() * (cumulative[cumulative.length - 1] ?? 0);
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] ?? 0) < target) lo = mid + 1;
    else hi = mid;
  }
  return vocab.tags[lo] ?? '';
}

/** A dateline with the real weekday of its date, for a wall-clock minute. */
function dateline(minute: number): string {
  const d = new Date(minute * 60_000);
  const hour = d.getUTCHours();
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${h12}:${mm} ${hour < 12 ? 'am' : 'pm'} - Jerusalem Time`;
}

/** A YAML single-quoted scalar. */
const yamlQuote = (text: string) => `'${text.replace(/'/g, "''")}'`;

function paragraph(rand: Rand, pool: readonly Sentence[]): Sentence {
  const sentences = Array.from({ length: int(rand, 2, 5) }, () => pick(rand, pool));
  const text = sentences.map((s) => s.text).join(' ');
  return { text, bytes: sentences.reduce((n, s) => n + s.bytes + 1, -1) };
}

/** Article `index` of the store: its path and its text. */
export function syntheticArticle(
  index: number,
  seed = DEFAULT_SEED,
): { path: string; text: string } {
  const vocab = vocabulary(seed);
  const rand = mulberry32(streamSeed(seed, index));
  const markdown = rand() < 0.1;
  const arabic = rand() < 0.05; // wholly Arabic: title, body (its language is detected from the title)

  const minute = FIRST_MINUTE + Math.floor(rand() * (LAST_MINUTE - FIRST_MINUTE + 1));
  const date = new Date(minute * 60_000);
  const path = `${date.getUTCFullYear()}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/a${String(index).padStart(6, '0')}.${markdown ? 'md' : 'txt'}`;

  const sectionDraw = rand() * (vocab.sectionCumulative[vocab.sectionCumulative.length - 1] ?? 0);
  const section =
    SECTIONS[vocab.sectionCumulative.findIndex((c) => sectionDraw < c)] ?? SECTIONS[0]!;

  const titleWords = Array.from({ length: int(rand, 6, 14) }, () =>
    pick(rand, arabic ? ARABIC : ENGLISH),
  );
  const title = capitalize(titleWords.join(' '));

  const tagCount = int(rand, 1, 6);
  const tags: string[] = [];
  while (tags.length < tagCount) {
    const tag = zipfTag(rand, vocab);
    if (!tags.includes(tag)) tags.push(tag);
  }

  // Body of 2 to 6 KB (UTF-8 bytes, uniform); about one paragraph in ten is Arabic in English
  // articles. A paragraph that would overshoot 6 KB ends the body instead.
  const target = int(rand, MIN_BODY, MAX_BODY);
  const paragraphs: string[] = [];
  for (let bytes = 0; bytes < target;) {
    const p = paragraph(rand, arabic || rand() < 0.1 ? vocab.arabic : vocab.english);
    if (bytes >= MIN_BODY && bytes + p.bytes + 2 > MAX_BODY) break;
    paragraphs.push(markdown && rand() < 0.15 ? `*${p.text}*` : p.text);
    bytes += p.bytes + 2;
  }

  let text: string;
  if (markdown) {
    const front = [
      '---',
      `title: ${yamlQuote(title)}`,
      `section: ${capitalize(section.name.toLowerCase())}`,
      `dateline: ${dateline(minute)}`,
    ];
    if (rand() < 0.3) front.push(`updated: ${dateline(minute + int(rand, 120, 4 * 1440))}`);
    if (rand() < 0.4) front.push(`author: ${yamlQuote(pick(rand, AUTHORS))}`);
    if (rand() < 0.2) front.push(`summary: ${yamlQuote(paragraphs[0]?.slice(0, 160) ?? '')}`);
    front.push('tags:', ...tags.map((t) => `  - ${yamlQuote(t)}`), '---', '');
    if (rand() < 0.25) paragraphs.splice(1, 0, '- first point\n- second point\n- third point');
    text = front.join('\n') + paragraphs.join('\n\n') + '\n';
  } else {
    // The export separates paragraphs by one blank line, some exports by two.
    const gap = rand() < 0.2 ? '\n\n\n' : '\n\n';
    text = [
      section.name,
      '',
      dateline(minute),
      '',
      title,
      '',
      paragraphs.join(gap),
      '',
      'Tags',
      '',
      ...tags,
      '',
      'Share your opinion',
      '',
      title,
    ].join('\n');
  }
  return { path, text };
}

const encoder = new TextEncoder();

/** The store's files one at a time: nothing is kept, so any size streams in constant memory. */
export function* syntheticStoreFiles(count: number, seed = DEFAULT_SEED): Generator<StoreFile> {
  for (let i = 0; i < count; i += 1) {
    const { path, text } = syntheticArticle(i, seed);
    yield { path, bytes: encoder.encode(text) };
  }
}

/** The whole store in memory, as `readStoreFiles` would hand it over. */
export function syntheticStore(count: number, seed = DEFAULT_SEED): StoreFile[] {
  return Array.from(syntheticStoreFiles(count, seed));
}
