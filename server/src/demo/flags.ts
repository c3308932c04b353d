import { parseArgs } from 'node:util';
import { ConfigError } from '../config.ts';
import { CHANNELS, type Channel, DEFAULT_CHANNEL_MIX, INCIDENTS, isIncident } from './catalog.ts';
import type { SimulatorOptions } from './simulator.ts';

export type SimulatorFlags = Pick<
  SimulatorOptions,
  'rate' | 'incident' | 'seed' | 'channelMix' | 'backfillMs'
>;

/**
 * The flags as `node:util` parseArgs options: spread them into the CLI's own parseArgs so that
 * `paylens --demo --rate 50` does not read `50` as a positional (the mode).
 */
export const SIMULATOR_FLAG_OPTIONS = {
  rate: { type: 'string' },
  incident: { type: 'string' },
  seed: { type: 'string' },
  mix: { type: 'string' },
  backfill: { type: 'string' },
} as const;

/** The flags as `--help` lists them: one line each, then the incidents by name. */
export function simulatorFlagsHelp(): string {
  const defaultMix = CHANNELS.map((c) => `${c}=${Math.round(DEFAULT_CHANNEL_MIX[c] * 100)}`).join(',');
  const incidents = Object.entries(INCIDENTS).map(([name, what]) => `    ${name.padEnd(16)} ${what}`);
  return [
    'demo flags (with --demo):',
    '  --rate N         payments started per second (default 20, at most 5000)',
    `  --mix SPEC       channel weights (default ${defaultMix})`,
    '  --seed N         same seed, same payments (default 42)',
    '  --backfill S     seconds of history generated at start (default 60, at most 3600)',
    '  --incident NAME  simulate an incident:',
    ...incidents,
  ].join('\n');
}

/**
 * The simulator's command-line flags: --rate N (payments/s), --incident NAME, --seed N,
 * --mix alipay=45,wechatpay=35,card=20, --backfill SECONDS. Other arguments are ignored.
 */
export function parseSimulatorFlags(argv: readonly string[]): SimulatorFlags {
  const { values } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    options: SIMULATOR_FLAG_OPTIONS,
  });
  const flags: SimulatorFlags = {};
  if (values.rate !== undefined) flags.rate = number('--rate', values.rate, (n) => n > 0 && n <= 5_000);
  if (values.seed !== undefined) flags.seed = number('--seed', values.seed, Number.isSafeInteger);
  if (values.backfill !== undefined)
    flags.backfillMs = number('--backfill', values.backfill, (n) => n >= 0 && n <= 3_600) * 1_000;
  if (values.incident !== undefined) {
    const name = String(values.incident);
    if (!isIncident(name)) {
      throw new ConfigError(`unknown --incident '${name}'; one of: ${Object.keys(INCIDENTS).join(', ')}`);
    }
    flags.incident = name;
  }
  if (values.mix !== undefined) flags.channelMix = parseMix(String(values.mix));
  return flags;
}

function number(flag: string, value: string | boolean, valid: (n: number) => boolean): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n) || !valid(n)) throw new ConfigError(`invalid ${flag} value '${String(value)}'`);
  return n;
}

function parseMix(text: string): Partial<Record<Channel, number>> {
  const mix: Partial<Record<Channel, number>> = Object.fromEntries(CHANNELS.map((c) => [c, 0]));
  for (const part of text.split(',')) {
    const [name = '', weight = ''] = part.split('=');
    if (!(CHANNELS as readonly string[]).includes(name.trim())) {
      throw new ConfigError(`--mix: unknown channel '${name}'; channels are ${CHANNELS.join(', ')}`);
    }
    mix[name.trim() as Channel] = number('--mix', weight, (n) => n >= 0);
  }
  if (!Object.values(mix).some((w) => (w ?? 0) > 0)) throw new ConfigError('--mix needs a positive weight');
  return mix;
}
