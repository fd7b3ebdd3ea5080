// A helper thread of the Node adapter's first read (fs-load-pool.ts starts it): it reads and
// loads the files it is sent, as readStore does, and answers with the values of saved-index lines.
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { LoadBatch, readArticleFile, Slabs } from './fs-read.ts';
import { settled } from './fs-walk.ts';
import type { HelperReply, HelperSpec } from './fs-load-pool.ts';
import { loadArticle } from './load-article.ts';
import { IndexWriter } from './saved-index.ts';

const { dir, options, startedAt } = workerData as HelperSpec;
const writer = new IndexWriter(options.siteUrl);
// One reused batch buffer, loaded whenever it is nearly full, as readStore's first read does.
const slabs = new Slabs('batch');
// The helper keeps nothing of a file: the main thread's article reads its body again.
const noReread = () => undefined;

parentPort?.on('message', function readAndLoad(paths: string[]) {
  const reply: HelperReply = { values: [], notLoaded: [] };
  const batch = new LoadBatch<{ path: string; stamp: string; bytes: Uint8Array }>(
    slabs,
    ({ path, stamp, bytes }) => {
      const loaded = loadArticle({ path, bytes, reread: noReread }, options);
      for (const value of writer.values(path, stamp, loaded)) reply.values.push(value);
    },
  );
  for (const path of paths) {
    const read = readArticleFile(join(dir, path), slabs);
    if (!('bytes' in read)) {
      reply.notLoaded.push([path, read.stamp, read.problem ?? null]);
    } else if (!settled(read.changedAt, startedAt)) {
      // Its stamp proves nothing, so the main thread keeps its bytes: it reads it itself.
      reply.notLoaded.push([path, null, null]);
    } else {
      batch.add({ path, stamp: read.stamp, bytes: read.bytes });
    }
  }
  batch.flush();
  parentPort?.postMessage(reply);
});
