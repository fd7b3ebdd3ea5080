import { describe, expect, it } from 'vitest';
import { parseHttpDate } from '../../src/http/http-date.ts';
import { chooseEncoding, prefersHtml } from '../../src/http/negotiate.ts';

describe('HTTP dates', () => {
  // RFC 9110 section 5.6.7: the same instant in its three forms.
  const instant = Date.UTC(1994, 10, 6, 8, 49, 37);
  it.each([
    'Sun, 06 Nov 1994 08:49:37 GMT',
    'Sunday, 06-Nov-94 08:49:37 GMT',
    'Sun Nov  6 08:49:37 1994',
  ])('reads %s, one of RFC 9110 example forms', (text) =>
    expect(parseHttpDate(text)).toBe(instant),
  );
  it.each([
    '',
    'yesterday',
    'Sun, 31 Feb 1994 08:49:37 GMT',
    'Sun, 06 Nov 1994 25:49:37 GMT',
    '1994-11-06T08:49:37Z',
  ])('rejects %j', (text) => expect(parseHttpDate(text)).toBeUndefined());
});

describe('choosing an encoding', () => {
  const both = ['br', 'gzip'] as const;
  it.each([
    [null, 'identity'],
    ['gzip, deflate', 'gzip'],
    ['gzip, deflate, br, zstd', 'br'],
    ['br;q=0.8, gzip', 'gzip'],
    ['*', 'br'],
    ['*;q=0, identity', 'identity'],
    ['gzip;q=0', 'identity'],
    ['GZIP', 'gzip'],
  ])('Accept-Encoding %j gives %s', (header, expected) => {
    expect(chooseEncoding(header, both)).toBe(expected);
  });
  it('never picks an encoding the runtime cannot produce', () => {
    expect(chooseEncoding('br', ['gzip'])).toBe('identity');
  });
});

describe('telling a browser navigation from a feed reader', () => {
  it.each([
    'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7',
    'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  ])('a browser sending %j gets HTML', (accept) => expect(prefersHtml(accept)).toBe(true));

  it.each([
    null,
    '*/*',
    'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.7',
    'application/atom+xml,application/rdf+xml,application/rss+xml,application/x-netcdf,application/xml;q=0.9,text/xml;q=0.2,*/*;q=0.1',
    'application/feed+json, application/json;q=0.9',
    'application/rss+xml, text/html;q=0.5',
    'text/html;q=0, */*',
  ])('a reader sending %j gets the feed', (accept) => expect(prefersHtml(accept)).toBe(false));
});
