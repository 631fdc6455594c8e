import "server-only";
import { promises as dns } from "node:dns";
import http from "node:http";
import https from "node:https";
import net, { BlockList } from "node:net";
import tls from "node:tls";

// Every outbound connection the server makes on a user's behalf (pull connectors, TLS scans, notification
// channels) goes through this module, because a configured URL is an SSRF channel: it can point at the
// cloud metadata service, at internal admin ports, or at a host whose DNS answer changes between a check
// and the connection. The rules:
//
// - Link-local (169.254.0.0/16, fe80::/10) and cloud metadata addresses (169.254.169.254,
//   fd00:ec2::254, 100.100.100.200, metadata.google.internal…) are always refused; so are unspecified,
//   multicast and reserved addresses. No legitimate Posture target lives there.
// - Loopback and private ranges are allowed by default: an in-cluster Prometheus or API server lives
//   on 10/8, 172.16/12, 192.168/16 or fd00::/8, and refusing them would break the main use.
// - POSTURE_OUTBOUND_ALLOW (comma/space separated host names, `*.suffix` wildcards, IPs and CIDRs), when
//   set, is the complete list of permitted targets.
// - The host is resolved once, every address it resolves to is checked, and the connection goes to the
//   checked address (no second lookup, so no DNS-rebinding gap). TLS still verifies the host name.
// - Errors carry a fixed description (and the HTTP status), never the peer's bytes, so a connector
//   cannot be used to read a response back; redirects to another host are not followed.

export type OutboundReason =
  | "forbidden-address"
  | "not-allowed"
  | "bad-config"
  | "dns"
  | "connect"
  | "tls"
  | "redirect"
  | "too-large";

const DESCRIPTION: Record<OutboundReason, string> = {
  "forbidden-address": "refused: link-local or cloud metadata address",
  "not-allowed": "refused: not in POSTURE_OUTBOUND_ALLOW",
  "bad-config": "refused: POSTURE_OUTBOUND_ALLOW is not valid",
  dns: "the host name does not resolve",
  connect: "no answer (connection refused, unreachable, timed out or not the expected protocol)",
  tls: "TLS: the server's certificate is not trusted",
  redirect: "redirected to another host (not followed)",
  "too-large": "the response is too large",
};

/** An outbound request that failed; `message` is safe to store and show (it holds no peer bytes). */
export class OutboundError extends Error {
  constructor(
    readonly reason: OutboundReason,
    /** A fixed token that refines the reason (e.g. a TLS error code); never text from the peer. */
    readonly code?: string,
  ) {
    super(code ? `${DESCRIPTION[reason]} (${code})` : DESCRIPTION[reason]);
    this.name = "OutboundError";
  }
}

