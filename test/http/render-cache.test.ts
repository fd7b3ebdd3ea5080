// The render cache (src/http/render-cache.ts): each representation is rendered once per store
// version, the least recently used go first once the bodies pass the budget, and a new store
// version starts empty. Renders are counted, so every test says how many a request cost.
import { describe, expect, it } from 'vitest';
import { RenderCache } from '../../src/http/render-cache.ts';
import { createRepresentation, type Representation } from '../../src/http/representation.ts';

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
  it('renders a key once per store version, and requests that arrive together share that render', async () => {
    const cache = new RenderCache(10_000);
    const { calls, render } = counting();
    const version = {};
    const together = await Promise.all([1, 2, 3].map(() => cache.get(version, 'a', render('a'))));
    const later = await cache.get(version, 'a', render('a'));
    expect(calls).toEqual(['a']);
    expect(new Set([...together, later]).size).toBe(1);
  });

  it('drops the least recently used bodies first once the bytes pass the budget', async () => {
    const cache = new RenderCache(300); // room for three 100-byte bodies
    const { calls, render } = counting(100);
    const version = {};
    for (const key of ['a', 'b', 'c']) await cache.get(version, key, render(key));
    await cache.get(version, 'a', render('a')); // a is now the most recently used
    await cache.get(version, 'd', render('d')); // over budget: b, the least recently used, goes
    calls.length = 0;
    for (const key of ['a', 'c', 'd']) await cache.get(version, key, render(key));
    expect(calls).toEqual([]);
    await cache.get(version, 'b', render('b'));
    expect(calls).toEqual(['b']);
  });

  it('keeps a body larger than the whole budget for the request that made it, then lets it go', async () => {
    const cache = new RenderCache(50);
    const { calls, render } = counting(100);
    const version = {};
    const big = await cache.get(version, 'big', render('big'));
    expect(big.body.length).toBe(100);
    await cache.get(version, 'small', render('small'));
    await cache.get(version, 'big', render('big'));
    expect(calls).toEqual(['big', 'small', 'big']);
  });

  it('starts empty for a new store version, so no response mixes two versions', async () => {
    const cache = new RenderCache(10_000);
    const { calls, render } = counting();
    const first = {};
    const second = {};
    await cache.get(first, 'a', render('a'));
    await cache.get(second, 'a', render('a'));
    await cache.get(second, 'a', render('a'));
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
    await expect(cache.get(version, 'a', flaky)).rejects.toThrow('could not be read');
    const second = await cache.get(version, 'a', flaky);
    expect(new TextDecoder().decode(second.body)).toBe('fine');
    expect(attempts).toBe(2);
  });
});
