import { isNotModified, type HeaderReader } from './conditional.ts';
import { chooseEncoding, prefersHtml, type Encoding } from './negotiate.ts';

/** The parts of a request the fast path reads: the method, the target and its headers. */
export interface RawRequest {
  method: string;
  /** Path and query as sent: `/sections/palestine/rss.xml?limit=10`. */
  target: string;
  headers: HeaderReader;
}

export interface RawResponse {
  readonly status: 200 | 304;
  /** Flat name, value, name, value…, as Node's writeHead takes them. */
  headers: string[];
  /** null for HEAD and 304. */
  readonly body: Uint8Array | null;
}

/**
 * What an entry costs beyond the bytes it counts (its target, body and header strings): the
 * Map slot, the variants array, the entry and its three answers, the header arrays' slots.
 * Measured (docs/performance.md, "Caches counted whole").
 */
export const FAST_ENTRY_OVERHEAD = 930;

/** One stored 200 and its three answers, built once so that a hit allocates nothing. */
interface Entry {
  etag: string;
  lastModified: number;
  ok: RawResponse;
  head: RawResponse;
  notModified: RawResponse;
  /** Bytes counted for it. */
  cost: number;
}

// Headers a 304 keeps (RFC 9110 section 15.4.5), as sendRepresentation does.
const KEPT_ON_304 = new Set([
  'etag',
  'last-modified',
  'cache-control',
  'vary',
  'x-content-type-options',
  'link',
]);

/**
 * Answers repeated GETs and HEADs with stored bytes before any routing, framework
 * or Request/Response object: what makes a warm feed cost about what sending the
 * bytes costs. An entry is a 200 the app gave for the same target, content coding
 * and variant (feed or HTML view) under the same store version; conditional
 * requests are answered from its validators. Everything else goes to the app.
 */
export class ResponseCache {
  #version: object | undefined;
  /** Per target, the entries by variant: content coding index x 2 + 1 for the HTML view. */
  #entries = new Map<string, (Entry | undefined)[]>();
  #bytes = 0;
  #encodingOf = new Map<string, number>();
  #htmlOf = new Map<string, boolean>();

  constructor(
    private readonly currentVersion: () => object,
    private readonly encodings: readonly Encoding[],
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  /** The stored answer to this request, or undefined when the app must answer. */
  lookup(request: RawRequest): RawResponse | undefined {
    if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
    this.#checkVersion();
    const entry = this.#entries.get(request.target)?.[this.#variant(request.headers)];
    if (!entry) return undefined;
    if (isNotModified(request.headers, entry)) return entry.notModified;
    return request.method === 'HEAD' ? entry.head : entry.ok;
  }

  /**
   * Keeps a full 200 the app gave to a GET, when it carries an entity tag; `bytes` are its
   * body when the caller has them already (reading a multi-megabyte body back through a
   * Response costs copies on the event loop).
   */
  async remember(
    request: RawRequest,
    version: object,
    response: Response,
    bytes?: Uint8Array,
  ): Promise<void> {
    const etag = response.headers.get('etag');
    if (request.method !== 'GET' || response.status !== 200 || !etag) return;
    const body = bytes ?? new Uint8Array(await response.arrayBuffer());
    this.#checkVersion();
    if (version !== this.#version || body.length > this.maxBytes / 8) return;
    const headers = [...response.headers.entries()];
    // Flattened once here, not on every answer.
    const all = headers.flat();
    let cost = FAST_ENTRY_OVERHEAD + request.target.length * 2 + body.length;
    for (const [name, value] of headers) cost += (name.length + value.length) * 2 + 16;
    const entry: Entry = {
      cost,
      etag,
      lastModified: Date.parse(response.headers.get('last-modified') ?? ''),
      ok: { status: 200, headers: all, body },
      head: { status: 200, headers: all, body: null },
      notModified: {
        status: 304,
        headers: headers.filter(([name]) => KEPT_ON_304.has(name)).flat(),
        body: null,
      },
    };
    // Past the budget everything goes: entries are cheap to make again from the render cache.
    if (this.#bytes + cost > this.maxBytes) this.#clear();
    let variants = this.#entries.get(request.target);
    if (!variants) this.#entries.set(request.target, (variants = []));
    const variant = this.#variant(request.headers);
    this.#bytes += cost - (variants[variant]?.cost ?? 0);
    variants[variant] = entry;
  }

  /** Bytes counted now: every entry's body, target, headers and bookkeeping. */
  get bytes(): number {
    return this.#bytes;
  }

  /** No string is built per request: the variant is a small number from two memos. */
  #variant(headers: HeaderReader): number {
    return (
      this.#encoding(headers.get('accept-encoding')) * 2 +
      (this.#html(headers.get('accept')) ? 1 : 0)
    );
  }

  #encoding(header: string | null): number {
    const key = header ?? '';
    let index = this.#encodingOf.get(key);
    if (index === undefined) {
      const encoding = chooseEncoding(header, this.encodings);
      index = encoding === 'identity' ? 0 : 1 + this.encodings.indexOf(encoding);
      if (this.#encodingOf.size > 1000) this.#encodingOf.clear();
      this.#encodingOf.set(key, index);
    }
    return index;
  }

  #html(header: string | null): boolean {
    const key = header ?? '';
    let html = this.#htmlOf.get(key);
    if (html === undefined) {
      html = prefersHtml(header);
      if (this.#htmlOf.size > 1000) this.#htmlOf.clear();
      this.#htmlOf.set(key, html);
    }
    return html;
  }

  #checkVersion(): void {
    const version = this.currentVersion();
    if (version !== this.#version) {
      this.#version = version;
      this.#clear();
    }
  }

  #clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }
}
