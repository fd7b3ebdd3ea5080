import { describe, expect, it } from 'vitest';
import { allFeedPaths, contentApp } from '../support/app.ts';
import {
  atomRuleErrors,
  checkWellFormed,
  feedLinks,
  feedparserOnce,
  validateAtom,
  validateJsonFeed,
} from '../support/validators.ts';
import { failures, fetchDocs, jsonOf, newestItem, pagedPaths, SITE, twin } from './feed-docs.ts';

const TYPES = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

describe('every feed of the repository content, whole and paged', async () => {
  const app = await contentApp();
  const paged = pagedPaths(app);
  const docs = await fetchDocs(app, [...allFeedPaths(app.catalog), ...paged]);
  const xml = docs.filter((d) => d.format !== 'json');
  const json = docs.filter((d) => d.format === 'json');
  const atom = docs.filter((d) => d.format === 'atom');
  const read = feedparserOnce(xml.map((d) => ({ name: d.path, body: d.body })));

  it('answers every feed path, plain and paged, with 200 and the content type of its format', () => {
    expect(failures(docs, (d) => (d.status === 200 ? '' : `status ${d.status}`))).toEqual([]);
    expect(
      failures(docs, (d) => (d.contentType === TYPES[d.format] ? '' : `${d.contentType}`)),
    ).toEqual([]);
  });

  it('writes every RSS and Atom document as well-formed XML, as xmllint reads it', () => {
    const errors = checkWellFormed(xml.map((d) => d.body));
    expect(failures(xml, (_, i) => errors[i] ?? 'not checked')).toEqual([]);
  });

  it('has feedparser read every RSS document as rss20 and every Atom one as atom10, bozo false', () => {
    expect(failures(xml, (d) => read().get(d.path)?.bozo_exception ?? 'not read')).toEqual([]);
    expect(failures(xml, (d) => (read().get(d.path)?.bozo === false ? '' : 'bozo'))).toEqual([]);
    const want = { rss: 'rss20', atom: 'atom10' } as Record<string, string>;
    expect(
      failures(xml, (d) => (read().get(d.path)?.version === want[d.format] ? '' : 'version')),
    ).toEqual([]);
  });

  it('keeps every Atom document valid against the RELAX NG grammar of RFC 4287 (jing)', () => {
    const errors = validateAtom(atom.map((d) => d.body));
    expect(failures(atom, (_, i) => errors[i] ?? 'not checked')).toEqual([]);
  });

  it('keeps the rules of RFC 4287 that its grammar cannot express in every Atom document', () => {
    expect(failures(atom, (d) => atomRuleErrors(d.body))).toEqual([]);
  });

  it('makes every JSON document valid JSON Feed 1.1, with authors (not author) and string ids', () => {
    expect(failures(json, (d) => validateJsonFeed(jsonOf(d)))).toEqual([]);
    expect(
      failures(json, (d) => {
        const feed = jsonOf(d);
        const problems = [
          feed.version === 'https://jsonfeed.org/version/1.1' ? '' : `version ${feed.version}`,
        ];
        if ('author' in feed || feed.items.some((item) => 'author' in item))
          problems.push('author');
        if (!feed.authors?.length) problems.push('no feed authors');
        problems.push(
          ...feed.items.filter((i) => typeof i.id !== 'string' || !i.id).map(() => 'id'),
        );
        return problems;
      }),
    ).toEqual([]);
  });

  it('points the self link of every document at the absolute URL that was requested, query included', () => {
    expect(
      failures(xml, (d) => {
        const selves = feedLinks(d.body).filter((l) => l.rel === 'self');
        if (selves.length !== 1) return `${selves.length} self links`;
        if (selves[0]?.type !== TYPES[d.format].split(';')[0])
          return `self type ${selves[0]?.type}`;
        return selves[0]?.href === SITE + d.path ? '' : `self ${selves[0]?.href}`;
      }),
    ).toEqual([]);
    expect(
      failures(json, (d) => (jsonOf(d).feed_url === SITE + d.path ? '' : `${jsonOf(d).feed_url}`)),
    ).toEqual([]);
  });

  it('never links past the end of a paged feed, and every paging link leads to a page', async () => {
    // W3C LinkPastEnd: `first` equal to the document's own URL beside `previous`, or `last` beside `next`.
    expect(
      failures(xml, (d) => {
        const links = feedLinks(d.body);
        const selves = new Set([
          SITE + d.path,
          ...links.filter((l) => l.rel === 'self').map((l) => l.href),
        ]);
        const has = (rel: string) => links.some((l) => l.rel === rel);
        const at = (rel: string) => links.some((l) => l.rel === rel && selves.has(l.href));
        return [
          at('first') && has('previous') ? 'first is self with previous' : '',
          at('last') && has('next') ? 'last is self with next' : '',
        ];
      }),
    ).toEqual([]);
    const pageTwo = xml.filter((d) => d.path.includes('/page/2/'));
    expect(pageTwo).toHaveLength(4);
    for (const doc of pageTwo) {
      const rels = Object.fromEntries(feedLinks(doc.body).map((l) => [l.rel, l.href]));
      expect(rels.first, doc.path).toBe(SITE + doc.path.replace('page/2/', ''));
      expect(rels.previous, doc.path).toBe(rels.first);
    }
    const targets = [
      ...xml.flatMap((d) => feedLinks(d.body).filter((l) => l.rel !== 'alternate')),
      ...json.map((d) => ({ href: jsonOf(d).next_url })),
    ];
    for (const { href } of targets.filter((t): t is { href: string } => !!t.href)) {
      expect(href.startsWith(SITE + '/'), href).toBe(true);
      expect((await app.get(href.slice(SITE.length))).status, href).toBe(200);
    }
  });

  it('dates every item in RSS, Atom and JSON at the same instant, read by feedparser and JSON.parse', () => {
    expect(
      failures(xml, (d) => {
        const published = jsonOf(twin(docs, d, 'json')).items.map((i) => i.date_published);
        const entries = read().get(d.path)?.entries ?? [];
        if (entries.length !== published.length)
          return `${entries.length} entries, ${published.length} in JSON`;
        return entries.map((e, i) =>
          e.published === published[i] ? '' : `entry ${i + 1}: ${e.published}`,
        );
      }),
    ).toEqual([]);
  });

  it('shows the seed article as published 2024-04-19T15:22:00Z in every format', () => {
    const seed = (title: string | null | undefined) =>
      !!title?.startsWith('The ambiguity of the American position');
    const seen: string[] = [];
    for (const doc of xml) {
      for (const entry of read()
        .get(doc.path)
        ?.entries.filter((e) => seed(e.title)) ?? []) {
        expect(entry.published, doc.path).toBe('2024-04-19T15:22:00Z');
        seen.push(doc.path);
      }
    }
    for (const doc of json) {
      for (const item of jsonOf(doc).items.filter((i) => seed(i.title))) {
        expect(item.date_published, doc.path).toBe('2024-04-19T15:22:00Z');
        seen.push(doc.path);
      }
    }
    for (const path of ['/rss.xml', '/atom.xml', '/feed.json', '/sections/palestine/atom.xml']) {
      expect(seen).toContain(path);
    }
  });

  it('dates every RSS channel and Atom feed at the newest item of the whole feed, on every page', () => {
    expect(
      failures(xml, (d) => {
        const newest = newestItem(jsonOf(twin(docs, d, 'json', '')));
        const result = read().get(d.path);
        const entries = d.path.includes('?') || d.format === 'rss' ? [] : (result?.entries ?? []);
        const entryNewest = entries
          .map((e) => e.updated ?? '')
          .sort()
          .pop();
        return [
          result?.feed.updated === newest
            ? ''
            : `feed updated ${result?.feed.updated}, newest item ${newest}`,
          entryNewest === undefined || entryNewest === newest ? '' : `newest entry ${entryNewest}`,
        ];
      }),
    ).toEqual([]);
  });

  it('gives the same bytes for the same content from two separately built apps', async () => {
    const again = await fetchDocs(
      await contentApp(),
      docs.map((d) => d.path),
    );
    expect(failures(docs, (d, i) => (again[i]?.body === d.body ? '' : 'bodies differ'))).toEqual(
      [],
    );
  });
});
