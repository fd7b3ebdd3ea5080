/** Content negotiation, RFC 9110 section 12.5. */

export type Encoding = 'br' | 'gzip' | 'identity';

interface Preference {
  token: string;
  q: number;
}

function preferences(header: string): Preference[] {
  return header
    .split(',')
    .map((part) => {
      const [token = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
      const qParam = params.find((p) => p.startsWith('q='));
      const q = qParam ? Number(qParam.slice(2)) : 1;
      return { token, q: Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0 };
    })
    .filter((p) => p.token);
}

/**
 * The content coding to send (section 12.5.3): the acceptable one with the highest
 * q among those `available`, br before gzip on a tie; identity when no
 * Accept-Encoding is sent or nothing better is acceptable.
 */
export function chooseEncoding(header: string | null, available: readonly Encoding[]): Encoding {
  if (!header) return 'identity';
  const prefs = preferences(header);
  const qOf = (coding: string) => {
    const exact = prefs.find((p) => p.token === coding);
    if (exact) return exact.q;
    const star = prefs.find((p) => p.token === '*');
    return star ? star.q : coding === 'identity' ? 1 : 0;
  };
  let best: Encoding = 'identity';
  let bestQ = 0;
  for (const coding of ['br', 'gzip'] as const) {
    if (!available.includes(coding)) continue;
    const q = qOf(coding);
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}

/**
 * Whether the client asks for an HTML page rather than a feed: a browser navigation.
 * Browsers send `Accept: text/html,...,*\/*;q=0.8` on navigation; feed readers send
 * `*\/*` or feed media types. HTML wins only when `text/html` is listed explicitly
 * and ranks above every feed type and the XML and JSON types the client lists.
 */
export function prefersHtml(accept: string | null): boolean {
  if (!accept) return false;
  const prefs = preferences(accept);
  const html = prefs.find((p) => p.token === 'text/html');
  if (!html || html.q === 0) return false;
  // application/xhtml+xml is HTML; application/xml and the feed types are feeds.
  const feedish = prefs.filter((p) => /rss|atom|feed|json|^(application|text)\/xml$/.test(p.token));
  return feedish.every((p) => p.q < html.q);
}
