import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.ts';
import { INCIDENTS } from '../../src/demo/catalog.ts';
import { parseSimulatorFlags, SIMULATOR_FLAG_OPTIONS, simulatorFlagsHelp } from '../../src/demo/flags.ts';

describe('parseSimulatorFlags', () => {
  it('maps the CLI flags onto simulator options and ignores the others', () => {
    expect(
      parseSimulatorFlags([
        'all',
        '--demo',
        '--rate',
        '50',
        '--incident=wechatpay-slow',
        '--seed',
        '7',
        '--mix',
        'alipay=3,card=1',
        '--backfill',
        '120',
        '--cluster',
        'c1',
      ]),
    ).toEqual({
      rate: 50,
      incident: 'wechatpay-slow',
      seed: 7,
      channelMix: { alipay: 3, wechatpay: 0, card: 1 },
      backfillMs: 120_000,
    });
  });

  it('returns nothing when no simulator flag is given', () => {
    expect(parseSimulatorFlags(['all', '--demo'])).toEqual({});
  });

  it.each([
    [['--rate', 'fast'], /--rate/],
    [['--rate', '0'], /--rate/],
    [['--rate'], /--rate/],
    [['--seed', '1.5'], /--seed/],
    [['--incident', 'meteor'], /unknown --incident 'meteor'; one of: wechatpay-slow, risk-down/],
    [['--mix', 'paypal=1'], /unknown channel 'paypal'/],
    [['--mix', 'alipay=0'], /positive weight/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseSimulatorFlags(argv)).toThrow(ConfigError);
    expect(() => parseSimulatorFlags(argv)).toThrow(message);
  });
});

describe('simulatorFlagsHelp', () => {
  it('names every flag the CLI reads, and every incident', () => {
    const help = simulatorFlagsHelp();
    for (const flag of Object.keys(SIMULATOR_FLAG_OPTIONS)) expect(help).toContain(`--${flag} `);
    for (const incident of Object.keys(INCIDENTS)) expect(help).toContain(incident);
  });
});
