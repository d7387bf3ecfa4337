import net from 'node:net';

/**
 * Outgoing-connection guard (SSRF): what a server-side fetch of a user-supplied URL, such as the
 * website checks' link checker, may connect to. The URLs come from published items, which staff (and
 * imports) write: a link to http://169.254.169.254/ or http://10.0.0.5/admin must not make the server
 * probe its own network (SSRF). So every address a request would go to — the literal in the URL or
 * each address its name resolves to, on every redirect hop — is classified here, and anything
 * loopback, private, link-local, CGNAT, unique-local, multicast, reserved or unspecified is refused
 * unless an operator allowed it (LINK_CHECK_ALLOW, for an intranet site or for tests). Pure.
 */

/** Ranges no link check may reach (RFC 6890 special-purpose registries, the ones that are not the public Internet). */
const BLOCKED_V4: readonly [string, number][] = [
  ['0.0.0.0', 8], // "this network", incl. the unspecified 0.0.0.0
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, incl. cloud metadata 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, incl. broadcast
];
const BLOCKED_V6: readonly [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routable inside some networks)
  ['ff00::', 8], // multicast
];

const blocked = new net.BlockList();
for (const [address, prefix] of BLOCKED_V4) blocked.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of BLOCKED_V6) blocked.addSubnet(address, prefix, 'ipv6');

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) IPv6 address. */
function embeddedV4(address: string): string | null {
  const lower = address.toLowerCase();
  for (const prefix of ['::ffff:', '64:ff9b::']) {
    if (!lower.startsWith(prefix)) continue;
    const rest = lower.slice(prefix.length);
    if (net.isIPv4(rest)) return rest;
    const m = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(rest);
    if (m) {
      const hi = parseInt(m[1]!, 16);
      const lo = parseInt(m[2]!, 16);
      return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
    }
  }
  return null;
}

/** Strips the brackets of an IPv6 URL host (`[::1]`) and a zone index (`fe80::1%eth0`). */
export function bareHost(host: string): string {
  const unbracketed = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const zone = unbracketed.indexOf('%');
  return zone >= 0 && net.isIPv6(unbracketed.slice(0, zone)) ? unbracketed.slice(0, zone) : unbracketed;
}

/** True for an address the link checker must never connect to (unless allowed). Non-addresses are refused too. */
export function isInternalAddress(address: string): boolean {
  const ip = bareHost(address);
  if (net.isIPv4(ip)) return blocked.check(ip, 'ipv4');
  if (!net.isIPv6(ip)) return true;
  const v4 = embeddedV4(ip);
  if (v4 !== null) return blocked.check(v4, 'ipv4');
  return blocked.check(ip, 'ipv6');
}

/**
 * The operator's allow-list (LINK_CHECK_ALLOW): host names (exact, case-insensitive), IP addresses and
 * CIDR ranges. Default empty: nothing internal is ever checked.
 */
export interface LinkAllowList {
  hosts: ReadonlySet<string>;
  addresses: net.BlockList;
  isEmpty: boolean;
}

export type AllowEntryProblem = { entry: string; reason: string };

/** Parses `127.0.0.1, 10.20.0.0/16, intranet.example.gov.cn`; returns the list or the bad entries. */
export function parseAllowList(entries: readonly string[]): {
  allow: LinkAllowList;
  problems: AllowEntryProblem[];
} {
  const hosts = new Set<string>();
  const addresses = new net.BlockList();
  const problems: AllowEntryProblem[] = [];
  let count = 0;
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    const slash = entry.indexOf('/');
    if (slash >= 0) {
      const ip = entry.slice(0, slash);
      const prefix = Number(entry.slice(slash + 1));
      const type = net.isIPv4(ip) ? 'ipv4' : net.isIPv6(ip) ? 'ipv6' : null;
      const max = type === 'ipv4' ? 32 : 128;
      if (
        !type ||
        !Number.isInteger(prefix) ||
        prefix < 0 ||
        prefix > max ||
        !/^\d+$/.test(entry.slice(slash + 1))
      ) {
        problems.push({ entry, reason: 'not a CIDR range such as 10.20.0.0/16' });
        continue;
      }
      addresses.addSubnet(ip, prefix, type);
    } else if (net.isIPv4(entry)) {
      addresses.addAddress(entry, 'ipv4');
    } else if (net.isIPv6(bareHost(entry))) {
      addresses.addAddress(bareHost(entry), 'ipv6');
    } else if (
      /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(
        entry,
      )
    ) {
      hosts.add(entry.toLowerCase());
    } else {
      problems.push({ entry, reason: 'not a host name, an IP address or a CIDR range' });
      continue;
    }
    count++;
  }
  return { allow: { hosts, addresses, isEmpty: count === 0 }, problems };
}

export const EMPTY_ALLOW_LIST: LinkAllowList = parseAllowList([]).allow;

function isAllowedAddress(address: string, allow: LinkAllowList): boolean {
  const ip = bareHost(address);
  if (net.isIPv4(ip)) return allow.addresses.check(ip, 'ipv4');
  if (!net.isIPv6(ip)) return false;
  const v4 = embeddedV4(ip);
  return v4 !== null ? allow.addresses.check(v4, 'ipv4') : allow.addresses.check(ip, 'ipv6');
}

/**
 * Whether a connection to `address` (one the URL's `host` names or resolves to) may be made: public
 * addresses always; an internal one only when the host name or the address is on the allow-list.
 */
export function mayConnect(host: string, address: string, allow: LinkAllowList): boolean {
  if (!isInternalAddress(address)) return true;
  if (allow.isEmpty) return false;
  return allow.hosts.has(bareHost(host).toLowerCase()) || isAllowedAddress(address, allow);
}
