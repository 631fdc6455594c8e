// Checking a target: the host is resolved once, every address it resolves to is checked, and the
// connection is pinned to the checked address (no second lookup, so no DNS-rebinding gap).
import { promises as dns } from "node:dns";
import net from "node:net";
import { env } from "@/lib/config/env";
import { FORBIDDEN_NAMES, isForbiddenAddress, normalHost } from "./addresses";
import { type AllowList, addressAllowed, parseAllowList } from "./allow-list";
import { OutboundError } from "./errors";

let memo: { raw: string; list: AllowList } | null = null;

/** The allow list in force (null: no list, every address that is not forbidden is allowed). */
export function allowList(): AllowList | null {
  const raw = env().POSTURE_OUTBOUND_ALLOW?.trim() ?? "";
  if (!raw) return null;
  if (memo?.raw !== raw) memo = { raw, list: parseAllowList(raw) };
  return memo.list;
}

/**
 * The checks that need no DNS (a metadata host name, a literal address): for refusing a configuration
 * when it is saved. The connection itself is checked again, after resolving, by checkedFetch/Connect.
 */
export function staticRefusal(host: string): OutboundError | null {
  const h = normalHost(host);
  if (FORBIDDEN_NAMES.has(h)) return new OutboundError("forbidden-address");
  if (!net.isIP(h)) return null;
  if (isForbiddenAddress(h)) return new OutboundError("forbidden-address");
  const list = allowList();
  if (list && !addressAllowed(list, h)) return new OutboundError("not-allowed");
  return null;
}

export interface CheckedAddress {
  host: string;
  address: string;
  family: 4 | 6;
}

export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (host) => dns.lookup(host, { all: true, verbatim: true });

/**
 * Resolves `host` once and checks every address it resolves to against the rules above; returns the
 * address to connect to. Refuses when any address is forbidden (a name that also points at the
 * metadata service is not a safe target, whichever address a later connection would pick).
 */
export async function resolveChecked(
  host: string,
  resolve: Resolver = systemResolver,
): Promise<CheckedAddress> {
  const h = normalHost(host);
  if (!h) throw new OutboundError("dns");
  if (FORBIDDEN_NAMES.has(h)) throw new OutboundError("forbidden-address");
  const list = allowList();
  let addrs: { address: string; family: number }[];
  if (net.isIP(h)) addrs = [{ address: h, family: net.isIP(h) }];
  else {
    try {
      addrs = await resolve(h);
    } catch {
      throw new OutboundError("dns");
    }
  }
  if (!addrs.length) throw new OutboundError("dns");
  if (addrs.some((a) => isForbiddenAddress(a.address))) throw new OutboundError("forbidden-address");
  if (list) {
    const byName = list.names.has(h) || list.suffixes.some((s) => h.endsWith(s));
    if (!byName && !addrs.every((a) => addressAllowed(list, a.address)))
      throw new OutboundError("not-allowed");
  }
  const first = addrs[0];
  return { host: h, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** A `lookup` for node:net/http that always answers the checked address (no second DNS query). */
export function pinnedLookup(c: CheckedAddress): net.LookupFunction {
  return ((_host: string, opts: { all?: boolean } | undefined, cb: (...a: unknown[]) => void) => {
    if (opts?.all) cb(null, [{ address: c.address, family: c.family }]);
    else cb(null, c.address, c.family);
  }) as unknown as net.LookupFunction;
}
