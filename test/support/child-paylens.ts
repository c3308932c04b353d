import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI_PATH = 'server/src/cli.ts';

/** One line of the child's JSON log. */
export interface ChildLogEntry {
  level: number;
  msg?: string;
  url?: string;
  [field: string]: unknown;
}

export interface ChildPaylens {
  process: ChildProcess;
  otlpUrl: string;
  apiUrl?: string;
  /** Resolves with the exit code or signal once the process has ended. */
  exited: Promise<number | string>;
  /** Signals paylens itself (through npm's process group when started by `npm start`). */
  kill(signal: NodeJS.Signals): void;
}

export interface ChildOptions {
  /** Arguments after the mode, e.g. `['--demo']`. */
  args?: readonly string[];
  /** Runs `npm start` (mode `all`) as a user types it, instead of the CLI directly. */
  npmStart?: boolean;
  /** Called with every JSON log line, from the first one on. */
  onEntry?: (entry: ChildLogEntry) => void;
  /** Another checkout of paylens to run (an earlier build, for benches); this one by default. */
  root?: string;
}

/** Starts the real CLI as a child process and resolves once its listeners are up (read from its log). */
export function startChildPaylens(
  mode: string,
  env: Record<string, string>,
  options: ChildOptions = {},
): Promise<ChildPaylens> {
  const args = options.args ?? [];
  const root = options.root ?? ROOT;
  const [command, argv] = options.npmStart
    ? ['npm', ['start', '--silent', ...(args.length > 0 ? ['--', ...args] : [])]]
    : [process.execPath, ['--import', 'tsx', join(root, CLI_PATH), mode, ...args]];
  const child = spawn(command, argv, {
    cwd: root,
    // Info level and JSON always: readiness is read from the 'listening' lines of the log.
    env: { ...process.env, ...env, PAYLENS_LOG_LEVEL: 'info', PAYLENS_LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // npm and its shell sit between the test and paylens: a group of their own can be signalled whole.
    detached: options.npmStart === true,
  });
  const kill = (signal: NodeJS.Signals) => {
    if (options.npmStart && child.pid !== undefined) process.kill(-child.pid, signal);
    else child.kill(signal);
  };
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const urls: { otlp?: string; api?: string } = {};
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      let entry: ChildLogEntry;
      try {
        entry = JSON.parse(line) as ChildLogEntry;
      } catch {
        return;
      }
      options.onEntry?.(entry);
      if (entry.msg === 'OTLP/HTTP receiver listening') urls.otlp = entry.url;
      if (entry.msg === 'API and web app listening') urls.api = entry.url;
      const ready = mode === 'collector' ? urls.otlp : mode === 'server' ? urls.api : urls.otlp && urls.api;
      if (ready) resolve({ process: child, otlpUrl: urls.otlp ?? '', apiUrl: urls.api, exited, kill });
    });
    void exited.then((code) => reject(new Error(`paylens exited (${code}) before it was ready:\n${stderr}`)));
  });
}
