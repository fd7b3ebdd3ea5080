// Part of the Node entry (src/node.ts), which calls it first.
import { executionAsyncResource } from 'node:async_hooks';

/** Held for the life of the process; never read. */
const kept: object[] = [];

/**
 * Keeps one of Node's tick objects alive for the life of the process. Call it first thing,
 * before anything that runs a full garbage collection.
 *
 * Why: `process.nextTick` builds each tick object with an object literal whose first keys
 * are computed (`{ [async_id_symbol]: …, [trigger_async_id_symbol]: …, callback, args }`),
 * so V8 reaches the object's hidden class by transitions from an empty literal's, and a
 * transition whose target no live object uses can be dropped by a full collection. Every
 * request runs nextTick a few times (a request stream ending, a response finishing), inlined
 * in the optimized stream code. In a long-running server, measured, a few full collections
 * were enough for those sites to see new hidden classes, deoptimize, and end up
 * megamorphic: from then on each tick object was built by a runtime call
 * (`Runtime_DefineKeyedOwnPropertyInLiteral` in `perf`), a cost every 304 paid
 * (docs/performance.md). With one tick object held, three forced full collections changed
 * nothing.
 * (A bare node:http server runs no other code and never showed it.) See README,
 * "Deploying", "One tick object kept".
 *
 * Resolves with the object kept, for the test that holds this to it.
 */
export function keepTickObjectShape(): Promise<object> {
  return new Promise((resolve) => {
    process.nextTick(function keepThisTick() {
      // Inside a nextTick callback the execution resource is the tick object itself.
      const tick = executionAsyncResource();
      kept.push(tick);
      resolve(tick);
    });
  });
}
