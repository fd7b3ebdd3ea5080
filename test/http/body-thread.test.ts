// The largest bodies are made on a thread of their own (src/adapters/node/body-thread.ts), so
// that a render of them does not hold the event loop (issue 25): a real worker thread, the same
// bytes as a body made in the request, and only large bodies sent to it, once each.
import { afterAll, describe, expect, it } from 'vitest';
import { startBodyThread } from '../../src/adapters/node/body-thread.ts';
import { parseConfig } from '../../src/config.ts';
import { LARGE_BODY_BYTES, type BodyJob } from '../../src/content/body-maker.ts';
import { createApp } from '../../src/http/app.ts';
import { buildCatalog } from '../../src/store/catalog.ts';
import { fixedStore } from '../../src/store/store.ts';
import { dispatch, filesFrom, TEST_CLOCK } from '../support/app.ts';

const paragraph = 'Talks went on past midnight, with <b>no</b> deal & "more" to come; ';
const big = (n: number) => Array.from({ length: n }, (_, i) => `${paragraph.repeat(8)}${i}`);
const markdown = [
  '---',
  'title: A long Markdown article',
  'section: Economy',
  'dateline: Fri 19 Apr 2024 6:22 pm - Jerusalem Time',
  '---',
  '',
  ...big(400).map((p, i) => (i % 3 === 0 ? `## ${i}\n\n**${p}** [link](/x/${i})` : `- ${p}`)),
  '',
].join('\n\n');

const texts = {
  'big.txt': dispatch({ title: 'A long dispatch', body: big(600).flatMap((p) => [p, '']) }),
  'long.md': markdown,
  'small.txt': dispatch({ title: 'A short dispatch', tags: ['Gaza'] }),
};
const config = parseConfig({});
const thread = startBodyThread();
afterAll(() => thread.close());

/** The app over `texts`, its own catalog (so no body is made yet), with `maker` if given. */
function app(maker?: (job: BodyJob) => Promise<string>) {
  const catalog = buildCatalog(filesFrom(texts), config);
  return createApp({ store: fixedStore(catalog), config, clock: TEST_CLOCK, bodyMaker: maker });
}

const ROUTES = ['/rss.xml', '/atom.xml', '/feed.json', '/articles/big', '/articles/long'];

describe('the body thread', () => {
  it('makes a large body into the very bytes the request would have made', async () => {
    const catalog = buildCatalog(filesFrom(texts), config);
    expect(catalog.bySlug.get('big')!.size).toBeGreaterThan(LARGE_BODY_BYTES);
    expect(catalog.bySlug.get('long')!.size).toBeGreaterThan(LARGE_BODY_BYTES);
    const [inRequest, onThread] = [app(), app(thread.make)];
    for (const path of ROUTES) {
      const [a, b] = await Promise.all([inRequest.request(path), onThread.request(path)]);
      expect(b.status, path).toBe(200);
      expect(await b.text(), path).toBe(await a.text());
    }
  });

  it('is given only the large bodies, each once, however many formats and pages show it', async () => {
    const jobs: number[] = [];
    const counted = app((job) => {
      jobs.push(job.bytes.length);
      return thread.make(job);
    });
    for (const path of ROUTES) expect((await counted.request(path)).status).toBe(200);
    expect(jobs).toHaveLength(2);
    expect(Math.min(...jobs)).toBeGreaterThanOrEqual(LARGE_BODY_BYTES);
  });

  it('leaves a body to the request when the thread fails, and the feed is whole', async () => {
    const failing = app(() => Promise.reject(new Error('no thread')));
    const [a, b] = await Promise.all([app().request('/feed.json'), failing.request('/feed.json')]);
    expect(b.status).toBe(200);
    expect(await b.text()).toBe(await a.text());
  });
});
