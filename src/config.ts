import { isKnownTimeZone } from './time/zoned-time.ts';

/** Settings shared by every runtime; read once by the entry file and injected. */
export interface Config {
  /** Absolute http(s) URL, no trailing slash: `https://news.example.org`. */
  siteUrl: string;
  siteTitle: string;
  siteDescription: string;
  /** BCP 47 tag of the feeds: RSS `language`, Atom `xml:lang`, JSON Feed `language`. */
  siteLanguage: string;
  /** IANA zone the datelines are read in. */
  timeZone: string;
  /** Seconds a client may reuse a feed: Cache-Control max-age, RSS ttl, sy:updatePeriod. */
  feedTtl: number;
  /** WebSub hub URL (https://www.w3.org/TR/websub/), when the feeds advertise one. */
  websubHub?: string | undefined;
  /** FEED_CONTENT: items carry the whole body (`full`) or only the summary (`summary`). */
  feedContent: 'full' | 'summary';
  /**
   * `?brief=N` (RSSHub's): items carry only their summary, cut to N characters. Never read
   * from the environment: set on a per-request copy of the config (render/item-content.ts).
   */
  brief?: number;
  /** SITE_ICON: the URL of a square image for feeds and readers; default: the one shipped. */
  siteIcon?: string | undefined;
  /** PAGE_BYTES: about the most bytes a page of a feed holds (src/render/feed-pages.ts). */
  pageBytes: number;
  /** STATUS_TOKEN: the secret that opens `/status`; without it there is no status page. */
  statusToken?: string | undefined;
}

export type Vars = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const DEFAULTS = {
  SITE_URL: 'http://localhost:8787',
  SITE_TITLE: 'Dateline',
  SITE_DESCRIPTION: 'News from the newsroom, as RSS, Atom and JSON Feed.',
  SITE_LANGUAGE: 'en',
  NEWSROOM_TZ: 'Asia/Jerusalem',
  CONTENT_DIR: './content',
  DATABASE_FILE: '.dateline/store.db',
  DRAIN_SECONDS: '10',
  PAGE_BYTES: '4194304',
  SITE_ICON: '',
  PORT: '8787',
  FEED_TTL: '300',
  WEBSUB_HUB: '',
  FEED_CONTENT: 'full',
} as const;

function read(vars: Vars, key: keyof typeof DEFAULTS): string {
  const value = vars[key]?.trim();
  return value ? value : DEFAULTS[key];
}

