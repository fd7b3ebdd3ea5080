// newsboat 2.21 in a throwaway profile: its own HOME, urls file, empty config, cache and log.
// newsboat merges items with the same guid across feeds, so each feed under test gets a
// profile of its own unless a test means to see that merge.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, runOk, type RunResult } from './run.ts';

const TIMEOUT = 60_000;

export interface NewsboatProfile {
  dir: string;
  urlsFile: string;
  /** Runs newsboat with this profile's urls, cache, config and log, and the given arguments. */
  run(args: string[]): Promise<RunResult>;
  /** `-x reload`: fetches every feed of the urls file. */
  reload(): Promise<void>;
  /** `-x print-unread`: the number newsboat reports. */
  unread(): Promise<number>;
  /** Lines newsboat logged at level 1 (USERERROR): failed downloads and parse errors. */
  userErrors(): string[];
  remove(): void;
}

/** A fresh profile; `urls` are written to its urls file (none: an empty file, for -i). */
export function newsboatProfile(urls: string[] = []): NewsboatProfile {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-newsboat-'));
  const urlsFile = join(dir, 'urls');
  const logFile = join(dir, 'newsboat.log');
  writeFileSync(urlsFile, urls.map((url) => `${url}\n`).join(''));
  writeFileSync(join(dir, 'config'), ''); // no user settings: newsboat's defaults
  const env = { HOME: dir, PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' };
  const common = ['-u', urlsFile, '-c', join(dir, 'cache.db'), '-C', join(dir, 'config')];
  const logging = ['-l', '1', '-d', logFile];
  const profile: NewsboatProfile = {
    dir,
    urlsFile,
    run: (args) => run('newsboat', [...common, ...args], { timeout: TIMEOUT, env }),
    async reload() {
      await runOk('newsboat', [...common, ...logging, '-x', 'reload'], { timeout: TIMEOUT, env });
    },
    async unread() {
      const { stdout } = await runOk('newsboat', [...common, '-x', 'print-unread'], {
        timeout: TIMEOUT,
        env,
      });
      const match = /^(\d+) unread articles?$/m.exec(stdout);
      if (!match) throw new Error(`newsboat print-unread said: ${stdout}`);
      return Number(match[1]);
    },
    userErrors() {
      let log: string;
      try {
        log = readFileSync(logFile, 'utf8');
      } catch {
        return []; // nothing logged
      }
      return log.split('\n').filter((line) => line.includes('USERERROR'));
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  return profile;
}
