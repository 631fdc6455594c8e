// POSTURE_OUTBOUND_ALLOW: host names, `*.suffix` wildcards, IPs and CIDRs that are the only permitted
// targets when the list is set. Parsed here without reading the environment, so lib/config/env.ts can
// validate the variable at start with the same parser.
import net, { BlockList } from "node:net";
import { embeddedIpv4, normalHost } from "./addresses";
import { OutboundError } from "./errors";

export interface AllowList {
  names: Set<string>;
  suffixes: string[];
  addresses: BlockList;
}

/** Parses the allow list; throws OutboundError("bad-config") naming the first bad entry. */
export function parseAllowList(raw: string): AllowList {
  const out: AllowList = { names: new Set(), suffixes: [], addresses: new BlockList() };
  for (const entry of raw.split(/[\s,]+/).filter(Boolean)) {
    const e = normalHost(entry);
    const cidr = /^(.+)\/(\d{1,3})$/.exec(e);
    if (cidr) {
      const family = net.isIP(cidr[1]);
      const bits = Number(cidr[2]);
      if (!family || bits > (family === 4 ? 32 : 128)) throw new OutboundError("bad-config", entry);
      out.addresses.addSubnet(cidr[1], bits, family === 4 ? "ipv4" : "ipv6");
    } else if (net.isIP(e)) {
      out.addresses.addAddress(e, net.isIP(e) === 4 ? "ipv4" : "ipv6");
    } else if (/^\*\.[a-z0-9.-]+$/.test(e)) {
      out.suffixes.push(e.slice(1));
    } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(e)) {
      out.names.add(e);
    } else {
      throw new OutboundError("bad-config", entry);
    }
  }
  return out;
}

export function addressAllowed(list: AllowList, address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return list.addresses.check(address, "ipv4");
  const v4 = embeddedIpv4(address);
  if (v4 && list.addresses.check(v4, "ipv4")) return true;
  return list.addresses.check(address.split("%")[0], "ipv6");
}