/** Reads the shared settings from environment variables or Workers `[vars]`; a bad value throws. */
export function parseConfig(vars: Vars): Config {
  const siteUrl = read(vars, 'SITE_URL');
  if (!URL.canParse(siteUrl) || !/^https?:$/.test(new URL(siteUrl).protocol)) {
    throw new ConfigError(
      `SITE_URL '${siteUrl}' is not an absolute http(s) URL, like https://news.example.org`,
    );
  }
  const url = new URL(siteUrl);
  if (url.search || url.hash)
    throw new ConfigError(`SITE_URL '${siteUrl}' must not have a query or fragment`);
  const siteLanguage = read(vars, 'SITE_LANGUAGE');
  if (!/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(siteLanguage)) {
    throw new ConfigError(`SITE_LANGUAGE '${siteLanguage}' is not a language tag, like en or ar`);
  }
  const timeZone = read(vars, 'NEWSROOM_TZ');
  if (!isKnownTimeZone(timeZone)) {
    throw new ConfigError(
      `NEWSROOM_TZ '${timeZone}' is not an IANA time zone, like Asia/Jerusalem or Asia/Hebron`,
    );
  }
  const feedTtl = parseFeedTtl(read(vars, 'FEED_TTL'));
  const hub = read(vars, 'WEBSUB_HUB');
  if (hub && !(URL.canParse(hub) && /^https?:$/.test(new URL(hub).protocol))) {
    throw new ConfigError(`WEBSUB_HUB '${hub}' is not an absolute http(s) URL`);
  }
  const feedContent = read(vars, 'FEED_CONTENT');
  if (feedContent !== 'full' && feedContent !== 'summary') {
    throw new ConfigError(`FEED_CONTENT '${feedContent}' must be full or summary`);
  }
  const icon = read(vars, 'SITE_ICON');
  if (icon && !(URL.canParse(icon) && /^https?:$/.test(new URL(icon).protocol))) {
    throw new ConfigError(`SITE_ICON '${icon}' is not an absolute http(s) URL of an image`);
  }
  const pageText = read(vars, 'PAGE_BYTES');
  const pageBytes = wholeNumber(pageText, 65_536, 1_073_741_824);
  if (pageBytes === undefined) {
    throw new ConfigError(
      `PAGE_BYTES '${pageText}' is not a whole number of bytes from 65536 to 1073741824`,
    );
  }
  const statusToken = vars.STATUS_TOKEN?.trim() || undefined;
  if (statusToken !== undefined && !/^[\x21-\x7e]{16,}$/.test(statusToken)) {
    throw new ConfigError(
      'STATUS_TOKEN must be at least 16 printable ASCII characters without spaces (a long random one)',
    );
  }
  return {
    siteUrl: url.href.replace(/\/+$/, ''),
    siteTitle: read(vars, 'SITE_TITLE'),
    siteDescription: read(vars, 'SITE_DESCRIPTION'),
    siteLanguage,
    timeZone,
    feedTtl,
    websubHub: hub ? new URL(hub).href : undefined,
    feedContent,
    siteIcon: icon ? new URL(icon).href : undefined,
    pageBytes,
    statusToken,
  };
}

/**
 * FEED_TTL in seconds: whole minutes that divide a day, so that Cache-Control
 * max-age, RSS `ttl` (minutes) and `sy:updatePeriod`/`sy:updateFrequency` (a whole
 * number of updates an hour or a day) all say exactly the same thing.
 */
function parseFeedTtl(text: string): number {
  const ttl = wholeNumber(text, 60, 86400);
  if (ttl === undefined || ttl % 60 !== 0 || 86400 % ttl !== 0) {
    throw new ConfigError(
      `FEED_TTL '${text}' must be whole minutes in seconds that divide a day, like 60, 300, 600, 900, 1800 or 3600`,
    );
  }
  return ttl;
}

/** PORT for the Node server: a whole number from 1 to 65535. */
export function parsePort(vars: Vars): number {
  const text = read(vars, 'PORT');
  const port = wholeNumber(text, 1, 65535);
  if (port === undefined)
    throw new ConfigError(`PORT '${text}' is not a port number from 1 to 65535`);
  return port;
}

/**
 * DRAIN_SECONDS: how long the Node server lets responses in flight finish after SIGTERM or
 * SIGINT before it cuts them, in milliseconds; whole seconds from 0 to 600.
 */
export function drainTimeout(vars: Vars): number {
  const text = read(vars, 'DRAIN_SECONDS');
  const seconds = wholeNumber(text, 0, 600);
  if (seconds === undefined)
    throw new ConfigError(`DRAIN_SECONDS '${text}' is not a whole number of seconds from 0 to 600`);
  return seconds * 1000;
}

/**
 * `text` as a whole number from `min` to `max`: digits only (no sign, point or exponent), and
 * no more of them than `max` has.
 */
function wholeNumber(text: string, min: number, max: number): number | undefined {
  const digits = String(max).length;
  const value = text.length <= digits && /^\d+$/.test(text) ? Number(text) : NaN;
  return value >= min && value <= max ? value : undefined;
}

export function contentDir(vars: Vars): string {
  return read(vars, 'CONTENT_DIR');
}

/**
 * DATABASE_FILE: the Node server's SQLite database of what loading the store folder made of it
 * (src/adapters/node/database.ts). Deleting it is safe: the next start rebuilds it from the folder.
 */
export function databaseFile(vars: Vars): string {
  return read(vars, 'DATABASE_FILE');
}
