// A Markdown article whose body is larger than one D1 statement may be (D1 takes 100 KB).
/** Its body is written to D1 in parts (db/schema.ts, BODIES_SCHEMA). */
export function longArticle(): string {
  const paragraphs = Array.from(
    { length: 1500 },
    (_, i) => `Paragraph ${i}: the crossing's "queue" grew again 🙂, غزة — ${'word '.repeat(12)}`,
  );
  return [
    '---',
    'title: A long report',
    'section: Palestine',
    'dateline: Mon 3 Jun 2024 9:00 am - Jerusalem Time',
    '---',
    '',
    paragraphs.join('\n\n'),
    '',
  ].join('\n');
}
