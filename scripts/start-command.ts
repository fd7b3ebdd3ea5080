// package.json's start script, taken apart for the tests, the soak run and the benchmark,
// which start the Node server as `npm start` does: with the same environment and arguments.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface StartCommand {
  /** The script's `NAME=value` prefixes, set for the server process only. */
  env: Record<string, string>;
  /** What follows `node`: its options and the entry file. */
  args: string[];
  /** Its options for V8 and Node, without the entry and the `--import` of the TypeScript loader. */
  flags: string[];
}

const ROOT = new URL('..', import.meta.url).pathname;

/** `npm start` as a command to spawn with `process.execPath`. */
export function startCommand(): StartCommand {
  const { scripts } = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
    scripts: { start: string };
  };
  const words = scripts.start.trim().split(/\s+/);
  const env: Record<string, string> = {};
  for (let word = words[0]; word && /^[A-Za-z_]\w*=/.test(word); word = words[0]) {
    words.shift();
    const at = word.indexOf('=');
    env[word.slice(0, at)] = word.slice(at + 1);
  }
  // Not the tsx CLI: it relays a SIGTERM to its child and SIGKILLs it unless the child says it
  // got the signal within 30 ms, which a busy server does not (the shutdown test, under load).
  if (words[0] !== 'node') throw new Error(`npm start must run node itself, not ${words[0]}`);
  const args = words.slice(1);
  const flags = args
    .slice(0, -1)
    .filter((word, i, all) => word !== '--import' && all[i - 1] !== '--import');
  return { env, args, flags };
}

/** A server started as `npm start` starts it, and what it has printed so far. */
export interface StartedServer {
  child: ChildProcess;
  /** Resolves once the server says it is serving; rejects if it exits first. */
  ready: Promise<void>;
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

/**
 * Spawns the Node server as `npm start` runs it, with `env` over npm start's environment:
 * node itself, so that the child's pid is the server's own (for its RSS and CPU time).
 * `stderrLimit` keeps only the last so many characters of what it prints to stderr (a long run).
 */
export function spawnServer(env: Record<string, string>, stderrLimit = Infinity): StartedServer {
  const start = startCommand();
  const child = spawn(process.execPath, start.args, {
    cwd: ROOT,
    env: { ...process.env, ...start.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr = (stderr + chunk).slice(-stderrLimit)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', () => stdout.includes('dateline: listening on') && resolve());
    child.on('exit', () => reject(new Error(`the server exited before serving: ${stderr}`)));
  });
  ready.catch(() => {}); // a caller that never awaits it is not an unhandled rejection
  return { child, ready, exited, stdout: () => stdout, stderr: () => stderr };
}
