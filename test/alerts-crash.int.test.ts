import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, type ReceivedRequest, startReceiver } from '../server/test/alerts/receiver.ts';

// paylens is SIGKILLed at each point of the alert write protocol (after the state is written,
// after the outbox is written, in the middle of a delivery); another process then evaluates and
// delivers from the same data directory. The notification is accepted exactly once; a repeat is
// only ever the same webhook-id again.

const CHILD = fileURLToPath(new URL('./alerts-crash-child.ts', import.meta.url));
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

let receiver: Awaited<ReturnType<typeof startReceiver>>;
const dirs: string[] = [];
let onRequest: (request: ReceivedRequest) => void = () => {};

beforeAll(async () => {
  receiver = await startReceiver((req, res) => {
    onRequest({ ...req, status: 200 });
    return ok(res);
  });
});
afterAll(async () => {
  await receiver?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function run(
  dataDir: string,
  mode: string,
): { child: ChildProcess; line: Promise<string>; exited: Promise<unknown> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, dataDir, mode, String(NOW), receiver.base],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const line = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    void exited.then((code) =>
      reject(new Error(`child exited (${String(code)}) without a line:\n${stderr}`)),
    );
  });
  // Callers killing the child on purpose never read its line.
  line.catch(() => {});
  return { child, line, exited };
}

async function killedAt(dataDir: string, phase: string): Promise<void> {
  const { child, line, exited } = run(dataDir, `evaluate-until:${phase}`);
  expect(await line).toBe(`CHECKPOINT ${phase}`);
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

async function deliver(
  dataDir: string,
): Promise<{ notifications: number; recovered: number; pending: number }> {
  const { line, exited } = run(dataDir, 'deliver');
  const text = await line;
  await exited;
  expect(text.startsWith('DONE ')).toBe(true);
  return JSON.parse(text.slice(5));
}

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paylens-alerts-crash-'));
  dirs.push(dir);
  return dir;
}

describe('a SIGKILL between evaluation and delivery', () => {
  for (const phase of ['state-written', 'outbox-written']) {
    it(`after "${phase}": the next process sends the notification once`, async () => {
      const dir = freshDir();
      const before = receiver.received.length;
      await killedAt(dir, phase);
      expect(receiver.received.length).toBe(before);

      const first = await deliver(dir);
      expect(first).toMatchObject({ recovered: 1, notifications: 0, pending: 0 });
      const sent = receiver.received.slice(before);
      expect(sent).toHaveLength(1);
      expect(JSON.parse(sent[0]!.body)).toMatchObject({
        type: 'alert.firing',
        data: { value: 3019, rule: { name: 'paypal p99' } },
      });

      // Yet another restart: the alert is still firing, nothing is owed, nothing is sent.
      const second = await deliver(dir);
      expect(second).toMatchObject({ recovered: 0, notifications: 0, pending: 0 });
      expect(receiver.received.length).toBe(before + 1);
    }, 120_000);
  }

  it('in the middle of a delivery: the retry carries the same webhook-id', async () => {
    const dir = freshDir();
    await killedAt(dir, 'outbox-written');
    const before = receiver.received.length;
    const { child, exited } = run(dir, 'deliver');
    // Killed as soon as the request arrives, before paylens can record the answer.
    const arrived = new Promise<ReceivedRequest>((resolve) => {
      onRequest = (request) => {
        onRequest = () => {};
        child.kill('SIGKILL');
        resolve(request);
      };
    });
    const interrupted = await arrived;
    expect(await exited).toBe('SIGKILL');
    expect(await deliver(dir)).toMatchObject({ recovered: 0, pending: 0 });
    const sent = receiver.received.slice(before);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.headers['webhook-id']).toBe(interrupted.headers['webhook-id']);
    expect(sent[1]!.body).toBe(interrupted.body);
    expect(await deliver(dir)).toMatchObject({ pending: 0 });
    expect(receiver.received.length).toBe(before + 2);
  }, 120_000);
});
