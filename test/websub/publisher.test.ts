import { afterEach, describe, expect, it } from 'vitest';
import { WebSubPublisher } from '../../src/websub/publisher.ts';
import { closeHubs, startHub } from '../support/hub.ts';

afterEach(closeHubs);

/** A publisher whose waits are recorded (and not slept) and whose log is kept. */
function publisherFor(hub: string, options: { batchSize?: number; retryDelaysMs?: number[] } = {}) {
  const sleeps: number[] = [];
  const logs: string[] = [];
  const publisher = new WebSubPublisher({
    hub,
    ...options,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    log: (message) => logs.push(message),
  });
  return { publisher, sleeps, logs };
}

const topic = (n: number) => `https://news.example.org/tags/t${n}/rss.xml`;

describe('WebSubPublisher', () => {
  it("pings the hub with hub.mode=publish and every changed feed's URL", async () => {
    const hub = await startHub();
    const { publisher, logs } = publisherFor(hub.url);
    const topics = [
      'https://news.example.org/rss.xml',
      'https://news.example.org/sections/palestine/atom.xml',
      `https://news.example.org/tags/${encodeURIComponent('غزة')}/feed.json`,
    ];
    publisher.publish(topics);
    await publisher.idle();
    expect(hub.requests).toEqual([
      {
        method: 'POST',
        contentType: 'application/x-www-form-urlencoded',
        mode: 'publish',
        urls: topics,
      },
    ]);
    expect(logs).toEqual([]);
  });

  it('sends each topic once when it is published again before it goes out', async () => {
    const hub = await startHub();
    const { publisher } = publisherFor(hub.url);
    publisher.publish([topic(1), topic(2)]);
    publisher.publish([topic(2), topic(3), topic(1)]);
    await publisher.idle();
    expect(hub.requests.map((r) => r.urls)).toEqual([[topic(1), topic(2), topic(3)]]);
  });

  it('splits many topics into batches, sent one at a time in order', async () => {
    const hub = await startHub();
    const { publisher } = publisherFor(hub.url, { batchSize: 50 });
    const topics = Array.from({ length: 120 }, (_, i) => topic(i));
    publisher.publish(topics);
    await publisher.idle();
    expect(hub.requests.map((r) => r.urls.length)).toEqual([50, 50, 20]);
    expect(hub.requests.flatMap((r) => r.urls)).toEqual(topics);
  });

  it('retries a failing hub with backoff and succeeds after two 500s', async () => {
    const hub = await startHub([500, 500, 204]);
    const { publisher, sleeps, logs } = publisherFor(hub.url, { retryDelaysMs: [10, 20, 40] });
    publisher.publish([topic(1)]);
    await publisher.idle();
    expect(hub.requests).toHaveLength(3);
    expect(hub.requests.every((r) => r.urls.join() === topic(1))).toBe(true);
    expect(sleeps).toEqual([10, 20]);
    expect(logs).toEqual([]);
  });

  it('gives up after the last retry, logs one line and moves on to the next batch', async () => {
    const hub = await startHub([500, 503, 500, 502, 202]);
    const { publisher, sleeps, logs } = publisherFor(hub.url, {
      batchSize: 2,
      retryDelaysMs: [10, 20, 40],
    });
    publisher.publish([topic(1), topic(2), topic(3)]);
    await publisher.idle();
    expect(hub.requests.map((r) => r.urls)).toEqual([
      ...Array<string[]>(4).fill([topic(1), topic(2)]),
      [topic(3)],
    ]);
    expect(sleeps).toEqual([10, 20, 40]);
    expect(logs).toEqual([
      `websub: gave up publishing 2 topics to ${hub.url} after 4 attempts: HTTP 502 hub trouble`,
    ]);
  });

  it('publish() returns before the hub answers', async () => {
    let release!: () => void;
    const hub = await startHub([], new Promise<void>((resolve) => (release = resolve)));
    const { publisher } = publisherFor(hub.url);
    let idle = false;
    publisher.publish([topic(1)]);
    void publisher.idle().then(() => (idle = true));
    await hub.received(1);
    expect(hub.answered).toBe(0);
    expect(idle).toBe(false);
    release();
    await publisher.idle();
    expect(hub.answered).toBe(1);
    expect(idle).toBe(true);
  });

  it('does not throw or reject when the hub is down', async () => {
    const closed = await startHub();
    await closed.close();
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const { publisher, sleeps, logs } = publisherFor(closed.url, { retryDelaysMs: [10, 20] });
      expect(() => publisher.publish([topic(1)])).not.toThrow();
      await expect(publisher.idle()).resolves.toBeUndefined();
      expect(sleeps).toEqual([10, 20]);
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatch(
        new RegExp(`^websub: gave up publishing 1 topics to ${closed.url} after 3 attempts: .+`),
      );
      expect(logs[0]).toContain('ECONNREFUSED');
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('sends topics published while the previous ones are in flight', async () => {
    let release!: () => void;
    const hub = await startHub([], new Promise<void>((resolve) => (release = resolve)));
    const { publisher } = publisherFor(hub.url);
    publisher.publish([topic(1)]);
    await hub.received(1);
    publisher.publish([topic(1), topic(2)]);
    release();
    await publisher.idle();
    expect(hub.requests.map((r) => r.urls)).toEqual([[topic(1)], [topic(1), topic(2)]]);
  });
});
