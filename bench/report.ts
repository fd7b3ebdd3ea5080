// Part of `npm run bench` (bench/run.ts): the report it writes to bench/RESULTS.md.
import { cpus, totalmem } from 'node:os';
import type { KeptStore, SideBySide } from './by-size.ts';
import {
  cpuText,
  int,
  kib,
  median,
  met,
  mib,
  ms,
  ratio,
  seconds,
  sizeName,
  table,
} from './format.ts';
import { latencyTargets, sideBySideSection } from './report-by-size.ts';
import { pinningText, START_ENV } from './children.ts';
import type { Options } from './options.ts';
import { FEED_PACKAGE_RUNS, FIRST_RENDER_ROUNDS, type FormatResult } from './render-bench.ts';
import type { AppReady } from './server-app.ts';
import { reconciledMs, type StartFigures } from './start-load.ts';
import { BUSIEST_SECTION_SLUG, DEFAULT_SEED } from './synthetic-store.ts';
import { wrkVersion, type Run } from './wrk.ts';
import type { Written } from './write-store.ts';

export type Server = 'bare' | 'app';
export type Answer = '200' | '304';

/** What `--only load` measures of a size: the store's starts. */
export interface LoadSizeResult {
  size: number;
  /** 1-minute load average when this size started and when it ended: other work on the machine. */
  load: [number, number];
  written: Written;
  app: AppReady;
  /** The first size only: its store, kept on disk for the side-by-side latencies. */
  kept?: KeptStore | undefined;
}

/** A size measured whole: its starts, and its server under wrk. */
export interface SizeResult extends LoadSizeResult {
  path: string;
  bodyBytes: number;
  runs: Record<Answer, Record<Server, Run[]>>;
  unloaded: Record<Server, Run>;
  /** The last size only: its server and the first size's, side by side. */
  bySize?: SideBySide | undefined;
}

function isServed(r: LoadSizeResult): r is SizeResult {
  return 'runs' in r;
}

/** The targets of a store's starts, by size (1M only when run: `--sizes 1k,10k,100k,1m`). */
interface StartTargets {
  /** First start (no database): openFolderStore until serving everything. */
  firstMs: number;
  /** Restart: openFolderStore until serving the database's version. */
  servingMs: number;
  /** Restart: from openFolderStore until the reconciliation is done. */
  reconciledMs: number;
  /** Peak RSS (VmHWM) of a first start and of a restart. */
  peakRssBytes: number;
  peakRssText: string;
  /** The database (file + -wal) no larger than the store's files. */
  databaseAtMostFiles: boolean;
}

const START_TARGETS: Record<number, StartTargets> = {
  100_000: {
    firstMs: 5_000,
    servingMs: 1_000,
    reconciledMs: 5_000,
    peakRssBytes: 500e6,
    peakRssText: '< 500 MB (477 MiB)',
    databaseAtMostFiles: false,
  },
  1_000_000: {
    firstMs: 90_000,
    servingMs: 2_000,
    reconciledMs: 60_000,
    peakRssBytes: 1e9,
    peakRssText: '< 1 GB (954 MiB)',
    databaseAtMostFiles: true,
  },
};

/** Every start's figure `of`, in the order made. */
function all(starts: StartFigures[], of: (x: StartFigures) => number, show = seconds): string {
  return starts.map((x) => show(of(x))).join(', ');
}

/** The median of every start's figure `of`. */
function med(starts: StartFigures[], of: (x: StartFigures) => number): number {
  return median(starts.map(of));
}

/** The database on disk: its file and its -wal, while open. */
const databaseBytes = (x: StartFigures) => x.dbBytes + x.walBytes;

