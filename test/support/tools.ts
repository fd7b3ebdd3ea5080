// The Debian programs some suites use as independent references and real clients. Where one
// is missing, the tests that need it are skipped (and named at the end of the run by
// test/support/tools-global.ts), so `npm test` passes on a machine without them; under
// CI=true the run fails instead, before any test starts.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, inject, type TestContext } from 'vitest';

/** Debian's own python3: the `python3` first on PATH may be another without its packages. */
export const DEBIAN_PYTHON = '/usr/bin/python3';

/** The command that installs every tool below (the same apt-get line `.ci/run` uses). */
export const SETUP_COMMAND = 'npm run setup:tools';

interface Tool {
  /** The Debian package that brings it. */
  package: string;
  present: () => boolean;
}

function onPath(command: string): boolean {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  return dirs.some((dir) => existsSync(join(dir, command)));
}

function pythonImports(module: string): boolean {
  if (!existsSync(DEBIAN_PYTHON)) return false;
  return spawnSync(DEBIAN_PYTHON, ['-I', '-c', `import ${module}`]).status === 0;
}

export const TOOLS = {
  feedparser: { package: 'python3-feedparser', present: () => pythonImports('feedparser') },
  'python3-zoneinfo': { package: 'python3', present: () => pythonImports('zoneinfo') },
  xmllint: { package: 'libxml2-utils', present: () => onPath('xmllint') },
  trang: { package: 'trang', present: () => onPath('trang') },
  // jing is a Java program: its launcher is useless without a JRE.
  jing: { package: 'jing default-jre-headless', present: () => onPath('jing') && onPath('java') },
  zdump: {
    package: 'libc-bin tzdata',
    present: () => existsSync('/usr/bin/zdump') && existsSync('/usr/share/zoneinfo/Asia/Jerusalem'),
  },
  newsboat: { package: 'newsboat', present: () => onPath('newsboat') },
  chromium: { package: 'chromium', present: () => existsSync('/usr/bin/chromium') },
} satisfies Record<string, Tool>;

export type ToolName = keyof typeof TOOLS;

const known = new Map<ToolName, boolean>();

/** True when `tool` is installed (asked once per test file). */
export function hasTool(tool: ToolName): boolean {
  let present = known.get(tool);
  if (present === undefined) {
    present = TOOLS[tool].present();
    known.set(tool, present);
  }
  return present;
}

/** The tools of `tools` that are not installed. */
export function missingTools(tools: readonly ToolName[]): ToolName[] {
  return tools.filter((tool) => !hasTool(tool));
}

/** Notes a skip for the end-of-run summary: one JSON line per skipped suite or test. */
function record(where: string, tools: ToolName[]): void {
  const log = inject('toolSkipLog');
  if (log) appendFileSync(log, JSON.stringify({ where, tools }) + '\n');
}

/**
 * For `describe.skipIf(lacks([...], import.meta.url))` around the suites of a file whose setup
 * (a server, a browser) needs the tools: true, and noted, when any is missing.
 */
export function lacks(tools: readonly ToolName[], testFile: string): boolean {
  const missing = missingTools(tools);
  if (missing.length > 0) record(relative(process.cwd(), fileURLToPath(testFile)), missing);
  return missing.length > 0;
}

let current: TestContext | undefined;

/** Registered by vitest's setupFiles, so that needTool knows which test is running. */
export function trackCurrentTest(): void {
  beforeEach((context) => {
    current = context;
  });
  afterEach(() => {
    current = undefined;
  });
}

/**
 * Called by a helper before it runs a tool: skips the running test, noted, when the tool is
 * missing. Outside a test (in a beforeAll) there is nothing to skip, so it throws.
 */
export function needTool(tool: ToolName): void {
  if (hasTool(tool)) return;
  const message = `needs ${tool} (Debian package ${TOOLS[tool].package}): ${SETUP_COMMAND}`;
  if (!current) throw new Error(message);
  const task = current.task;
  record(`${task.file.name} > ${task.name}`, [tool]);
  current.skip(message);
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** A file the test workers append their skips to; '' when not collecting. */
    toolSkipLog: string;
  }
}
