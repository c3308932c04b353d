import { describe, expect, it } from 'vitest';
import { assignServiceColors, hashString, SERVICE_PALETTE } from '../src/waterfall/serviceColors.ts';

describe('assignServiceColors', () => {
  it('gives distinct palette colours to up to palette-size services', () => {
    const services = Array.from({ length: SERVICE_PALETTE.length }, (_, i) => `svc-${i}`);
    const colors = assignServiceColors(services);
    expect(new Set(colors.values()).size).toBe(SERVICE_PALETTE.length);
    for (const color of colors.values()) expect(SERVICE_PALETTE).toContain(color);
  });

  it('does not depend on the order services are seen in', () => {
    const a = assignServiceColors(['order-svc', 'risk-svc', 'payment-svc']);
    const b = assignServiceColors(['payment-svc', 'order-svc', 'risk-svc', 'order-svc']);
    expect([...b.entries()].sort()).toEqual([...a.entries()].sort());
  });

  it('keeps a lone service on its hashed slot', () => {
    const slot = hashString('checkout-svc') % SERVICE_PALETTE.length;
    expect(assignServiceColors(['checkout-svc']).get('checkout-svc')).toBe(SERVICE_PALETTE[slot]);
  });

  it('falls back to hashed hues beyond the palette', () => {
    const services = Array.from(
      { length: SERVICE_PALETTE.length + 2 },
      (_, i) => `s${String(i).padStart(2, '0')}`,
    );
    const colors = assignServiceColors(services);
    expect(colors.get('s12')).toMatch(/^hsl\(\d+ 55% 45%\)$/);
    expect(colors.size).toBe(services.length);
  });
});

describe('hashString', () => {
  it('is FNV-1a', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
  });
});
