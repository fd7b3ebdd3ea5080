import {
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../support/app.ts';
import { startHub } from '../support/hub.ts';
import { startEntry, within, type Entry } from '../support/entry.ts';

const LIMIT_MS = 2000;
const BAD_DATELINE = 'Thu 19 Apr 2024 6:22 pm - Jerusalem Time';
const at = (hour: number) => `Fri 19 Apr 2024 ${hour}:00 am - Jerusalem Time`;

describe('the Node server, while the store is edited', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-reload-'));
  let server: Entry;

  const titles = async () => {
    const response = await fetch(`${server.url}/feed.json`);
    const feed = (await response.json()) as { items: { title: string }[] };
    return feed.items.map((item) => item.title);
  };
  const health = async () =>
    (await (await fetch(`${server.url}/healthz`)).json()) as { articles: number; rejected: number };
  /** Waits until the site feed shows exactly `want`; fails after 2 s. */
  const feedShows = (want: string[], what: string) =>
    within(LIMIT_MS, what, async () => JSON.stringify(await titles()) === JSON.stringify(want));

  beforeAll(async () => {
    writeFileSync(join(dir, 'first.txt'), dispatch({ title: 'First', dateline: at(8) }));
    server = await startEntry({ CONTENT_DIR: dir });
    await server.ready;
  });
  afterAll(() => {
    server?.child.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows an added file within 2 s, with no restart', async () => {
    expect(await titles()).toEqual(['First']);
    writeFileSync(join(dir, 'second.txt'), dispatch({ title: 'Second', dateline: at(9) }));
    await feedShows(['Second', 'First'], 'the added article');
  });

  it('shows an edit within 2 s', async () => {
    writeFileSync(join(dir, 'second.txt'), dispatch({ title: 'Second, edited', dateline: at(9) }));
    await feedShows(['Second, edited', 'First'], 'the edited title');
  });

  it('keeps the last good version of a broken edit, and prints the report', async () => {
    writeFileSync(
      join(dir, 'second.txt'),
      dispatch({ title: 'Second, broken', dateline: BAD_DATELINE }),
    );
    const report = `${dir}/second.txt:3: dateline '${BAD_DATELINE}': 19 Apr 2024 is a Friday, not a Thursday; check the date and the weekday (the last good version stays published until this is fixed)`;
    await within(LIMIT_MS, 'the report', () => server.stderr().includes(report));
    expect(await titles()).toEqual(['Second, edited', 'First']);
    expect(await health()).toMatchObject({ articles: 2, rejected: 1 });
  });

  it('removes the article when its file is deleted, even while broken', async () => {
    unlinkSync(join(dir, 'second.txt'));
    await feedShows(['First'], 'the deleted article gone');
    expect(await health()).toMatchObject({ articles: 1, rejected: 0 });
  });

  it('follows an editor that saves by renaming a new file over the old one', async () => {
    const save = (title: string) => {
      writeFileSync(join(dir, '.first.txt.swp'), dispatch({ title, dateline: at(8) }));
      renameSync(join(dir, '.first.txt.swp'), join(dir, 'first.txt'));
    };
    save('First, saved');
    await feedShows(['First, saved'], 'the renamed-over file');
    save('First, saved again');
    await feedShows(['First, saved again'], 'the second save');
    unlinkSync(join(dir, 'first.txt'));
    await feedShows([], 'the deletion after a rename');
  });

  it('finds files in a new folder', async () => {
    mkdirSync(join(dir, '2025', 'april'), { recursive: true });
    writeFileSync(
      join(dir, '2025', 'april', 'deep.txt'),
      dispatch({ title: 'Deep', dateline: at(7) }),
    );
    await feedShows(['Deep'], 'the article in a new folder');
    writeFileSync(
      join(dir, '2025', 'april', 'deep.txt'),
      dispatch({ title: 'Deeper', dateline: at(7) }),
    );
    await feedShows(['Deeper'], 'the edit in the new folder');
    rmSync(join(dir, '2025'), { recursive: true });
    await feedShows([], 'the folder removed');
  });

  it('reports a symbolic link out of the store as soon as it appears, and serves nothing from it', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'dateline-outside-'));
    writeFileSync(join(outside, 'secret.txt'), dispatch({ title: 'Secret' }));
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'secret.txt'));
    const report = `${dir}/secret.txt:1: a symbolic link to the file '${outside}/secret.txt' outside the store; links are never followed: copy the file into the store instead`;
    await within(LIMIT_MS, 'the link report', () => server.stderr().includes(report));
    expect(await titles()).toEqual([]);
    expect(await health()).toMatchObject({ articles: 0, rejected: 1 });
    rmSync(outside, { recursive: true, force: true });
  });
});

describe('the Node server with a WebSub hub, while the store is edited', () => {
  it('tells the hub which feeds changed after each reload', async () => {
    const hub = await startHub();
    const dir = mkdtempSync(join(tmpdir(), 'dateline-websub-reload-'));
    writeFileSync(join(dir, 'a.txt'), dispatch({ title: 'A', dateline: at(8), tags: ['Gaza'] }));
    writeFileSync(join(dir, 'b.txt'), dispatch({ title: 'B', dateline: at(9), tags: ['Rafah'] }));
    const server = await startEntry({ CONTENT_DIR: dir, WEBSUB_HUB: hub.url });
    try {
      await server.ready;
      await within(LIMIT_MS, 'the ping at start', () => hub.publishes().length === 1);
      expect(hub.publishes()[0]).toHaveLength(12); // site, section, two tags: three formats each
      writeFileSync(
        join(dir, 'a.txt'),
        dispatch({ title: 'A, edited', dateline: at(8), tags: ['Gaza'] }),
      );
      await within(LIMIT_MS, 'the ping after the edit', () => hub.publishes().length === 2);
      const feeds = (base: string) =>
        ['rss.xml', 'atom.xml', 'feed.json'].map((f) => server.url + base + f);
      expect(hub.publishes()[1]).toEqual([
        ...feeds('/'),
        ...feeds('/sections/palestine/'),
        ...feeds('/tags/gaza/'),
      ]);
      // A correction further down the body: the title and the summary stay as they were.
      writeFileSync(
        join(dir, 'a.txt'),
        dispatch({
          title: 'A, edited',
          dateline: at(8),
          tags: ['Gaza'],
          body: ['The first paragraph.', '', 'The second paragraph, corrected.'],
        }),
      );
      await within(LIMIT_MS, 'the ping after the correction', () => hub.publishes().length === 3);
      expect(hub.publishes()[2]).toEqual(hub.publishes()[1]);
    } finally {
      server.child.kill();
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
