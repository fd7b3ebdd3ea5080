// `npm run bench:churn`: issue 25's churn repro through `npm start`. One 1.9 MB dispatch in the
// `palestine` section, and wrk on /sections/palestine/feed.json for 10 s with the store quiet,
// then 10 s while another section's article is rewritten every 200 ms (each edit is a new store
// version), three times in turn. The target: under churn, at least 80 % of the quiet rate.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../scripts/free-port.ts';
import { spawnServer } from '../scripts/start-command.ts';
import { wrk } from './wrk.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const PATH = '/sections/palestine/feed.json';
const SECONDS = 10;
const EDIT_EVERY_MS = 200;

// The big dispatch is the section's newest, so that it is on the page measured.
function dispatch(section: string, title: string, paragraphs: string[]): string {
  const dateline = 'Mon 1 Dec 2025 6:22 pm - Jerusalem Time';
  return [section, '', dateline, '', title, '', paragraphs.join('\n\n'), '', 'Tags', ''].join('\n');
}

const work = mkdtempSync(join(tmpdir(), 'dateline-churn-'));
const dir = join(work, 'content');
cpSync(join(ROOT, 'content'), dir, { recursive: true });
const paragraph = 'Negotiators met again in Cairo on Thursday & talks ran late into "the night". ';
const big = Array.from({ length: 1200 }, (_, n) => `${paragraph.repeat(20)}${n}`);
writeFileSync(join(dir, 'big.txt'), dispatch('PALESTINE', 'A very long dispatch', big));
const port = await freePort();
const server = spawnServer({
  CONTENT_DIR: dir,
  PORT: String(port),
  DATABASE_FILE: join(work, 'store.db'),
});
try {
  await server.ready;
  const body = await fetch(`http://127.0.0.1:${port}${PATH}`).then((r) => r.arrayBuffer());
  console.log(`${PATH}: ${body.byteLength} bytes`);
  const rates: { quiet: number; churn: number }[] = [];
  for (let round = 0; round < 3; round += 1) {
    const quiet = await wrk(port, PATH, SECONDS, 50);
    let n = 0;
    const editor = setInterval(() => {
      n += 1;
      const text = dispatch('ECONOMY', `Markets, edition ${n}`, ['Prices rose again.']);
      writeFileSync(join(dir, 'churn.txt'), text);
    }, EDIT_EVERY_MS);
    const churn = await wrk(port, PATH, SECONDS, 50);
    clearInterval(editor);
    const rate = (s: typeof quiet) => s.requests / (s.duration_us / 1e6);
    rates.push({ quiet: rate(quiet), churn: rate(churn) });
    const last = rates.at(-1)!;
    console.log(
      `round ${round + 1}: quiet ${last.quiet.toFixed(0)} req/s, churn ${last.churn.toFixed(0)} req/s ` +
        `(${((100 * last.churn) / last.quiet).toFixed(0)} %), ${n} edits, ` +
        `p99 ${(churn.p99_us / 1000).toFixed(1)} ms, ${churn.timeout} timeouts, status errors ${churn.status}`,
    );
  }
  const reloads = (server.stdout().match(/dateline: reloaded/g) ?? []).length;
  console.log(`reloads seen by the server: ${reloads}`);
} finally {
  server.child.kill('SIGTERM');
  await server.exited;
  rmSync(work, { recursive: true, force: true });
}
