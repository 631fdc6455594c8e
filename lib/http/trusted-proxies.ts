// POSTURE_TRUSTED_PROXIES, parsed without reading the environment: lib/config/env.ts validates the
// variable at start with this parser, and lib/http/client-address.ts uses the list.
import { BlockList, isIP } from "node:net";

/** Parses "10.0.0.0/8, 192.168.1.7, fd00::/8" into a BlockList; throws naming the entry it cannot read. */
export function parseTrustedProxies(spec: string | undefined): BlockList {
  const list = new BlockList();
  for (const raw of (spec ?? "").split(/[\s,]+/)) {
    const entry = raw.trim();
    if (!entry) continue;
    const [addr, prefix, extra] = entry.split("/");
    const family = isIP(addr);
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
    if (
      !family ||
      extra !== undefined ||
      (prefix !== undefined && !/^\d+$/.test(prefix)) ||
      bits > (family === 6 ? 128 : 32)
    ) {
      throw new Error(`POSTURE_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    }
    list.addSubnet(addr, bits, family === 6 ? "ipv6" : "ipv4");
  }
  return list;
}
