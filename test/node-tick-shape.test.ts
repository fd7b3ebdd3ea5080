import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';

const MODULE = new URL('../src/node-tick-shape.ts', import.meta.url).href;

// Run in a child: %HaveSameMap needs --allow-natives-syntax, and gc() --expose-gc. The child
// holds the kept object only through a WeakRef, so only the module can keep it alive; a tick
// object nobody keeps is the control, showing that the same collections do free one.
const PROGRAM = `
const { executionAsyncResource } = await import('node:async_hooks');
const { keepTickObjectShape } = await import(${JSON.stringify(MODULE)});
const tick = () => new Promise((resolve) => process.nextTick(() => resolve(executionAsyncResource())));
const pause = () => new Promise((resolve) => setTimeout(resolve, 10));
const kept = new WeakRef(await keepTickObjectShape());
const control = new WeakRef(await tick());
await pause();
for (let i = 0; i < 3; i += 1) { gc(); await pause(); }
const held = kept.deref();
const fresh = await tick();
console.log(JSON.stringify({
  kept: held !== undefined,
  controlFreed: control.deref() === undefined,
  sameShapeAsNewTicks: held !== undefined && held !== fresh && %HaveSameMap(held, fresh),
}));
`;

it('keeps one tick object alive through full collections, with the shape new tick objects still get', () => {
  const output = execFileSync(
    process.execPath,
    [
      '--allow-natives-syntax',
      '--expose-gc',
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      PROGRAM,
    ],
    { encoding: 'utf8' },
  );
  expect(JSON.parse(output)).toEqual({ kept: true, controlFreed: true, sameShapeAsNewTicks: true });
});
