import { describe, expect, it } from 'vitest';
import { logFormat } from '../../src/log/log-format.ts';

describe('logFormat', () => {
  it('is pretty on a terminal and JSON elsewhere when not set', () => {
    expect(logFormat(undefined, true)).toBe('pretty');
    expect(logFormat(undefined, false)).toBe('json');
  });

  it('follows PAYLENS_LOG_FORMAT either way', () => {
    expect(logFormat('json', true)).toBe('json');
    expect(logFormat('pretty', false)).toBe('pretty');
  });
});
