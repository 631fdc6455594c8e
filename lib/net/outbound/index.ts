import "server-only";

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
//
// The module is split by concern: errors.ts (the fixed failure texts), addresses.ts (what is always
// refused), allow-list.ts (POSTURE_OUTBOUND_ALLOW), resolve.ts (resolve once, check, pin), fetch.ts and
// connect.ts (the two ways out). Callers import from here.

export { isForbiddenAddress } from "./addresses";
export { type AllowList, parseAllowList } from "./allow-list";
export { type CheckedConnectOptions, checkedConnect } from "./connect";
export { httpError, OutboundError, type OutboundReason } from "./errors";
export { type CheckedFetchInit, type CheckedResponse, checkedFetch } from "./fetch";
export { allowList, type CheckedAddress, type Resolver, resolveChecked, staticRefusal } from "./resolve";
