/**
 * Tells a WebSub hub (https://www.w3.org/TR/websub/) that feeds changed. WebSub leaves the
 * publisher-to-hub step to each hub; every hub in use accepts the PubSubHubbub 0.4 ping: an
 * `application/x-www-form-urlencoded` POST of `hub.mode=publish` and one `hub.url` per topic.
 * Web APIs only, so it runs on Node and on Workers alike.
 */

export interface WebSubPublisherOptions {
  /** The hub's URL. */
  hub: string;
  fetch?: typeof fetch;
  /** Topics per POST. Default 50. */
  batchSize?: number;
  /** Waits before each retry of a failed batch; after the last one the batch is given up. */
  retryDelaysMs?: number[];
  /** Longest wait for one answer of the hub before the attempt counts as failed. Default 30 s. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (message: string) => void;
}

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1000, 5000, 30000, 120000, 600000];

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class WebSubPublisher {
  readonly hub: string;
  private readonly fetch: typeof fetch;
  private readonly batchSize: number;
  private readonly retryDelaysMs: readonly number[];
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly log: (message: string) => void;
  /** Topics waiting to be sent, in order, each once. */
  private readonly queue = new Set<string>();
  /** The background sender while it runs. */
  private running: Promise<void> | undefined;

  constructor(options: WebSubPublisherOptions) {
    this.hub = options.hub;
    // Called through a wrapper: Workers reject a fetch called with another `this`.
    const fetcher = options.fetch;
    this.fetch = fetcher
      ? (input, init) => fetcher(input, init)
      : (input, init) => fetch(input, init);
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? 50));
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.sleep = options.sleep ?? defaultSleep;
    this.log = options.log ?? ((message) => console.error(message));
  }

  /**
   * Queues the topics (each once, however often it is published before it is sent) and
   * returns at once; they go out in the background, `batchSize` a request, one request at
   * a time. Never throws and never leaves a rejected promise behind.
   */
  publish(topics: readonly string[]): void {
    for (const topic of topics) this.queue.add(topic);
    this.start();
  }

  private start(): void {
    if (this.running || !this.queue.size) return;
    this.running = this.drain()
      .catch(() => {})
      .then(() => {
        this.running = undefined;
        // Topics published while the sender was finishing.
        this.start();
      });
  }

  /** Resolves when every queued topic has been sent or given up and no request is in flight. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Let the rest of the current task publish too, so its topics share a request.
    await Promise.resolve();
    while (this.queue.size) {
      const batch: string[] = [];
      for (const topic of this.queue) {
        if (batch.length === this.batchSize) break;
        batch.push(topic);
      }
      for (const topic of batch) this.queue.delete(topic);
      await this.sendWithRetries(batch);
    }
  }

  private async sendWithRetries(batch: string[]): Promise<void> {
    let attempts = 0;
    for (;;) {
      attempts++;
      const error = await this.send(batch);
      if (error === undefined) return;
      const delay = this.retryDelaysMs[attempts - 1];
      if (delay === undefined) {
        this.safeLog(
          `websub: gave up publishing ${batch.length} topics to ${this.hub} after ${attempts} attempts: ${error}`,
        );
        return;
      }
      try {
        await this.sleep(delay);
      } catch {
        // A failing sleep only shortens the wait.
      }
    }
  }

  /** One POST of a batch: undefined on a 2xx answer, else what went wrong. */
  private async send(batch: string[]): Promise<string | undefined> {
    const body = new URLSearchParams({ 'hub.mode': 'publish' });
    for (const topic of batch) body.append('hub.url', topic);
    try {
      const response = await this.fetch(this.hub, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      // Read the answer to the end, so that the connection is free for the next request.
      const text = await response.text().catch(() => '');
      if (response.ok) return undefined;
      const detail = text.trim().split('\n')[0]?.slice(0, 200);
      return `HTTP ${response.status}${detail ? ` ${detail}` : ''}`;
    } catch (error) {
      return describe(error);
    }
  }

  private safeLog(message: string): void {
    try {
      this.log(message);
    } catch {
      // A broken logger must not stop the queue.
    }
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause && cause !== error.message ? `${error.message} (${cause})` : error.message;
}
