// The soak's client side (scripts/soak.ts): requests, what a whole answer looks like, the
// paths to ask for, and the server's memory.
import { readFileSync } from 'node:fs';
import { request, type Agent } from 'node:http';

export interface Paths {
  feeds: string[];
  pages: string[];
  missing: string[];
}

export function looksComplete(
  path: string,
  body: string,
  headers: Record<string, string>,
): boolean {
  if (headers['Accept']?.startsWith('text/html') || !/\.(xml|json)$/.test(path.split('?')[0]!)) {
    return /<\/html>\s*$/i.test(body) || path.endsWith('.opml');
  }
  if (path.includes('.json')) {
    try {
      JSON.parse(body);
      return true;
    } catch {
      return false;
    }
  }
  return /<\/(rss|feed)>\s*$/.test(body);
}

export interface Answer {
  status: number;
  body: string;
  etag: string | undefined;
  encoded: boolean;
}

/** A request that failed: `cut` when the answer had begun (a body cut short), else before it. */
export class RequestFailed extends Error {
  constructor(
    message: string,
    readonly cut: boolean,
  ) {
    super(message);
  }
}

export function get(agent: Agent, url: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const fail = (error: Error) => reject(new RequestFailed(error.message, answered));
    const req = request(url, { agent, headers, timeout: 30_000 }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          etag: res.headers.etag,
          encoded: Boolean(res.headers['content-encoding']),
        }),
      );
    });
    req.on('timeout', () => req.destroy(new Error('timed out after 30 s')));
    req.on('error', fail);
    req.end();
  });
}

/** Every feed (from the OPML list, in all three formats), pages (from the site feed), and 404s. */
export async function discoverPaths(agent: Agent, base: string): Promise<Paths> {
  const opml = (await get(agent, `${base}/feeds.opml`, {})).body;
  const rss = [...opml.matchAll(/xmlUrl="([^"]+)"/g)].map((m) => new URL(m[1]!).pathname);
  const feeds = ['/rss.xml', ...rss].flatMap((p) => [
    p,
    p.replace(/rss\.xml$/, 'atom.xml'),
    p.replace(/rss\.xml$/, 'feed.json'),
  ]);
  feeds.push('/rss.xml?limit=2&page=2', '/feed.json?limit=3');
  const site = JSON.parse((await get(agent, `${base}/feed.json`, {})).body) as {
    items: { url: string }[];
  };
  const pages = [
    '/',
    '/feeds.opml',
    ...rss.map((p) => p.replace(/rss\.xml$/, '')).filter((p) => p !== '/'),
    ...site.items.map((item) => new URL(item.url).pathname),
  ];
  const missing = [
    '/nope',
    '/articles/no-such-article',
    '/tags/no-such-tag/rss.xml',
    '/rss.xml?page=999',
  ];
  return { feeds: [...new Set(feeds)], pages: [...new Set(pages)], missing };
}

/** Resident memory of a process, in MB, from /proc (Linux). */
export function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}
