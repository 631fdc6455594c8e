// The address of the client behind a request. Anyone can send X-Forwarded-For, so it is believed only
// hop by hop from the connection's own peer: while the hop we are looking at is a configured proxy
// (POSTURE_TRUSTED_PROXIES), the next address to the left is the one that proxy saw. The peer itself is
// stamped on every request by the web server (scripts/web.mjs) in PEER_HEADER, overwriting whatever the
// client sent under that name.
import { type BlockList, isIP } from "node:net";
import { env } from "@/lib/config/env";
import { parseTrustedProxies } from "./trusted-proxies";

export const PEER_HEADER = "x-posture-peer";
/** Set by the sign-in route from clientAddress(), and the only header Better Auth reads an address from. */
export const CLIENT_HEADER = "x-posture-client";
/** When the peer is unknown (not served by scripts/web.mjs), every such request shares one bucket. */
export const UNKNOWN_ADDRESS = "0.0.0.0";

/** "::ffff:10.1.2.3" → "10.1.2.3"; "[::1]" → "::1"; anything that is not an address → null. */
export function normalizeAddress(value: string | null | undefined): string | null {
  if (!value) return null;
  let v = value.trim();
  if (v.startsWith("[") && v.includes("]")) v = v.slice(1, v.indexOf("]"));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(v);
  if (mapped) v = mapped[1];
  return isIP(v) ? v.toLowerCase() : null;
}

function isTrusted(list: BlockList, addr: string): boolean {
  return list.check(addr, isIP(addr) === 6 ? "ipv6" : "ipv4");
}

/**
 * The client's address: the peer, unless the peer is a trusted proxy, in which case the right-most
 * X-Forwarded-For entry that is not itself a trusted proxy. A malformed entry stops the walk at the last
 * trusted hop (that proxy's own address), so garbage in the header never becomes an address.
 */
export function resolveClientAddress(
  peer: string | null | undefined,
  forwardedFor: string | null | undefined,
  trusted: BlockList,
): string {
  let current = normalizeAddress(peer);
  if (!current) return UNKNOWN_ADDRESS;
  const hops = (forwardedFor ?? "").split(",").map((h) => h.trim());
  while (isTrusted(trusted, current) && hops.length) {
    const next = normalizeAddress(hops.pop());
    if (!next) break;
    current = next;
  }
  return current;
}

const cache: { spec?: string; list?: BlockList } = {};
function trustedProxies(): BlockList {
  const spec = env().POSTURE_TRUSTED_PROXIES ?? "";
  if (cache.spec !== spec || !cache.list) {
    cache.list = parseTrustedProxies(spec);
    cache.spec = spec;
  }
  return cache.list;
}

export function clientAddress(headers: Headers): string {
  return resolveClientAddress(headers.get(PEER_HEADER), headers.get("x-forwarded-for"), trustedProxies());
}