// ---- addresses ----

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
const FORBIDDEN_NAMES = new Set([
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
function embeddedIpv4(a: string): string | null {
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

// ---- POSTURE_OUTBOUND_ALLOW ----

export interface AllowList {
  names: Set<string>;
  suffixes: string[];
  addresses: BlockList;
}

const normalHost = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");

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

let memo: { raw: string; list: AllowList } | null = null;

/** The allow list in force (null: no list, every address that is not forbidden is allowed). */
export function allowList(): AllowList | null {
  const raw = process.env.POSTURE_OUTBOUND_ALLOW?.trim() ?? "";
  if (!raw) return null;
  if (memo?.raw !== raw) memo = { raw, list: parseAllowList(raw) };
  return memo.list;
}

function addressAllowed(list: AllowList, address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return list.addresses.check(address, "ipv4");
  const v4 = embeddedIpv4(address);
  if (v4 && list.addresses.check(v4, "ipv4")) return true;
  return list.addresses.check(address.split("%")[0], "ipv6");
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
function pinnedLookup(c: CheckedAddress): net.LookupFunction {
  return ((_host: string, opts: { all?: boolean } | undefined, cb: (...a: unknown[]) => void) => {
    if (opts?.all) cb(null, [{ address: c.address, family: c.family }]);
    else cb(null, c.address, c.family);
  }) as unknown as net.LookupFunction;
}

const TLS_TRUST_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_REVOKED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** Maps a socket/TLS error to the fixed vocabulary (a TLS trust failure keeps Node's error code). */
function asOutboundError(e: unknown): OutboundError {
  if (e instanceof OutboundError) return e;
  const code = (e as { code?: unknown })?.code;
  if (typeof code === "string" && TLS_TRUST_CODES.has(code)) return new OutboundError("tls", code);
  return new OutboundError("connect");
}

// ---- checked fetch ----

export interface CheckedFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Whole request, connection to last byte. */
  timeoutMs: number;
  /** PEM CA bundle to trust instead of the system's (https only). */
  ca?: string;
  /** Largest body read (default 64 MiB). */
  maxBytes?: number;
  /** Redirects to the same scheme, host and port that are followed (default 3). */
  maxRedirects?: number;
  /** DNS resolver (tests). */
  resolve?: Resolver;
}

export interface CheckedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered (after same-host redirects). */
  url: URL;
  ok: boolean;
}

const REDIRECT = new Set([301, 302, 303, 307, 308]);

function once(
  url: URL,
  target: CheckedAddress,
  init: CheckedFetchInit,
  method: string,
  deadline: number,
): Promise<CheckedResponse> {
  const maxBytes = init.maxBytes ?? 64 * 1024 * 1024;
  const mod = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const fail = (e: unknown) => {
      clearTimeout(timer);
      reject(asOutboundError(e));
    };
    const req = mod.request(
      url,
      {
        method,
        headers: init.headers,
        lookup: pinnedLookup(target),
        agent: false,
        ...(url.protocol === "https:" && init.ca ? { ca: init.ca } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) {
            req.destroy(new OutboundError("too-large", `over ${maxBytes} bytes`));
            return;
          }
          chunks.push(c);
        });
        res.on("end", () => {
          clearTimeout(timer);
          const status = res.statusCode ?? 0;
          resolve({
            status,
            headers: res.headers,
            body: Buffer.concat(chunks),
            url,
            ok: status >= 200 && status < 300,
          });
        });
        res.on("error", fail);
      },
    );
    const timer = setTimeout(
      () => req.destroy(new OutboundError("connect", "timed out")),
      Math.max(0, deadline - Date.now()),
    );
    req.on("error", fail);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/**
 * fetch() for connectors: checks the target, connects to the checked address, follows redirects only
 * within the same scheme, host and port, caps time and size. Non-2xx answers are returned (callers
 * report them with `httpError`); every failure is an OutboundError with a fixed description.
 */
export async function checkedFetch(input: string | URL, init: CheckedFetchInit): Promise<CheckedResponse> {
  let url = new URL(input);
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new OutboundError("connect", "not http(s)");
  const deadline = Date.now() + init.timeoutMs;
  let method = init.method ?? "GET";
  const origin = url.origin;
  for (let hop = 0; ; hop++) {
    const target = await resolveChecked(url.hostname, init.resolve);
    const res = await once(
      url,
      target,
      { ...init, body: method === "GET" ? undefined : init.body },
      method,
      deadline,
    );
    const location = res.headers.location;
    if (!REDIRECT.has(res.status) || !location) return res;
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new OutboundError("redirect");
    }
    if (next.origin !== origin) throw new OutboundError("redirect");
    if (hop >= (init.maxRedirects ?? 3)) throw new OutboundError("redirect", "too many redirects");
    if (res.status === 303) method = "GET";
    url = next;
  }
}

/** "HTTP 404 Not Found": the status and its standard reason phrase, never the body. */
export function httpError(status: number): string {
  return `HTTP ${status} ${http.STATUS_CODES[status] ?? ""}`.trim();
}

// ---- checked socket connect ----

export interface CheckedConnectOptions {
  timeoutMs: number;
  /** Connect with TLS (the options other than host/port/lookup, e.g. servername, rejectUnauthorized). */
  tls?: tls.ConnectionOptions;
  resolve?: Resolver;
}

/**
 * A TCP (or TLS) connection to host:port after the same checks as checkedFetch; resolves once the
 * connection (or the TLS handshake) is up. Failures are OutboundErrors whose text does not tell a
 * closed port from a filtered one or from an open port that does not speak TLS.
 */
export async function checkedConnect(
  host: string,
  port: number,
  opts: CheckedConnectOptions,
): Promise<net.Socket | tls.TLSSocket> {
  const target = await resolveChecked(host, opts.resolve);
  return new Promise((resolve, reject) => {
    const socket = opts.tls
      ? tls.connect({ ...opts.tls, host: target.address, port })
      : net.connect({ host: target.address, port });
    const timer = setTimeout(() => socket.destroy(new OutboundError("connect")), opts.timeoutMs);
    socket.once(opts.tls ? "secureConnect" : "connect", () => {
      clearTimeout(timer);
      socket.removeAllListeners("error");
      resolve(socket);
    });
    socket.once("error", (e) => {
      clearTimeout(timer);
      socket.destroy();
      reject(opts.tls ? new OutboundError("connect") : asOutboundError(e));
    });
  });
}
