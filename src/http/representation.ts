import type { Encoding } from './negotiate.ts';

/** Compresses a body into one content coding; injected, so each runtime brings its own. */
export type Encoder = (bytes: Uint8Array<ArrayBuffer>) => Promise<Uint8Array<ArrayBuffer>>;
export type Encoders = Partial<Record<Exclude<Encoding, 'identity'>, Encoder>>;

/** One rendered response body with its validators; compressed forms are made on first use. */
export interface Representation {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  /** Strong entity tag of the identity body: a SHA-256 of the bytes. */
  etag: string;
  /** Milliseconds since the epoch: the newest change of what the body shows. */
  lastModified: number;
  encoded: Map<Encoding, Promise<Uint8Array<ArrayBuffer>>>;
  /** Bytes of the encoded bodies made so far. */
  encodedBytes: number;
  /** Told the size of each encoded body once made: a cache holding this counts it. */
  onEncoded?: (bytes: number) => void;
}

const encoder = new TextEncoder();

/**
 * A body and its validators. Given bytes (a feed assembled from cached items), it hashes
 * them as they are; given text, it encodes it as UTF-8 first.
 */
export async function createRepresentation(
  content: string | Uint8Array<ArrayBuffer>,
  contentType: string,
  lastModified: number,
): Promise<Representation> {
  const body = typeof content === 'string' ? encoder.encode(content) : content;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  return {
    body,
    contentType,
    etag: `"${base64url(digest.subarray(0, 18))}"`,
    lastModified,
    encoded: new Map(),
    encodedBytes: 0,
  };
}

/**
 * The entity tag of one content coding of a representation. Each coding is a
 * different representation (RFC 9110 section 8.8.3), so its tag differs; deriving it
 * from the identity tag keeps it stable whatever the compressor's version.
 */
export function etagFor(representation: Representation, encoding: Encoding): string {
  return encoding === 'identity'
    ? representation.etag
    : `${representation.etag.slice(0, -1)}-${encoding}"`;
}

export function encodedBody(
  representation: Representation,
  encoding: Encoding,
  encoders: Encoders,
): Promise<Uint8Array<ArrayBuffer>> {
  if (encoding === 'identity') return Promise.resolve(representation.body);
  let body = representation.encoded.get(encoding);
  if (!body) {
    const encode = encoders[encoding];
    if (!encode) throw new Error(`no encoder for ${encoding}`);
    body = encode(representation.body).then((bytes) => {
      representation.encodedBytes += bytes.length;
      representation.onEncoded?.(bytes.length);
      return bytes;
    });
    representation.encoded.set(encoding, body);
  }
  return body;
}

/** gzip with the Web Compression Streams API: Node 18+ and Workers alike. */
export async function gzipWithCompressionStream(
  bytes: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
