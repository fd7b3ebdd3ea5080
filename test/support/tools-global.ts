// vitest globalSetup: before the run, fails it under CI=true when a Debian tool is missing
// (nothing may be skipped where it counts); after the run, names every suite and test that
// was skipped for want of one, and the command that installs them all.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { missingTools, SETUP_COMMAND, TOOLS, type ToolName } from './tools.ts';

export default function setup(project: TestProject): () => void {
  const missing = missingTools(Object.keys(TOOLS) as ToolName[]);
  if (missing.length > 0 && process.env.CI === 'true') {
    const names = missing.map((tool) => `${tool} (${TOOLS[tool].package})`).join(', ');
    throw new Error(`CI=true and these test tools are missing: ${names}. Run ${SETUP_COMMAND}.`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'dateline-skips-'));
  const log = join(dir, 'skips.jsonl');
  project.provide('toolSkipLog', log);
  return function reportSkips() {
    let lines: string[] = [];
    try {
      lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    } catch {
      // no test was skipped: the file was never written
    }
    rmSync(dir, { recursive: true, force: true });
    if (lines.length === 0) return;
    const skipped = new Map<string, Set<string>>();
    for (const line of lines) {
      const { where, tools } = JSON.parse(line) as { where: string; tools: string[] };
      skipped.set(where, new Set([...(skipped.get(where) ?? []), ...tools]));
    }
    const rows = [...skipped].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    console.log(
      `\nSkipped for want of Debian tools (${rows.length}); install them with \`${SETUP_COMMAND}\`:`,
    );
    for (const [where, tools] of rows) console.log(`  ${where}: needs ${[...tools].join(', ')}`);
  };
}
