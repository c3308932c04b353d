import { BlockList, isIP } from 'node:net';

/**
 * Where webhooks may not go: link-local and cloud metadata addresses (SSRF into the host's
 * credentials). Loopback and private networks are allowed: receivers such as Alertmanager usually
 * live there. `allowPrivate` lifts the refusal; `allow` lists hosts, addresses or CIDRs let through.
 */
export interface AddressPolicy {
  allowPrivate: boolean;
  allow: readonly string[];
}

export const DEFAULT_ADDRESS_POLICY: AddressPolicy = { allowPrivate: false, allow: [] };

const REFUSED_HOSTS = new Set(['metadata.google.internal', 'metadata.goog']);

const refused = new BlockList();
refused.addSubnet('169.254.0.0', 16, 'ipv4'); // IPv4 link-local, incl. 169.254.169.254 (AWS, Azure, GCP…)
refused.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata
refused.addSubnet('fe80::', 10, 'ipv6'); // IPv6 link-local
refused.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6

/** `[::1]` → `::1`; host names lower-cased, without a trailing dot. */
export function normalizeHost(hostname: string): string {
  return hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
}

function allowList(policy: AddressPolicy): { hosts: Set<string>; addresses: BlockList } {
  const hosts = new Set<string>();
  const addresses = new BlockList();
  for (const entry of policy.allow) {
    const [address, prefix] = entry.trim().split('/');
    const family = isIP(address ?? '');
    if (family === 0) hosts.add(normalizeHost(entry.trim()));
    else if (prefix === undefined) addresses.addAddress(address!, family === 4 ? 'ipv4' : 'ipv6');
    else addresses.addSubnet(address!, Number(prefix), family === 4 ? 'ipv4' : 'ipv6');
  }
  return { hosts, addresses };
}

/** Why a resolved IP address may not receive webhooks, or undefined when it may. */
export function refusedAddressReason(address: string, policy: AddressPolicy): string | undefined {
  if (policy.allowPrivate) return undefined;
  const ip = normalizeHost(address);
  const family = isIP(ip);
  if (family === 0) return `'${address}' is not an IP address`;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (!refused.check(ip, type)) return undefined;
  if (allowList(policy).addresses.check(ip, type)) return undefined;
  return `${ip} is a link-local or cloud metadata address`;
}

/**
 * Why a URL's host may not receive webhooks, judged without DNS (literal addresses and known
 * metadata names); delivery checks the resolved addresses again.
 */
export function refusedHostReason(hostname: string, policy: AddressPolicy): string | undefined {
  if (policy.allowPrivate) return undefined;
  const host = normalizeHost(hostname);
  if (allowList(policy).hosts.has(host)) return undefined;
  if (isIP(host) !== 0) return refusedAddressReason(host, policy);
  if (REFUSED_HOSTS.has(host)) return `${host} is a cloud metadata host`;
  return undefined;
}

/** Whether the host name itself is allow-listed (then its resolved addresses are not checked). */
export function isAllowListedHost(hostname: string, policy: AddressPolicy): boolean {
  return allowList(policy).hosts.has(normalizeHost(hostname));
}
