// Runs an external program without blocking the event loop: a client started by a test
// talks to a server in the same process, which must keep answering (execFileSync would
// freeze it and the client would time out).
import { spawn } from 'node:child_process';

export interface RunResult {
  /** Exit code, or null when killed by a signal (timeout included). */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface RunOptions {
  input?: string;
  /** Milliseconds before the process is killed with SIGKILL. */
  timeout: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export function run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeout);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
    child.stdin.on('error', () => {}); // a program that exits without reading its input
    child.stdin.end(options.input ?? '');
  });
}

/** Like run, but throws with the program's output unless it exits 0 within the timeout. */
export async function runOk(
  command: string,
  args: string[],
  options: RunOptions,
): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const why = result.timedOut ? `timed out after ${options.timeout} ms` : `exited ${result.code}`;
    throw new Error(`${command} ${args.join(' ')} ${why}\n${result.stderr}${result.stdout}`);
  }
  return result;
}

/** The environment without proxy settings: the clients under test must reach loopback directly. */
export function envWithoutProxies(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/_proxy$/i.test(name)));
}
