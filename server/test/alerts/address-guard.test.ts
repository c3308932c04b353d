import { describe, expect, it } from 'vitest';
import {
  type AddressPolicy,
  DEFAULT_ADDRESS_POLICY,
  refusedAddressReason,
  refusedHostReason,
} from '../../src/alerts/address-guard.ts';

const strict = DEFAULT_ADDRESS_POLICY;

describe('refusedAddressReason', () => {
  it('refuses link-local and metadata addresses, in every spelling', () => {
    for (const address of [
      '169.254.169.254',
      '169.254.0.1',
      '169.254.255.255',
      '100.100.100.200',
      'fe80::1',
      'febf:ffff::1',
      'fd00:ec2::254',
      '::ffff:169.254.169.254',
      '[fe80::abcd]',
    ]) {
      expect(refusedAddressReason(address, strict), address).toMatch(/link-local or cloud metadata/);
    }
  });

  it('lets loopback, private and public addresses through', () => {
    for (const address of [
      '127.0.0.1',
      '::1',
      '10.0.0.5',
      '192.168.1.1',
      '169.253.255.255',
      '169.255.0.0',
      '100.100.100.201',
      'fec0::1',
      'fd00:ec2::253',
      '93.184.216.34',
    ]) {
      expect(refusedAddressReason(address, strict), address).toBeUndefined();
    }
  });

  it('lets refused addresses through when configured to', () => {
    expect(refusedAddressReason('169.254.169.254', { allowPrivate: true, allow: [] })).toBeUndefined();
    const allowList: AddressPolicy = { allowPrivate: false, allow: ['169.254.10.0/24', 'fe80::7'] };
    expect(refusedAddressReason('169.254.10.9', allowList)).toBeUndefined();
    expect(refusedAddressReason('fe80::7', allowList)).toBeUndefined();
    expect(refusedAddressReason('169.254.11.9', allowList)).toMatch(/refused|link-local/);
  });
});

describe('refusedHostReason', () => {
  it('refuses metadata host names and literal addresses', () => {
    expect(refusedHostReason('metadata.google.internal', strict)).toBe(
      'metadata.google.internal is a cloud metadata host',
    );
    expect(refusedHostReason('METADATA.google.internal.', strict)).toBe(
      'metadata.google.internal is a cloud metadata host',
    );
    expect(refusedHostReason('169.254.169.254', strict)).toBe(
      '169.254.169.254 is a link-local or cloud metadata address',
    );
    expect(refusedHostReason('[fd00:ec2::254]', strict)).toBe(
      'fd00:ec2::254 is a link-local or cloud metadata address',
    );
  });
  it('leaves other names to the DNS check, and honours the allow-list', () => {
    expect(refusedHostReason('hooks.example.com', strict)).toBeUndefined();
    expect(
      refusedHostReason('metadata.google.internal', {
        allowPrivate: false,
        allow: ['metadata.google.internal'],
      }),
    ).toBeUndefined();
  });
});
