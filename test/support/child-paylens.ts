import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../server/src/cli.ts', import.meta.url));

export interface ChildPaylens {
  process: ChildProcess;
  otlpUrl: string;
  apiUrl?: string;
  /** Resolves with the exit code or signal once the process has ended. */
  exited: Promise<number | string>;
}

/** Starts the real CLI as a child process and resolves once its listeners are up (read from its log). */
export function startChildPaylens(mode: string, env: Record<string, string>): Promise<ChildPaylens> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, mode], {
    // Info level always: readiness is read from the 'listening' lines of the log.
    env: { ...process.env, ...env, PAYLENS_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
      let entry: { msg?: string; url?: string };
      try {
        entry = JSON.parse(line) as { msg?: string; url?: string };
      } catch {
        return;
      }
      if (entry.msg === 'OTLP/HTTP receiver listening') urls.otlp = entry.url;
      if (entry.msg === 'API and web app listening') urls.api = entry.url;
      const ready = mode === 'collector' ? urls.otlp : mode === 'server' ? urls.api : urls.otlp && urls.api;
      if (ready) resolve({ process: child, otlpUrl: urls.otlp ?? '', apiUrl: urls.api, exited });
    });
    void exited.then((code) => reject(new Error(`paylens exited (${code}) before it was ready:\n${stderr}`)));
  });
}
