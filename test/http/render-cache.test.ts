// The render cache (src/http/render-cache.ts): each representation is rendered once for as long
// as what it read (its deps) is the same, the least recently used go first once what entries
// cost passes the budget, and every byte an entry holds is counted. Renders are counted, so
// every test says how many a request cost.
import { describe, expect, it } from 'vitest';
import {
  ENCODING_OVERHEAD,
  RENDER_ENTRY_OVERHEAD,
  RenderCache,
} from '../../src/http/render-cache.ts';
import {
  createRepresentation,
  encodedBody,
  gzipWithCompressionStream,
  type Representation,
} from '../../src/http/representation.ts';

/** A renderer that makes a body of `size` bytes per key and counts its calls. */
function counting(size = 100) {
  const calls: string[] = [];
  const render = (key: string) => (): Promise<Representation> => {
    calls.push(key);
    return createRepresentation(new Uint8Array(size).fill(key.charCodeAt(0)), 'text/plain', 0);
  };
  return { calls, render };
}

describe('the render cache', () => {
  it('renders a key once while its deps stay the same, and requests that arrive together share that render', async () => {
    const cache = new RenderCache(10_000);
    const { calls, render } = counting();
    const version = {};
    const together = await Promise.all([1, 2, 3].map(() => cache.get('a', [version], render('a'))));
    const later = await cache.get('a', [version], render('a'));
    expect(calls).toEqual(['a']);
    expect(new Set([...together, later]).size).toBe(1);
  });

  it('drops the least recently used entries first once what they cost passes the budget', async () => {
    // Room for three entries of a 100-byte body, a one-letter key and one dep, all counted.
    const cache = new RenderCache(3 * (RENDER_ENTRY_OVERHEAD + 2 + 8 + 100));
    const { calls, render } = counting(100);
    const version = {};
    for (const key of ['a', 'b', 'c']) await cache.get(key, [version], render(key));
    await cache.get('a', [version], render('a')); // a is now the most recently used
    await cache.get('d', [version], render('d')); // over budget: b, the least recently used, goes
    calls.length = 0;
    for (const key of ['a', 'c', 'd']) await cache.get(key, [version], render(key));
    expect(calls).toEqual([]);
    await cache.get('b', [version], render('b'));
    expect(calls).toEqual(['b']);
  });

  it('keeps a body larger than the whole budget for the request that made it, then lets it go', async () => {
    const cache = new RenderCache(RENDER_ENTRY_OVERHEAD);
    const { calls, render } = counting(100);
    const version = {};
    const big = await cache.get('big', [version], render('big'));
    expect(big.body.length).toBe(100);
    await cache.get('small', [version], render('small'));
    await cache.get('big', [version], render('big'));
    expect(calls).toEqual(['big', 'small', 'big']);
  });

  it('renders again when any dep differs, so no response mixes two versions', async () => {
    const cache = new RenderCache(10_000);
    const { calls, render } = counting();
    const first = {};
    const second = {};
    await cache.get('a', [first], render('a'));
    await cache.get('a', [second], render('a'));
    await cache.get('a', [second], render('a'));
    expect(calls).toEqual(['a', 'a']);
  });

  it('forgets a render that failed, so the next request renders again', async () => {
    const cache = new RenderCache(10_000);
    const version = {};
    let attempts = 0;
    const flaky = () => {
      attempts += 1;
      return attempts === 1
        ? Promise.reject(new Error('the store could not be read'))
        : createRepresentation('fine', 'text/plain', 0);
    };
    await expect(cache.get('a', [version], flaky)).rejects.toThrow('could not be read');
    const second = await cache.get('a', [version], flaky);
    expect(new TextDecoder().decode(second.body)).toBe('fine');
    expect(attempts).toBe(2);
  });

  it('keeps an entry across store versions when what it read is the same objects', async () => {
    const cache = new RenderCache(10_000);
    const { calls, render } = counting();
    const article = {};
    const first = await cache.get('feed', ['title', article], render('feed'));
    // A new version that kept the article object (its file did not change):
    const again = await cache.get('feed', ['title', article], render('feed'));
    expect(again).toBe(first);
    await cache.get('feed', ['title', {}], render('feed')); // an edited article: a new object
    expect(calls).toEqual(['feed', 'feed']);
  });

  it('counts the key, the deps, the bookkeeping and every encoding as it is made', async () => {
    const cache = new RenderCache(1_000_000);
    const { render } = counting(1000);
    const representation = await cache.get('a-key', [1, 2, 3], render('a'));
    const base = RENDER_ENTRY_OVERHEAD + 'a-key'.length * 2 + 3 * 8 + 1000;
    expect(cache.bytes).toBe(base);
    const gzip = await encodedBody(representation, 'gzip', { gzip: gzipWithCompressionStream });
    expect(cache.bytes).toBe(base + gzip.length + ENCODING_OVERHEAD);
    await cache.get('a-key', [1, 2, 4], render('a')); // replaced: the old entry is counted out
    expect(cache.bytes).toBe(base);
  });
});
