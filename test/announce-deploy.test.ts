import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { wranglerVars } from '../src/adapters/node/wrangler-vars.ts';
import { dispatch } from './support/app.ts';
import { startHub } from './support/hub.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'dateline-announce-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('announcing a Workers deploy to the WebSub hub', () => {
  it('reads the [vars] table of wrangler.toml', () => {
    const toml =
      '[build]\nSITE_URL = "no"\n\n[vars]\nSITE_URL = "https://x.example"\nWEBSUB_HUB = ""\nSITE_TITLE = "A \\"quoted\\" name"\n\n[dev]\nport = 8787\n';
    expect(wranglerVars(toml)).toEqual({
      SITE_URL: 'https://x.example',
      WEBSUB_HUB: '',
      SITE_TITLE: 'A "quoted" name',
    });
  });

  it('tells the hub about every feed of the store, with the Worker settings', async () => {
    const hub = await startHub();
    writeFileSync(join(work, 'a.txt'), dispatch({ title: 'One', tags: ['Gaza'] }));
    writeFileSync(
      join(work, 'wrangler.toml'),
      `[vars]\nSITE_URL = "https://news.example.org"\nWEBSUB_HUB = "${hub.url}"\n`,
    );
    const run = await promisify(execFile)(
      join(ROOT, 'node_modules/.bin/tsx'),
      ['scripts/announce-deploy.ts'],
      {
        cwd: ROOT,
        env: { ...process.env, WRANGLER_CONFIG: join(work, 'wrangler.toml'), CONTENT_DIR: work },
      },
    );
    await hub.close();
    const feeds = ['/', '/sections/palestine/', '/tags/gaza/'].flatMap((base) =>
      ['rss.xml', 'atom.xml', 'feed.json'].map((f) => `https://news.example.org${base}${f}`),
    );
    expect(hub.publishes()).toEqual([feeds]);
    expect(run.stdout).toBe(`announce: told ${hub.url} about 9 feeds\n`);
  });
});
