// `npm run export -- <dir>`: every feed page, HTML page and the OPML as files for a static
// host or CDN, byte for byte what the server answers, plus a `_headers` file (the format
// of Cloudflare Pages and Netlify) with each file's content type and cache headers.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseConfig } from '../src/config.ts';
import { createApp } from '../src/http/app.ts';
import { servedPaths } from '../src/http/site-map.ts';
import { formatProblem } from '../src/content/article.ts';
import { buildCatalog } from '../src/store/catalog.ts';
import { publishedAt } from '../src/store/published-view.ts';
import { readStoreFiles } from '../src/adapters/node/read-store.ts';
import { fixedStore } from '../src/store/store.ts';

const target = process.argv[2];
if (!target) {
  console.error('usage: npm run export -- <dir>');
  process.exit(2);
}
const config = parseConfig(process.env);
const dir = process.env.CONTENT_DIR ?? './content';
// An export is of the store as published now: embargoed articles come with a later export.
const now = Date.now();
const catalog = buildCatalog(await readStoreFiles(dir), { ...config, clock: () => now });
for (const problem of catalog.problems) console.error(formatProblem(problem, dir));
// Identity bodies: static hosts compress themselves.
const app = createApp({ store: fixedStore(catalog), config, clock: () => now, encoders: {} });

const HEADERS = [
  'Content-Type',
  'Cache-Control',
  'X-Content-Type-Options',
  'Access-Control-Allow-Origin',
  'Content-Security-Policy',
  'Referrer-Policy',
  'Link',
];
const paths = servedPaths(publishedAt(catalog, now), config.pageBytes);
const rules: string[] = [];
const progress = process.stderr.isTTY && !process.env.CI;
for (const [i, path] of paths.entries()) {
  const response = await app.request(path);
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  writeOut(fileFor(path), new Uint8Array(await response.arrayBuffer()));
  rules.push(
    path,
    ...HEADERS.filter((h) => response.headers.has(h)).map(
      (h) => `  ${h}: ${response.headers.get(h)}`,
    ),
  );
  if (progress) drawProgress(i + 1, paths.length);
}
writeOut('_headers', new TextEncoder().encode(rules.join('\n') + '\n'));
if (progress) process.stderr.write('\n');
console.log(`export: ${paths.length} files and _headers in ${target}`);

/** `/` -> index.html, `/sections/x/` -> sections/x/index.html, `/articles/a` -> articles/a.html. */
function fileFor(path: string): string {
  const decoded = decodeURIComponent(path.split('?')[0] ?? '');
  if (decoded.endsWith('/')) return `${decoded.slice(1)}index.html`;
  return decoded.startsWith('/articles/') ? `${decoded.slice(1)}.html` : decoded.slice(1);
}

function writeOut(relative: string, bytes: Uint8Array): void {
  const file = join(target!, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
}

function drawProgress(done: number, total: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(
    `\rexport [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}`,
  );
}
