-- What a feed's head says without reading its items, and every instant the content names
-- (src/db/served.ts, SERVED_VERSION 2). `npm run publish` rewrites the served set whole when
-- D1's meta `served` is older, in its one switch transaction.
CREATE TABLE scope_facts (
  scope TEXT PRIMARY KEY,
  lang TEXT NOT NULL,
  heaviest INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE instants (
  at INTEGER NOT NULL,
  slug TEXT NOT NULL,
  PRIMARY KEY (at, slug)
) STRICT, WITHOUT ROWID;
