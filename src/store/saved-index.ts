import { defaultUrl, type Article, type Problem, type Term } from './article.ts';
import { bodyOf, withLazyBody, type BodyBytes } from './article-body.ts';
import type { DraftBody } from './draft.ts';
import type { LoadResult } from './load-article.ts';
import type { TextPack } from './text-pack.ts';

/**
 * The lines of a saved index (fs-index-cache.ts writes and reads the file): one JSON value a
 * line, so a reader parses one file's result at a time.
 * - `["t", name, slug]` defines the next section or tag (numbered from 0 in order of first
 *   use); articles name their terms by number, since a store shares a few thousand terms.
 * - `[path, stamp, {"a": fields, "b": body}]`: an article, its own fields as the loader made
 *   them, but for the section and tags (term numbers) and an id and URL equal to the default
 *   (`{SITE_URL}/articles/{slug}`), null; `b` says where its body lies in the file. Every
 *   field keeps its place, so a restored article has the shape of a loaded one.
 * - `[path, stamp, {"p": problems}]`: a file left out, and why.
 */
type SavedArticle = Omit<Article, 'contentHtml' | 'section' | 'tags' | 'id' | 'url'> & {
  section: number;
  tags: number[];
  id: string | null;
  url: string | null;
  contentHtml?: string;
};
type SavedResult = { a: SavedArticle; b?: DraftBody } | { p: Problem[] };
export type SavedLine = ['t', string, string] | [string, string, SavedResult];

/**
 * Turns load results into lines, defining each term before its first use. `values` gives the
 * same as values, for a structured clone (a helper thread's answer, fs-load-pool.ts).
 */
export class IndexWriter {
  #terms = new Map<Term, number>();
  constructor(private readonly siteUrl: string) {}

  /** The lines for one file (none when there is nothing to save). */
  lines(path: string, stamp: string, loaded: LoadResult | undefined): string[] {
    return this.values(path, stamp, loaded).map((value) => JSON.stringify(value));
  }

  /** The values of the lines for one file. */
  values(path: string, stamp: string, loaded: LoadResult | undefined): SavedLine[] {
    if (!loaded) return [];
    if (!loaded.ok) return [[path, stamp, { p: loaded.problems }]];
    const values: SavedLine[] = [];
    const number = (term: Term) => {
      let n = this.#terms.get(term);
      if (n === undefined) {
        this.#terms.set(term, (n = this.#terms.size));
        values.push(['t', term.name, term.slug]);
      }
      return n;
    };
    const article = loaded.article;
    const standard = defaultUrl(this.siteUrl, article.slug);
    // Own fields only: a lazy article's contentHtml is a getter of its prototype.
    const saved: SavedArticle = {
      ...article,
      // A getter of a lazy article's prototype, as contentHtml is: not copied by the spread.
      summary: article.summary,
      section: number(article.section),
      tags: article.tags.map(number),
      id: article.id === standard ? null : article.id,
      url: article.url === standard ? null : article.url,
    };
    const body = bodyOf(article);
    values.push([path, stamp, body ? { a: saved, b: body } : { a: saved }]);
    return values;
  }
}

/** Turns lines back into load results, in the order they were written. */
export class IndexReader {
  #terms: Term[] = [];
  /** `pack`: where the articles read keep their summaries (text-pack.ts). */
  constructor(
    private readonly siteUrl: string,
    private readonly pack?: TextPack,
  ) {}

  /**
   * One line: a term (undefined) or a file. A restored article's body is made on first use
   * from `reread(path, stamp)`, which must give the file's bytes if it is still as loaded.
   */
  read(
    line: string,
    reread: (path: string, stamp: string) => BodyBytes,
  ): { path: string; stamp: string; loaded: LoadResult } | undefined {
    return this.readValue(JSON.parse(line) as SavedLine, reread);
  }

  /** One line's value, as `IndexWriter.values` made it (its objects become the article's). */
  readValue(
    value: SavedLine,
    reread: (path: string, stamp: string) => BodyBytes,
  ): { path: string; stamp: string; loaded: LoadResult } | undefined {
    if (value[0] === 't' && typeof value[1] === 'string' && typeof value[2] === 'string') {
      this.#terms.push({ name: value[1], slug: value[2] });
      return undefined;
    }
    const [path, stamp, result] = value as [string, string, SavedResult];
    if ('p' in result) return { path, stamp, loaded: { ok: false, problems: result.p } };
    const saved = result.a;
    const standard = defaultUrl(this.siteUrl, saved.slug);
    const id = saved.id ?? standard;
    const url = saved.url ?? standard;
    const section = this.#term(saved.section);
    const tags = saved.tags.map((n) => this.#term(n));
    // The parsed object becomes the article's fields in place (each key keeps its place):
    // one object fewer an article than a copy, which a restore of 100k articles feels.
    const article = saved as unknown as Omit<Article, 'contentHtml'> & { contentHtml?: string };
    article.id = id;
    article.url = url;
    article.section = section;
    article.tags = tags;
    const loaded = result.b
      ? withLazyBody(article, reread(path, stamp), result.b, this.pack)
      : (article as Article); // a body made at load is an own field
    return { path, stamp, loaded: { ok: true, article: loaded } };
  }

  #term(n: number): Term {
    const term = this.#terms[n];
    if (!term) throw new Error(`term ${n} is not defined before its use`);
    return term;
  }
}