/** The rows of the targets on a store's starts, for the sizes that have targets. */
function startTargets(results: LoadSizeResult[]): string[][] {
  const rows: string[][] = [];
  let judged = results.filter((r) => START_TARGETS[r.size]);
  let scale = () => '';
  const last = results[results.length - 1];
  if (judged.length === 0 && last) {
    // No size with targets was run: the largest is held to the 100k targets, as a hint.
    judged = [last];
    scale = () => ` (target is for 100k; largest run: ${sizeName(last.size)})`;
  }
  for (const r of judged) {
    const target = START_TARGETS[r.size] ?? START_TARGETS[100_000]!;
    const { firstStarts, restarts } = r.app;
    const name = `${sizeName(r.size)} store`;
    const fresh = `median of ${firstStarts.length} fresh processes`;
    const first = med(firstStarts, (x) => x.servingMs);
    const serving = med(restarts, (x) => x.servingMs);
    const reconciled = med(restarts, reconciledMs);
    const firstPeak = med(firstStarts, (x) => x.peakRssBytes);
    const restartPeak = med(restarts, (x) => x.peakRssBytes);
    rows.push(
      [
        `${name}, first start (no database): openFolderStore until serving everything (every file read, loaded and inserted, the catalog built and committed)${scale()}`,
        `${seconds(first)} (${fresh}: ${all(firstStarts, (x) => x.servingMs)}; from the process's start: ${seconds(med(firstStarts, (x) => x.processServingMs))})`,
        `≤ ${seconds(target.firstMs)}`,
        met(first <= target.firstMs),
      ],
      [
        `${name}, restart from the database: openFolderStore until serving everything (from the database)${scale()}`,
        `${seconds(serving)} (${fresh}: ${all(restarts, (x) => x.servingMs)}; from the process's start: ${seconds(med(restarts, (x) => x.processServingMs))})`,
        `≤ ${seconds(target.servingMs)}`,
        met(serving <= target.servingMs),
      ],
      [
        `${name}, restart: the reconciliation with the folder (\`await reload()\`) done, from openFolderStore's call${scale()}`,
        `${seconds(reconciled)} (${fresh}: ${all(restarts, reconciledMs)}; the reconciliation alone: ${seconds(med(restarts, (x) => x.reconcileMs))}; files read: ${restarts.map((x) => int(x.reads)).join(', ')})`,
        `≤ ${seconds(target.reconciledMs)}`,
        met(reconciled <= target.reconciledMs),
      ],
      [
        `${name}, first start: peak RSS (VmHWM) once serving${scale()}`,
        `${mib(firstPeak)} (${fresh}: ${all(firstStarts, (x) => x.peakRssBytes, mib)})`,
        target.peakRssText,
        met(firstPeak < target.peakRssBytes),
      ],
      [
        `${name}, restart: peak RSS (VmHWM) once reconciled${scale()}`,
        `${mib(restartPeak)} (${fresh}: ${all(restarts, (x) => x.peakRssBytes, mib)}; when serving: ${mib(med(restarts, (x) => x.peakRssServingBytes))})`,
        target.peakRssText,
        met(restartPeak < target.peakRssBytes),
      ],
    );
    if (target.databaseAtMostFiles) {
      const largest = Math.max(...[...firstStarts, ...restarts].map(databaseBytes));
      rows.push([
        `${name}: the database on disk (file + -wal, the largest of every start's, open) against the store's files (their sizes summed)${scale()}`,
        `${mib(largest)} vs ${mib(r.written.bytes)} (${ratio(largest / r.written.bytes)}; closed: ${mib(med([...firstStarts, ...restarts], (x) => x.closedDbBytes))}; the files take ${mib(r.written.diskBytes)} on disk in whole blocks)`,
        '≤ the files',
        met(largest <= r.written.bytes),
      ]);
    }
  }
  return rows;
}

