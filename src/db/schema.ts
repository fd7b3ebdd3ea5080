/**
 * The store's database: what loading the folder made of it, in SQLite's dialect (the Node
 * server's better-sqlite3 file; Cloudflare D1 runs the same SQL). The folder stays the source
 * of truth: deleting the database only costs a first start.
 *
 * - `articles`: one row per article version that loaded, never changed once written (a new
 *   version is a new row, so a reader of the old one never sees half of the new). `id` and
 *   `url` are NULL when they are the article's own address, `{SITE_URL}/articles/{slug}`;
 *   `size` is its file's bytes (what a page's byte budget weighs it by). Version 2 added it.
 * - `sources`: each version's file bytes, from which its body is made on first use: the file
 *   may have changed or broken since, the row has not. A table of their own, so that reading
 *   every article's fields (a restart) does not read past the bytes.
 * - `files`: what the folder last showed, per article file: its stamp (size, times, inode:
 *   a restart reads again only files whose stamp changed), the article it published (`rev`; a
 *   broken file keeps its last good one) and, for a broken file, its reports (`problems`,
 *   JSON `[{line, message}]`).
 * - `meta`: the schema version, the settings the rows depend on, and when the read that wrote
 *   them began.
 */
export const SCHEMA_VERSION = 2;

export const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE articles (
  rev INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  slug TEXT NOT NULL,
  id TEXT,
  url TEXT,
  title TEXT NOT NULL,
  section_name TEXT NOT NULL,
  section_slug TEXT NOT NULL,
  tags TEXT NOT NULL,
  published INTEGER NOT NULL,
  updated INTEGER,
  author TEXT,
  summary TEXT NOT NULL,
  image_url TEXT,
  image_type TEXT,
  lang TEXT,
  body_format TEXT NOT NULL,
  body_from INTEGER NOT NULL,
  body_to INTEGER,
  size INTEGER NOT NULL
) STRICT;
CREATE TABLE sources (rev INTEGER PRIMARY KEY, bytes BLOB NOT NULL) STRICT;
CREATE TABLE files (
  path TEXT PRIMARY KEY,
  stamp TEXT,
  rev INTEGER,
  problems TEXT
) STRICT, WITHOUT ROWID;
`;

/**
 * The edge's own table (D1, written by `npm run publish`): each article's body, made at publish
 * as the Node server makes it on first use, since a Worker has a few milliseconds of CPU a
 * request and no source bytes to make it from. In parts of at most BODY_PART characters, in
 * order: D1 takes SQL statements of at most 100 KB and rows of at most 2 MB, and a body can be
 * larger than either.
 */
export const BODIES_SCHEMA = `
CREATE TABLE bodies (
  rev INTEGER NOT NULL,
  part INTEGER NOT NULL,
  html TEXT NOT NULL,
  PRIMARY KEY (rev, part)
) STRICT, WITHOUT ROWID;
`;

/** UTF-16 code units a part of a body holds: at most 72 KB of UTF-8 (see BODIES_SCHEMA). */
export const BODY_PART = 24_000;

/** A body in parts of at most BODY_PART code units, never splitting a surrogate pair. */
export function bodyParts(html: string): string[] {
  const parts: string[] = [];
  let start = 0;
  do {
    let end = Math.min(html.length, start + BODY_PART);
    const last = html.charCodeAt(end - 1);
    if (end < html.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    parts.push(html.slice(start, end));
    start = end;
  } while (start < html.length);
  return parts;
}
