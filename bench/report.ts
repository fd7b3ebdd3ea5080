// Part of `npm run bench` (bench/run.ts): the report it writes to bench/RESULTS.md.
import { cpus, totalmem } from 'node:os';
import type { KeptStore, SideBySide } from './by-size.ts';
import {
  cpuText,
  int,
  kib,
  median,
  met,
  MiB,
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
import { startTotal, type StartFigures } from './start-load.ts';
import { BUSIEST_SECTION_SLUG, DEFAULT_SEED } from './synthetic-store.ts';
import { wrkVersion, type Run } from './wrk.ts';
import type { Written } from './write-store.ts';

export type Server = 'bare' | 'app';
export type Answer = '200' | '304';

export interface SizeResult {
  size: number;
  /** 1-minute load average when this size started and when it ended: other work on the machine. */
  load: [number, number];
  written: Written;
  app: AppReady;
  path: string;
  bodyBytes: number;
  runs: Record<Answer, Record<Server, Run[]>>;
  unloaded: Record<Server, Run>;
  /** The last size only: its server and the first size's, side by side. */
  bySize?: SideBySide | undefined;
  /** The first size only: its store, kept on disk for that comparison. */
  kept?: KeptStore | undefined;
}

/** The median restart from the saved index: restore, readStore, buildCatalog. */
function restartMs(r: SizeResult): number {
  return startTotal(r.app.restart);
}

/** Every start's total (first starts or restarts), lowest to highest. */
function startRange(starts: StartFigures[]): string {
  return starts.map((x) => seconds(startTotal(x))).join(', ');
}

export function report(results: SizeResult[], options: Options, totalMs: number): string {
  const cpu = cpus();
  const first = results[0];
  const last = results[results.length - 1];
  if (!first || !last) return '';
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
    `- Node ${process.version}; wrk ${wrkVersion()}; ${pinningText(cpu.length)}`,
    `- Both servers run with the environment \`npm start\` sets: ${
      Object.entries(START_ENV)
        .map(([name, value]) => `\`${name}=${value}\``)
        .join(', ') || 'none'
    } (glibc's malloc: a freed page buffer is kept for the next one, not handed back and faulted in again)`,
    `- Options: sizes ${options.sizes.map(sizeName).join(', ')}; wrk -t1 -c${options.connections} -d${options.duration}s, ${2 * options.reps} runs per server and answer (${options.reps} × bare, app, app, bare), median reported; cold renders: median of ${options.renderRuns}`,
    `- Store: synthetic, seed 0x${DEFAULT_SEED.toString(16)} (bench/synthetic-store.ts): 8 sections, 5,000 Zipf tags, 1–6 tags an article, 2–6 KB bodies with Arabic, 90 % .txt dispatches, 10 % .md`,
    `- Whole run: ${(totalMs / 1000).toFixed(0)} s. 1-minute load average at the start / end of each size: ${results.map((r) => `${sizeName(r.size)} ${r.load[0].toFixed(2)} / ${r.load[1].toFixed(2)}`).join('; ')} (wrk and the server account for about 2; more means other work shared the cores)`,
    '',
  );

  // Targets
  const targets: string[][] = [];
  for (const r of results) {
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
  for (const format of ['rss', 'atom', 'json'] as const) {
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
  const scale =
    last.size === 100_000 ? '' : ` (target is for 100k; largest run: ${sizeName(last.size)})`;
  targets.push(
    [
      `${sizeName(last.size)} store loaded and indexed, first start (no saved index): readStore + buildCatalog${scale}`,
      `${seconds(startTotal(last.app.firstStart))} (median of ${last.app.firstStarts.length} fresh processes: ${startRange(last.app.firstStarts)}; the measuring process's own: ${seconds(last.app.readMs + last.app.indexMs)})`,
      '≤ 5 s',
      met(startTotal(last.app.firstStart) <= 5000),
    ],
    [
      `${sizeName(last.size)} store loaded and indexed, restart from the saved index: restore + readStore + buildCatalog${scale}`,
      `${seconds(restartMs(last))} (median of ${last.app.restarts.length} fresh processes: ${startRange(last.app.restarts)}; ${int(last.app.restart.reads)} files read)`,
      '≤ 5 s',
      met(restartMs(last) <= 5000),
    ],
    [
      `${sizeName(last.size)} store: peak RSS of the server process once loaded (VmHWM)${scale}`,
      mib(last.app.peakRssBytes),
      '< 1 GiB',
      met(last.app.peakRssBytes < 1024 * MiB),
    ],
  );
  targets.push(...latencyTargets(first, last, options.connections));
  out.push('## Targets', '', table(['what', 'measured', 'target', 'met?'], targets), '');

  // Load
  out.push(
    '## Loading and indexing the store',
    '',
    `Each size is generated and written to a temporary folder by the parent, which then waits until every file is over 2 s old (younger files are never trusted by their stamp). A fresh server process loads it as \`npm start\` does: \`readStore\` reads the files in batches into one reused 8 MiB buffer and loads each batch, and past the first 1,000 files shares them out with helper threads (\`LOAD_THREADS\`: ${results[0]?.app.loadThreads ?? 0} here; page cache warm: the files were just written), then \`buildCatalog\` indexes the articles (the columns \`readStore\` and \`buildCatalog\`, in that measuring process). Three more fresh processes then make a first start each, in turn, the same way (\`bench/start-load.ts\`: the median is shown, and every total; the target is judged on the median, as one start on this machine may fall in a slow spell). It saves the index (\`.dateline-index.jsonl\`), and three more fresh processes restart from it in turn: restore, an lstat of every file, and the catalog (the median is shown, and every total). Memory is \`heapUsed + arrayBuffers\` after a full GC; "catalog only" is after dropping the read (the store keeps no file's bytes: a body is read again from its file when first needed). "contentHtml / article" is what a body costs as HTML once made (estimated from every 20th article); the store does not keep it. \`listStore\` is one pass of the fingerprint \`watchStore\` polls (while every folder is watched, every 10 s or 50 times the duration of the last pass, whichever is longer).`,
    '',
    table(
      [
        'articles',
        'files on disk',
        'generate',
        'write',
        'readStore (read + load)',
        'buildCatalog',
        'first start: readStore + buildCatalog, fresh processes',
        'per article',
        'saved index: write, size',
        'restart: restore, readStore, buildCatalog',
        'restart peak RSS',
        'listStore',
        'peak RSS',
        'RSS, catalog only',
        'heap / article, read + catalog',
        'heap / article, catalog only',
        'contentHtml / article',
        'problems',
      ],
      results.map((r) => [
        int(r.app.articles),
        mib(r.written.bytes),
        seconds(r.written.generateMs),
        seconds(r.written.writeMs),
        seconds(r.app.readMs),
        seconds(r.app.indexMs),
        `${seconds(startTotal(r.app.firstStart))} (all: ${startRange(r.app.firstStarts)})`,
        `${(((r.app.readMs + r.app.indexMs) * 1000) / r.app.articles).toFixed(0)} µs`,
        `${seconds(r.app.saveMs)}, ${mib(r.app.indexFileBytes)}`,
        `${seconds(r.app.restart.restoreMs)} + ${seconds(r.app.restart.readMs)} + ${seconds(r.app.restart.indexMs)} = ${seconds(restartMs(r))} (all: ${startRange(r.app.restarts)})`,
        mib(r.app.restart.peakRssBytes),
        seconds(r.app.listMs),
        mib(r.app.peakRssBytes),
        mib(r.app.rssCatalogBytes),
        kib((r.app.heapWithFilesBytes - r.app.heapBaseBytes) / r.app.articles),
        kib((r.app.heapCatalogBytes - r.app.heapBaseBytes) / r.app.articles),
        kib(r.app.contentHtmlBytes / r.app.articles),
        String(r.app.problems),
      ]),
    ),
    '',
  );

  // Render
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
    `Page 1 of \`/sections/${BUSIEST_SECTION_SLUG}/\` (${last.app.sectionArticles.toLocaleString('en-US')} articles in the largest store). dateline renders a page as UTF-8 bytes, its items from an item cache shared by every feed (\`renderFeedBytes\`, over a fresh \`buildFeedView\` each run). "First render": the item cache emptied before each run, so every item is rendered and encoded; the bodies are made already (the last 512 made stay made, as HTML and UTF-8), as when another page or the article's own page showed them. Its runs are made in ${FIRST_RENDER_ROUNDS} rounds a second apart, the three formats in turn in each, so that a slow spell of the machine slows a few runs of every format rather than all runs of one. "Bodies made too": the made bodies forgotten as well, so each of the 50 bodies is read again from its file, parsed and sanitized: an article's very first sight, which the store defers from load to first use (median of ${Math.min(options.renderRuns, 50)}). "Items cached": a render-cache miss whose items another feed (the same scope at twice the limit) rendered already: head, tail and a copy of the item bytes. "SHA-256" is \`createRepresentation\` over those bytes (the ETag digest; no TextEncoder any more), the rest of a cache miss. \`feed\` 6.0.0: \`rss2()/atom1()/json1()\` of a fresh \`Feed\` holding the same 50 items (fixed dates), built outside the timer; median of ${Math.min(options.renderRuns, FEED_PACKAGE_RUNS)}, measured at every size, on that store's page.`,
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

  // Serving
  const serveRows: string[][] = [];
  for (const r of results) {
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
          server === 'app' ? ratio(cpuOfRuns(r, answer, 'app') / cpuOfRuns(r, answer, 'bare')) : '',
        ]);
      }
    }
  }
  out.push(
    '## Warm serving of a section feed',
    '',
    `\`GET ${first.path}\` (cached after the first request; no Accept-Encoding, so identity; ${kib(last.bodyBytes)} body in the largest store) with wrk -t1 -c${options.connections} -d${options.duration}s on 127.0.0.1 (${pinningText(cpus().length)}); each repetition runs bare, app, app, bare, and "each run pair" divides each app run by the bare run next to it; 304 rows send \`If-None-Match\` with the ETag. "dateline" is \`npm start\`'s own process (src/node.ts, with its node flags and environment), started afresh on the store once the measuring process is done: a first start (its helper thread included), watching its store, nothing else run in it; "bare node:http" replays the app's recorded answer (status, headers, body) for the same URL; both listen as \`npm start\` does (no host: \`::\`, taking IPv4 too). Server CPU per request is the server process's CPU time over the run (user: JavaScript, GC and Node; sys: the kernel, mostly the loopback TCP send) divided by the requests; "server CPU use" is that CPU time over the run's wall time (100 % = one core busy throughout: the server is the bottleneck; well under it, wrk or the loopback copy is).`,
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
      results.flatMap((r) =>
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
  if (last.bySize) out.push(sideBySideSection(first, last, last.bySize, options), '');
  return out.join('\n');
}
