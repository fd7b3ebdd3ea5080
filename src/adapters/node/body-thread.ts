import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BodyJob, BodyMaker } from '../../content/body-maker.ts';

type Reply = { id: number; html: string } | { id: number; error: string };

export interface BodyThread {
  make: BodyMaker;
  /** Ends the thread; jobs still waiting are rejected (their bodies are made when asked). */
  close(): Promise<void>;
}

/**
 * One worker thread that makes large bodies (content/body-maker.ts), so that a render of the
 * largest articles does not hold the event loop while /healthz and every other request wait.
 * Started on the first job; it does not keep the process alive, and if it dies, the next job
 * starts another. It loads the TypeScript sources as the server does (tsx).
 */
export function startBodyThread(): BodyThread {
  let worker: Worker | undefined;
  let next = 0;
  const waiting = new Map<number, { resolve(html: string): void; reject(error: Error): void }>();

  function failAll(error: Error) {
    for (const job of waiting.values()) job.reject(error);
    waiting.clear();
  }

  function thread(): Worker {
    if (worker) return worker;
    // A worker's entry file is loaded before tsx's hooks apply (Node 20): a line of JavaScript
    // imports the TypeScript one once they do.
    const entry = JSON.stringify(fileURLToPath(new URL('./body-worker.ts', import.meta.url)));
    const api = JSON.stringify(fileURLToPath(import.meta.resolve('tsx/cjs/api')));
    const started = new Worker(`require(${api}).require(${entry}, ${entry});`, {
      eval: true,
      execArgv: [],
    });
    started.unref();
    started.on('message', (reply: Reply) => {
      const job = waiting.get(reply.id);
      waiting.delete(reply.id);
      if ('html' in reply) job?.resolve(reply.html);
      else job?.reject(new Error(reply.error));
    });
    const forget = (error: Error) => {
      if (worker === started) worker = undefined;
      failAll(error);
    };
    started.on('error', forget);
    started.on('exit', (code) => forget(new Error(`the body thread exited (${code})`)));
    worker = started;
    return started;
  }

  return {
    make(job: BodyJob) {
      return new Promise<string>((resolve, reject) => {
        const id = (next += 1);
        waiting.set(id, { resolve, reject });
        thread().postMessage({ id, job });
      });
    },
    async close() {
      const running = worker;
      worker = undefined;
      failAll(new Error('the body thread was closed'));
      await running?.terminate();
    },
  };
}
