-- The store's schema on Cloudflare D1 (wrangler d1 migrations apply DB): the Node server's
-- tables (src/db/schema.ts), the bodies made at publish, and the served set (src/db/served.ts).
-- test/publish/publish.test.ts checks that the migrations, applied in order, make those tables.
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
CREATE TABLE bodies (
  rev INTEGER NOT NULL,
  part INTEGER NOT NULL,
  html TEXT NOT NULL,
  PRIMARY KEY (rev, part)
) STRICT, WITHOUT ROWID;
CREATE TABLE scope_items (
  scope TEXT NOT NULL,
  published INTEGER NOT NULL,
  slug TEXT NOT NULL,
  rev INTEGER NOT NULL,
  size INTEGER NOT NULL,
  changed INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (scope, published DESC, slug)
) STRICT, WITHOUT ROWID;
CREATE TABLE scopes (
  scope TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  slug TEXT NOT NULL,
  name TEXT NOT NULL,
  count INTEGER NOT NULL,
  last_change INTEGER NOT NULL,
  horizon INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX scopes_by_kind ON scopes (kind, slug);
CREATE TABLE live (
  slug TEXT PRIMARY KEY,
  rev INTEGER NOT NULL,
  published INTEGER NOT NULL
) STRICT, WITHOUT ROWID;