export function report(results: LoadSizeResult[], options: Options, totalMs: number): string {
  const cpu = cpus();
  const first = results[0];
  const last = results[results.length - 1];
  if (!first || !last) return '';
  // Every size served under wrk too (not `--only load`).
  const served = results.filter(isServed);
  const firstServed = served[0];
  const lastServed = served[served.length - 1];
  const whole = served.length === results.length && firstServed && lastServed;
  const rendered = results.every((r) => r.app.render.length > 0);
  const rpsOf = (r: SizeResult, answer: Answer, server: Server) =>
    median(r.runs[answer][server].map((x) => x.rps));
  const cpuOfRuns = (r: SizeResult, answer: Answer, server: Server) =>
    median(r.runs[answer][server].map((x) => x.cpuPerRequest));
  /** app / bare throughput of each app run and the bare run next to it (bare, app | app, bare). */
  const pairRatios = (r: SizeResult, answer: Answer) =>
    r.runs[answer].app.map((x, i) => x.rps / (r.runs[answer].bare[i]?.rps ?? NaN));
  const out: string[] = [];

  out.push('# dateline benchmark results', '');
  out.push(
    `Written by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString()}. A report, not a test: nothing is asserted.`,
    '',
    `- Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${process.platform} ${process.arch}`,
    whole
      ? `- Node ${process.version}; wrk ${wrkVersion()}; ${pinningText(cpu.length)}`
      : `- Node ${process.version}; \`--only ${options.only}\`: the store's starts only (no renders, no server under wrk)`,
    `- The servers and every start run with the environment \`npm start\` sets: ${
      Object.entries(START_ENV)
        .map(([name, value]) => `\`${name}=${value}\``)
        .join(', ') || 'none'
    } (glibc's malloc: a freed page buffer is kept for the next one, not handed back and faulted in again)`,
    `- Options: sizes ${options.sizes.map(sizeName).join(', ')}; --only ${options.only}; wrk -t1 -c${options.connections} -d${options.duration}s, ${2 * options.reps} runs per server and answer (${options.reps} × bare, app, app, bare), median reported; cold renders: median of ${options.renderRuns}`,
    `- Store: synthetic, seed 0x${DEFAULT_SEED.toString(16)} (bench/synthetic-store.ts): 8 sections, 5,000 Zipf tags, 1–6 tags an article, 2–6 KB bodies with Arabic, 90 % .txt dispatches, 10 % .md`,
    `- Whole run: ${(totalMs / 1000).toFixed(0)} s. 1-minute load average at the start / end of each size: ${results.map((r) => `${sizeName(r.size)} ${r.load[0].toFixed(2)} / ${r.load[1].toFixed(2)}`).join('; ')} (wrk and the server account for about 2, a start for about 1; more means other work shared the cores)`,
    '',
  );

  // Targets
  const targets: string[][] = [];
  for (const r of served) {
    for (const answer of ['200', '304'] as const) {
      const value = rpsOf(r, answer, 'app') / rpsOf(r, answer, 'bare');
      const pairs = pairRatios(r, answer);
      targets.push([
        `warm feed requests (${answer}), ${sizeName(r.size)} store: app / bare node:http throughput`,
        `${ratio(value)} (run pairs ${ratio(Math.min(...pairs))} to ${ratio(Math.max(...pairs))}; server CPU per request: app ${ratio(cpuOfRuns(r, answer, 'app') / cpuOfRuns(r, answer, 'bare'))} bare's)`,
        '≥ 0.90×',
        met(value >= 0.9),
      ]);
    }
  }
  // Two rows a format: a render-cache miss is cold for the page, but its items may or may not
  // have been rendered (by another feed) before; both are reported and judged.
  const stores = results.map((r) => sizeName(r.size)).join(' / ');
  for (const format of rendered ? (['rss', 'atom', 'json'] as const) : []) {
    for (const [what, pick] of [
      ['items rendered by another feed before', (f: FormatResult) => f.cachedItems.median],
      ['first render of its items', (f: FormatResult) => f.ours.median],
    ] as const) {
      const values = results.map((r) => {
        const found = r.app.render.find((f) => f.format === format);
        return found ? pick(found) : NaN;
      });
      targets.push([
        `cold render of a 50-item ${format} page, ${what} (median; ${stores} store)`,
        values.map(ms).join(' / '),
        '≤ 0.5 ms',
        met(values.every((v) => v <= 0.5)),
      ]);
    }
  }
  targets.push(...startTargets(results));
  if (whole) targets.push(...latencyTargets(firstServed, lastServed, options.connections));
  out.push('## Targets', '', table(['what', 'measured', 'target', 'met?'], targets), '');

  // Starts
  out.push(
    '## Starting the store: first start, restart, reconciliation',
    '',
    `Each size is generated and written to a temporary folder by the parent, which then waits until every file is over 2 s old (younger files are never trusted by their stamp). The Node server keeps what loading makes of the folder in an SQLite database (better-sqlite3, src/adapters/node/database.ts; \`DATABASE_FILE\`), opened by \`openFolderStore\` (src/adapters/node/folder-store.ts). **First start** (no database): \`readStore\` reads the files in batches into one reused 8 MiB buffer and loads each batch, every article inserted (its file's bytes too) in one transaction, then \`buildCatalog\` indexes the articles and the transaction commits; timed until \`openFolderStore\` returns, serving everything. **Restart**: \`openFolderStore\` restores every row of the database the last first start left and builds the catalog, serving it (timed until it returns, \`from === 'database'\`); then \`await reload()\` reconciles the folder (an lstat of every file, only changed files read, nothing here, then a commit). Each kind is made by three fresh processes in turn (\`bench/start-load.ts\`, with \`npm start\`'s node flags and environment; page cache warm: the files and the database were just written): the median is shown, and every start; the targets are judged on the median, as one start on this machine may fall in a slow spell. "Without a database" is the store read and loaded as before it (\`readStore\` + \`buildCatalog\`, nothing written), in three more fresh processes: what the database adds to a first start. "Step by step" is a first start and a restart made in the measuring process with the pieces \`openFolderStore\` puts together, each timed. \`listStore\` is one pass of the fingerprint \`watchStore\` polls (while every folder is watched, every 10 s or 50 times the duration of the last pass, whichever is longer).`,
    '',
    table(
      [
        'articles',
        'files',
        'generate',
        'write',
        'first start: until serving, fresh processes',
        'per article',
        'first start, step by step: open + read, load, insert + buildCatalog + commit',
        'without a database: readStore + buildCatalog, fresh processes',
        'restart: until serving, fresh processes',
        'restart: until reconciled, fresh processes (files read)',
        'restart, step by step: open + restore + buildCatalog; reconciliation: lstat + buildCatalog + commit',
        'listStore',
        'problems',
      ],
      results.map((r) => {
        const { first: f, restart: s, firstStarts, restarts, plainStarts } = r.app;
        const firstMs = med(firstStarts, (x) => x.servingMs);
        return [
          int(r.app.articles),
          mib(r.written.bytes),
          seconds(r.written.generateMs),
          seconds(r.written.writeMs),
          `**${seconds(firstMs)}** (all: ${all(firstStarts, (x) => x.servingMs)})`,
          `${((firstMs * 1000) / r.app.articles).toFixed(0)} µs`,
          `${seconds(f.openMs)} + ${seconds(f.readMs)} + ${seconds(f.buildMs)} + ${seconds(f.commitMs)} = ${seconds(f.openMs + f.readMs + f.buildMs + f.commitMs)}`,
          `${seconds(med(plainStarts, (x) => x.servingMs))} (all: ${all(plainStarts, (x) => x.servingMs)})`,
          `**${seconds(med(restarts, (x) => x.servingMs))}** (all: ${all(restarts, (x) => x.servingMs)})`,
          `**${seconds(med(restarts, reconciledMs))}** (all: ${all(restarts, reconciledMs)}; ${restarts.map((x) => int(x.reads)).join(', ')})`,
          `${seconds(s.openMs)} + ${seconds(s.restoreMs)} + ${seconds(s.buildMs)}; ${seconds(s.reconcileReadMs)} + ${seconds(s.reconcileBuildMs)} + ${seconds(s.reconcileCommitMs)} (${int(s.reads)} read${s.trusted ? '' : '; its stamps not trusted: src/ changed during the run?'})`,
          seconds(r.app.listMs),
          String(r.app.problems),
        ];
      }),
    ),
    '',
    `Memory and disk. Peak RSS is VmHWM of the fresh processes above (median of three): a first start once serving, a restart once serving and once reconciled. The database is its file and its \`-wal\` while the start's connection is open (the \`-shm\` index, 32 KiB or so, left out), and its file once closed (the last connection's checkpoint folds the \`-wal\` in); "files" is the sum of the store's file sizes, and what they take on disk in whole blocks, folders included (\`du\`); the database target is judged on the sum of sizes. Heap is \`heapUsed + arrayBuffers\` after a full GC in the measuring process: with its first start's read and catalog, the catalog only (the read dropped), and a restart's restored catalog (with what \`restore()\` gave, kept until the reconciliation). "contentHtml / article" is what a body costs as HTML once made (estimated from every 20th article, from the database's bytes); the store does not keep it.`,
    '',
    table(
      [
        'articles',
        'files: sizes summed, on disk (du)',
        'database, first start serving: file + -wal',
        'database, restart reconciled: file + -wal',
        'database closed',
        'database / files: serving, closed',
        'peak RSS: first start',
        'peak RSS: restart serving / reconciled',
        'peak RSS: without a database',
        'RSS, catalog only',
        'heap / article: read + catalog',
        'heap / article: catalog only',
        'heap / article: restored',
        'contentHtml / article',
      ],
      results.map((r) => {
        const { firstStarts, restarts, plainStarts } = r.app;
        const n = r.app.articles;
        const open = (starts: StartFigures[]) =>
          `${mib(med(starts, databaseBytes))} (${mib(med(starts, (x) => x.dbBytes))} + ${mib(med(starts, (x) => x.walBytes))})`;
        return [
          int(n),
          `${mib(r.written.bytes)}, ${mib(r.written.diskBytes)}`,
          open(firstStarts),
          open(restarts),
          mib(med([...firstStarts, ...restarts], (x) => x.closedDbBytes)),
          `${ratio(med(firstStarts, databaseBytes) / r.written.bytes)}, ${ratio(med([...firstStarts, ...restarts], (x) => x.closedDbBytes) / r.written.bytes)}`,
          mib(med(firstStarts, (x) => x.peakRssBytes)),
          `${mib(med(restarts, (x) => x.peakRssServingBytes))} / ${mib(med(restarts, (x) => x.peakRssBytes))}`,
          mib(med(plainStarts, (x) => x.peakRssBytes)),
          mib(r.app.rssCatalogBytes),
          kib((r.app.heapWithFilesBytes - r.app.heapBaseBytes) / n),
          kib((r.app.heapCatalogBytes - r.app.heapBaseBytes) / n),
          kib((r.app.heapRestoredBytes - r.app.heapBaseBytes) / n),
          kib(r.app.contentHtmlBytes / n),
        ];
      }),
    ),
    '',
  );

  // Render
  if (rendered) {
    const renderRows: string[][] = [];
    for (const r of results) {
      for (const f of r.app.render) {
        renderRows.push([
          sizeName(r.size),
          f.format,
          ms(f.ours.median),
          ms(f.ours.p90),
          ms(f.firstSight.median),
          ms(f.cachedItems.median),
          ms(f.cachedItems.p90),
          ms(f.representation.median),
          ms(f.feedPackage.median),
          ratio(f.feedPackage.median / f.ours.median),
          kib(f.bytes),
          kib(f.feedBytes),
        ]);
      }
    }
    out.push(
      '## Cold render of one 50-item feed page',
      '',
      `Page 1 of \`/sections/${BUSIEST_SECTION_SLUG}/\` (${last.app.sectionArticles.toLocaleString('en-US')} articles in the largest store). dateline renders a page as UTF-8 bytes, its items from an item cache shared by every feed (\`renderFeedBytes\`, over a fresh \`buildFeedView\` each run). "First render": the item cache emptied before each run, so every item is rendered and encoded; the bodies are made already (the last 512 made stay made, as HTML and UTF-8), as when another page or the article's own page showed them. Its runs are made in ${FIRST_RENDER_ROUNDS} rounds a second apart, the three formats in turn in each, so that a slow spell of the machine slows a few runs of every format rather than all runs of one. "Bodies made too": the made bodies forgotten as well, so each of the 50 bodies is made again from the bytes its database row keeps (read through the database's second connection), parsed and sanitized: an article's very first sight, which the store defers from load to first use (median of ${Math.min(options.renderRuns, 50)}). "Items cached": a render-cache miss whose items another feed (the same scope at twice the limit) rendered already: head, tail and a copy of the item bytes. "SHA-256" is \`createRepresentation\` over those bytes (the ETag digest; no TextEncoder any more), the rest of a cache miss. \`feed\` 6.0.0: \`rss2()/atom1()/json1()\` of a fresh \`Feed\` holding the same 50 items (fixed dates), built outside the timer; median of ${Math.min(options.renderRuns, FEED_PACKAGE_RUNS)}, measured at every size, on that store's page.`,
      '',
      table(
        [
          'store',
          'format',
          'first render median',
          'first render p90',
          'bodies made too, median',
          'items cached median',
          'items cached p90',
          'SHA-256 of the bytes',
          'feed 6.0.0 median',
          'feed / first render',
          'dateline bytes',
          'feed bytes',
        ],
        renderRows,
      ),
      '',
    );
  }

  // Serving
  if (whole) {
    const serveRows: string[][] = [];
    for (const r of served) {
      for (const answer of ['200', '304'] as const) {
        for (const server of ['bare', 'app'] as const) {
          const runs = r.runs[answer][server];
          serveRows.push([
            sizeName(r.size),
            answer,
            server === 'app' ? 'dateline' : 'bare node:http',
            `**${int(rpsOf(r, answer, server))}**`,
            runs.map((x) => int(x.rps)).join(', '),
            ms(median(runs.map((x) => x.p50))),
            ms(median(runs.map((x) => x.p99))),
            cpuText(
              median(runs.map((x) => x.cpuPerRequest)),
              median(runs.map((x) => x.systemPerRequest)),
            ),
            `${Math.round(100 * median(runs.map((x) => x.cpuShare)))} %`,
            int(median(runs.map((x) => x.bytesPerResponse))),
            String(runs.reduce((n, x) => n + x.errors, 0)),
            server === 'app' ? ratio(rpsOf(r, answer, 'app') / rpsOf(r, answer, 'bare')) : '',
            server === 'app' ? pairRatios(r, answer).map(ratio).join(', ') : '',
            server === 'app'
              ? ratio(cpuOfRuns(r, answer, 'app') / cpuOfRuns(r, answer, 'bare'))
              : '',
          ]);
        }
      }
    }
    out.push(
      '## Warm serving of a section feed',
      '',
      `\`GET ${firstServed.path}\` (cached after the first request; no Accept-Encoding, so identity; ${kib(lastServed.bodyBytes)} body in the largest store) with wrk -t1 -c${options.connections} -d${options.duration}s on 127.0.0.1 (${pinningText(cpus().length)}); each repetition runs bare, app, app, bare, and "each run pair" divides each app run by the bare run next to it; 304 rows send \`If-None-Match\` with the ETag. "dateline" is \`npm start\`'s own process (src/node.ts, with its node flags and environment), started afresh on the store once the measuring process is done: a first start (no database: every file read, loaded and written to its database), watching its store, nothing else run in it; "bare node:http" replays the app's recorded answer (status, headers, body) for the same URL; both listen as \`npm start\` does (no host: \`::\`, taking IPv4 too). Server CPU per request is the server process's CPU time over the run (user: JavaScript, GC and Node; sys: the kernel, mostly the loopback TCP send) divided by the requests; "server CPU use" is that CPU time over the run's wall time (100 % = one core busy throughout: the server is the bottleneck; well under it, wrk or the loopback copy is).`,
      '',
      table(
        [
          'store',
          'answer',
          'server',
          'req/s (median)',
          'runs',
          'p50',
          'p99',
          'server CPU / request',
          'server CPU use',
          'bytes / response',
          'errors',
          'app / bare req/s',
          'app / bare, each run pair',
          'app / bare CPU / request',
        ],
        serveRows,
      ),
      '',
      'Unloaded latency (wrk -t1 -c1, one connection, back-to-back requests):',
      '',
      table(
        ['store', 'server', 'req/s', 'p50', 'p99', 'server CPU / request', 'server CPU use'],
        served.flatMap((r) =>
          (['bare', 'app'] as const).map((server) => {
            const run = r.unloaded[server];
            return [
              sizeName(r.size),
              server === 'app' ? 'dateline' : 'bare node:http',
              int(run.rps),
              ms(run.p50),
              ms(run.p99),
              cpuText(run.cpuPerRequest, run.systemPerRequest),
              `${Math.round(100 * run.cpuShare)} %`,
            ];
          }),
        ),
      ),
      '',
    );
    if (lastServed.bySize) {
      out.push(sideBySideSection(firstServed, lastServed, lastServed.bySize, options), '');
    }
  }
  return out.join('\n');
}
