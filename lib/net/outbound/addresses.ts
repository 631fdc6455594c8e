// Which addresses are never a target (link-local, cloud metadata, unspecified, multicast), in every
// spelling: IPv4-mapped, IPv4-compatible and NAT64 IPv6 are judged by the IPv4 address they carry.
import net, { BlockList } from "node:net";

const FORBIDDEN = new BlockList();
FORBIDDEN.addSubnet("0.0.0.0", 8, "ipv4"); // "this network": connects to the local host on Linux
FORBIDDEN.addSubnet("169.254.0.0", 16, "ipv4"); // link-local: AWS/GCP/Azure/OpenStack metadata, ECS task role
FORBIDDEN.addAddress("100.100.100.200", "ipv4"); // Alibaba Cloud metadata
FORBIDDEN.addSubnet("224.0.0.0", 4, "ipv4"); // multicast
FORBIDDEN.addSubnet("240.0.0.0", 4, "ipv4"); // reserved, broadcast
FORBIDDEN.addAddress("::", "ipv6");
FORBIDDEN.addSubnet("fe80::", 10, "ipv6"); // link-local
FORBIDDEN.addAddress("fd00:ec2::254", "ipv6"); // AWS metadata over IPv6
FORBIDDEN.addSubnet("ff00::", 8, "ipv6"); // multicast

/** Names of metadata services, refused before any lookup (they may resolve through a local resolver). */
export const FORBIDDEN_NAMES = new Set([
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
]);

/** The 8 groups of an IPv6 address (null when it is not one). */
function ipv6Groups(a: string): number[] | null {
  if (net.isIPv6(a) === false) return null;
  let s = a.toLowerCase().split("%")[0];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const p = v4[1].split(".").map(Number);
    s = `${s.slice(0, -v4[1].length)}${((p[0] << 8) | p[1]).toString(16)}:${((p[2] << 8) | p[3]).toString(16)}`;
  }
  const [head, tail] = s.includes("::") ? s.split("::") : [s, null];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const fill = tail === null ? [] : Array(8 - h.length - t.length).fill("0");
  const groups = [...h, ...fill, ...t].map((g) => Number.parseInt(g || "0", 16));
  return groups.length === 8 ? groups : null;
}

/**
 * The IPv4 address an IPv6 address carries (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d,
 * NAT64 64:ff9b::/96), so `[::ffff:169.254.169.254]` is judged as 169.254.169.254.
 */
export function embeddedIpv4(a: string): string | null {
  const g = ipv6Groups(a);
  if (!g) return null;
  const mapped = g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0);
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0);
  if (!mapped && !nat64) return null;
  if (mapped && g[5] === 0 && g[6] === 0) return null; // ::, ::1
  return [g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255].join(".");
}

/** Always refused, whatever POSTURE_OUTBOUND_ALLOW says. */
export function isForbiddenAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return FORBIDDEN.check(address, "ipv4");
  if (family !== 6) return true;
  const v4 = embeddedIpv4(address);
  if (v4) return FORBIDDEN.check(v4, "ipv4");
  return FORBIDDEN.check(address.split("%")[0], "ipv6");
}

/** A host as written in a URL or a list: lower case, no brackets, no trailing dot. */
export const normalHost = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
