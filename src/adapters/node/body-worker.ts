// The body thread's side (body-thread.ts): makes one body at a time, as asked.
import { parentPort } from 'node:worker_threads';
import { makeBodyHtml, type BodyJob } from '../../content/body-maker.ts';

parentPort?.on('message', ({ id, job }: { id: number; job: BodyJob }) => {
  try {
    parentPort?.postMessage({ id, html: makeBodyHtml(job) });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
